// The packaging variables: which ones an env file must set, which have defaults, which are computed,
// and the checks each value must pass before it goes into a manifest.
import { placeholderNames, substitute } from './placeholders.mjs';

/** Must be set in env/.env.<name> or env/.env.<name>.user. */
export const REQUIRED = ['TEAMS_APP_ID', 'BOT_ID', 'ADDIN_ID', 'PUBLIC_URL', 'APP_NAME_SUFFIX'];
/** Set but empty counts as missing, except for these. */
const MAY_BE_EMPTY = new Set(['APP_NAME_SUFFIX']);
const UUIDS = ['TEAMS_APP_ID', 'BOT_ID', 'ADDIN_ID', 'ENTRA_CLIENT_ID'];
/** Computed by the build from other variables; never read from env files. Value: the variable it comes from. */
export const DERIVED = { PUBLIC_DOMAIN: 'PUBLIC_URL', APP_VERSION_XML: 'APP_VERSION' };
/** Optional, with the default used when unset (a function of the other values). */
export const OPTIONAL = {
  APP_VERSION: (values, defaults) => defaults.version,
  DEVELOPER_NAME: () => 'Direct Send Guard',
  WEBSITE_URL: (values) => (values.has('PUBLIC_URL') ? `${values.get('PUBLIC_URL')}/` : undefined),
  PRIVACY_URL: (values) => values.get('WEBSITE_URL'),
  TERMS_URL: (values) => values.get('WEBSITE_URL'),
  // The Entra app behind the Teams tab's single sign-on (webApplicationInfo). The same variable the server validates
  // tokens with; env/.env.local leaves it unset (setting it there would switch the server out of local mode), so
  // local packages carry the nil UUID and the tab calls the local server without a token.
  ENTRA_CLIENT_ID: () => NIL_UUID,
};

// RFC 4122: versions 1-5, variant bits 10xx; or the nil UUID (RFC 4122 section 4.1.7).
const RFC4122 = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const NIL_UUID = '00000000-0000-0000-0000-000000000000';
/** The nil UUID means "not registered yet": env/.env.local sets BOT_ID to it and leaves ENTRA_CLIENT_ID unset. */
const NIL_ALLOWED = new Set(['BOT_ID', 'ENTRA_CLIENT_ID']);
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;

/** Returns the https origin of `raw`, or an error message. */
function parsePublicUrl(raw) {
  let url;
  try {
    url = new URL(raw);
  } catch {
    return { error: `PUBLIC_URL must be an https URL such as https://localhost:3000 (got "${raw}")` };
  }
  if (url.protocol !== 'https:')
    return { error: `PUBLIC_URL must use https: Outlook and Teams load only https pages (got "${raw}")` };
  if (url.username || url.password || url.search || url.hash || (url.pathname !== '/' && url.pathname !== '')) {
    return { error: `PUBLIC_URL must be an origin only, without path, query or credentials (got "${raw}")` };
  }
  return { origin: url.origin, host: url.host };
}

/** Expands `${{NAME}}` references inside values (the env files may use them); returns names that are never set. */
function expandReferences(values) {
  const unresolved = new Set();
  for (let round = 0; round < 10; round += 1) {
    let changed = false;
    for (const [name, value] of values) {
      if (!placeholderNames(value).length) continue;
      const expanded = substitute(value, values, (v) => v);
      expanded.missing.forEach((n) => unresolved.add(n));
      if (expanded.text !== value) {
        values.set(name, expanded.text);
        changed = true;
      }
    }
    if (!changed) break;
  }
  // Whatever still holds a reference after the rounds refers to a missing name or to itself.
  for (const [name, value] of values) {
    if (placeholderNames(value).length) {
      placeholderNames(value).forEach((n) => unresolved.add(n));
      values.delete(name);
    }
  }
  return [...unresolved];
}

function absentOrEmpty(name, value) {
  return value === undefined || (value === '' && !MAY_BE_EMPTY.has(name));
}

/**
 * Merges the env files' values (later maps win), applies defaults, computes the derived variables and checks
 * every value. Returns `values` (only valid values), `missing` (required or referenced names without a value),
 * `invalid` (names whose value was rejected), `problems` (one sentence per rejected value) and `warnings`.
 */
export function resolveVariables(fileMaps, defaults) {
  const values = new Map();
  for (const map of fileMaps) {
    for (const [name, value] of map) {
      if (name in DERIVED) continue;
      values.set(name, value);
    }
  }
  const unresolved = expandReferences(values);
  for (const [name, value] of [...values]) if (absentOrEmpty(name, value)) values.delete(name);

  const missing = [...new Set([...REQUIRED.filter((name) => !values.has(name)), ...unresolved])];
  const problems = [];
  const warnings = [];
  const invalid = new Set();
  const reject = (name, problem) => {
    problems.push(problem);
    invalid.add(name);
    values.delete(name);
  };

  for (const name of UUIDS) {
    const value = values.get(name);
    if (value === NIL_UUID && NIL_ALLOWED.has(name)) {
      if (name === 'BOT_ID')
        warnings.push(
          `${name} is the nil UUID: the package is valid, but its bot and message action work only once ${name} is a real bot registration`,
        );
    } else if (value !== undefined && !RFC4122.test(value)) {
      reject(name, `${name} must be an RFC 4122 UUID such as 3f2b8c1e-6d4a-4b7e-9c1d-2a5e7f9b0c3d (got "${value}")`);
    }
  }
  const teamsAppId = values.get('TEAMS_APP_ID');
  if (teamsAppId && teamsAppId.toLowerCase() === values.get('ADDIN_ID')?.toLowerCase()) {
    problems.push('ADDIN_ID must differ from TEAMS_APP_ID: it names the separate XML add-in that the Teams app hides');
  }

  const publicUrl = values.get('PUBLIC_URL');
  if (publicUrl !== undefined) {
    const parsed = parsePublicUrl(publicUrl);
    if (parsed.error) reject('PUBLIC_URL', parsed.error);
    else {
      values.set('PUBLIC_URL', parsed.origin);
      values.set('PUBLIC_DOMAIN', parsed.host);
    }
  }

  for (const [name, fallback] of Object.entries(OPTIONAL)) {
    if (values.has(name)) continue;
    const value = fallback(values, defaults);
    if (value !== undefined) values.set(name, value);
  }
  if (values.get('ENTRA_CLIENT_ID') === NIL_UUID) {
    warnings.push(
      'ENTRA_CLIENT_ID is not set: the Teams tab has no single sign-on and works only against a server in local mode',
    );
  }
  const version = values.get('APP_VERSION');
  if (version !== undefined) {
    if (SEMVER.test(version)) values.set('APP_VERSION_XML', `${version}.0`);
    else reject('APP_VERSION', `APP_VERSION must be a version such as 1.2.3 (got "${version}")`);
  }
  return { values, missing, invalid, problems, warnings };
}
