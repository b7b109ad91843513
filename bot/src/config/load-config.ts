import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { DEMO_ACCEPTED_DOMAINS, DEMO_DATABASE_FILE } from '../demo/demo-tenant.js';
import { configSchema, type RawConfig } from './config-schema.js';
import type { Config } from './config.js';
import { isLocalPublicUrl } from '../http/local-mode.js';
import { probeConfig } from './probe-config.js';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Agents Toolkit style: `${{VAR}}` in a value refers to another variable. */
function expandPlaceholders(vars: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(vars)) {
    out[key] = value.replace(/\$\{\{ *([A-Za-z_][A-Za-z0-9_]*) *\}\}/g, (_m, name: string) => vars[name] ?? '');
  }
  return out;
}

function readEnvFile(file: string): Record<string, string> {
  return existsSync(file) ? parseDotenv(readFileSync(file, 'utf8')) : {};
}

/**
 * Layers `env/.env.local`, `env/.env.<DSGUARD_ENV>`, its `.user` secrets file and the process environment
 * (later wins), then validates once. Throws ConfigError naming every bad variable.
 */
export function loadConfig(envDir: string, processEnv: NodeJS.ProcessEnv = process.env): Config {
  const envName = processEnv.DSGUARD_ENV?.trim() || 'local';
  if (!/^[a-z0-9-]+$/.test(envName)) throw new ConfigError(`DSGUARD_ENV: must be a lower-case name, got "${envName}"`);
  const layered: Record<string, string> = {
    ...readEnvFile(path.join(envDir, '.env.local')),
    ...readEnvFile(path.join(envDir, '.env.local.user')),
    ...(envName === 'local' ? {} : readEnvFile(path.join(envDir, `.env.${envName}`))),
    ...(envName === 'local' ? {} : readEnvFile(path.join(envDir, `.env.${envName}.user`))),
  };
  for (const [k, v] of Object.entries(processEnv)) if (v !== undefined) layered[k] = v;
  // Agents Toolkit names the bot secret SECRET_BOT_PASSWORD in .env.<name>.user.
  if (!layered.BOT_PASSWORD && layered.SECRET_BOT_PASSWORD) layered.BOT_PASSWORD = layered.SECRET_BOT_PASSWORD;
  return configFromVariables(expandPlaceholders(layered), path.resolve(envDir, '..'));
}

/** Relative paths are resolved against `rootDir` (the repository root). */
export function configFromVariables(vars: Record<string, string | undefined>, rootDir = process.cwd()): Config {
  const parsed = configSchema.safeParse(vars);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(config)'}: ${i.message}`);
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  }
  return buildConfig(parsed.data, rootDir);
}

function requireTogether(raw: RawConfig, names: (keyof RawConfig)[], why: string): void {
  const set = names.filter((n) => raw[n] !== undefined);
  if (set.length > 0 && set.length < names.length) {
    const missing = names.filter((n) => raw[n] === undefined);
    throw new ConfigError(
      `invalid configuration: ${missing.join(', ')}: required when ${set.join(', ')} ${set.length > 1 ? 'are' : 'is'} set (${why})`,
    );
  }
}

function buildConfig(raw: RawConfig, rootDir: string): Config {
  requireTogether(raw, ['ENTRA_TENANT_ID', 'ENTRA_CLIENT_ID'], 'API token validation');
  requireTogether(
    raw,
    ['SENTINEL_ENDPOINT', 'SENTINEL_DCR_ID', 'SENTINEL_TENANT_ID', 'SENTINEL_CLIENT_ID', 'SENTINEL_CLIENT_SECRET'],
    'Sentinel alerts',
  );
  requireTogether(
    raw,
    ['DSGUARD_TENANT_ID', 'DSGUARD_CLIENT_ID', 'DSGUARD_CLIENT_SECRET', 'DSGUARD_TENANT_DOMAIN'],
    'tenant readiness',
  );
  if (raw.BOT_ID && !raw.BOT_PASSWORD)
    throw new ConfigError('invalid configuration: BOT_PASSWORD: required when BOT_ID is set');
  const dataDir = path.resolve(rootDir, raw.DATA_DIR);
  const config: Config = {
    env: raw.DSGUARD_ENV,
    port: raw.PORT,
    host: raw.HOST,
    https: !raw.DSGUARD_HTTP,
    logLevel: raw.LOG_LEVEL,
    storage: raw.DATABASE_URL
      ? { kind: 'postgres', url: raw.DATABASE_URL }
      : {
          kind: 'sqlite',
          path: raw.SQLITE_PATH ? path.resolve(rootDir, raw.SQLITE_PATH) : path.join(dataDir, 'dsguard.sqlite'),
        },
    bot: { appId: raw.BOT_ID, password: raw.BOT_PASSWORD, tenantId: raw.BOT_TENANT_ID },
    admins: {
      userIds: raw.ADMIN_USER_IDS.map((s) => s.toLowerCase()),
      groupIds: raw.ADMIN_GROUP_IDS.map((s) => s.toLowerCase()),
    },
    tenant: {
      acceptedDomains: raw.ACCEPTED_DOMAINS.map((d) => d.toLowerCase()),
      gatewayIps: raw.GATEWAY_IPS,
      knownSenders: raw.KNOWN_SENDERS,
      notifyDirectSend: raw.NOTIFY_DIRECT_SEND,
      tenantId: raw.ENTRA_TENANT_ID ?? raw.BOT_TENANT_ID,
    },
    alerts: {},
    graphUrl: raw.GRAPH_URL.replace(/\/+$/, ''),
    limits: {
      maxEmlBytes: raw.MAX_EML_BYTES,
      maxBodyBytes: raw.MAX_BODY_BYTES,
      downloadTimeoutMs: raw.DOWNLOAD_TIMEOUT_MS,
      maxTraceBytes: raw.MAX_TRACE_BYTES,
      traceImportTimeoutMs: raw.TRACE_IMPORT_TIMEOUT_MS,
    },
    quotas: {
      reportsPerHour: raw.RATE_LIMIT_REPORTS_PER_HOUR,
      classifyPerMinute: raw.RATE_LIMIT_CLASSIFY_PER_MINUTE,
      botActivitiesPerMinute: raw.RATE_LIMIT_BOT_PER_MINUTE,
      emlBytesPerUser: raw.MAX_EML_STORAGE_MB_PER_USER * 1024 * 1024,
      emlRetentionDays: raw.EML_RETENTION_DAYS,
    },
  };
  if (raw.DSGUARD_TENANT_ID && raw.DSGUARD_CLIENT_ID && raw.DSGUARD_CLIENT_SECRET && raw.DSGUARD_TENANT_DOMAIN) {
    config.adminTenant = {
      tenantId: raw.DSGUARD_TENANT_ID,
      clientId: raw.DSGUARD_CLIENT_ID,
      clientSecret: raw.DSGUARD_CLIENT_SECRET,
      tenantDomain: raw.DSGUARD_TENANT_DOMAIN.toLowerCase(),
      authorityHost: raw.ENTRA_AUTHORITY_HOST.replace(/\/+$/, ''),
      dnsServers: raw.DNS_SERVERS,
      ...(raw.EXCHANGE_ADMIN_URL ? { exchangeUrl: raw.EXCHANGE_ADMIN_URL.replace(/\/+$/, '') } : {}),
    };
  }
  if (raw.DSGUARD_DEMO) {
    // Demo data never meets a real database: the demo always runs on its own file, whatever storage is configured.
    config.demo = true;
    config.storage = { kind: 'sqlite', path: path.join(dataDir, DEMO_DATABASE_FILE) };
    config.tenant.acceptedDomains = [...DEMO_ACCEPTED_DOMAINS];
    delete config.adminTenant;
  }
  if (raw.PUBLIC_URL) config.publicUrl = raw.PUBLIC_URL.replace(/\/+$/, '');
  if (config.publicUrl && !raw.ENTRA_TENANT_ID && !raw.BOT_ID && !isLocalPublicUrl(config.publicUrl)) {
    // Nothing would authenticate the callers such a URL brings (a tunnel, a proxy): local mode serves this computer only.
    throw new ConfigError(
      `invalid configuration: PUBLIC_URL: ${config.publicUrl} is not this computer; without ENTRA_TENANT_ID/ENTRA_CLIENT_ID or BOT_ID the server runs in local mode, which serves localhost only`,
    );
  }
  if (raw.CERTS_DIR) config.certsDir = path.resolve(rootDir, raw.CERTS_DIR);
  if (raw.ADDIN_DIST) config.addinDist = path.resolve(rootDir, raw.ADDIN_DIST);
  if (raw.SECURITY_CHANNEL_ID) config.securityChannelId = raw.SECURITY_CHANNEL_ID;
  if (raw.ENTRA_TENANT_ID && raw.ENTRA_CLIENT_ID) {
    // Teams SSO (the personal tab) requires the Application ID URI api://<PUBLIC_URL host>/<client id>.
    const teamsSso = config.publicUrl ? [`api://${new URL(config.publicUrl).host}/${raw.ENTRA_CLIENT_ID}`] : [];
    const audiences = [raw.ENTRA_CLIENT_ID, `api://${raw.ENTRA_CLIENT_ID}`, ...teamsSso, ...raw.ENTRA_AUDIENCES];
    config.entra = {
      tenantId: raw.ENTRA_TENANT_ID.toLowerCase(),
      audiences: [...new Set(audiences)],
      authorityHost: raw.ENTRA_AUTHORITY_HOST.replace(/\/+$/, ''),
    };
  }
  if (raw.ALERT_WEBHOOK_URL) config.alerts.webhook = { url: raw.ALERT_WEBHOOK_URL, secret: raw.ALERT_WEBHOOK_SECRET };
  if (
    raw.SENTINEL_ENDPOINT &&
    raw.SENTINEL_DCR_ID &&
    raw.SENTINEL_TENANT_ID &&
    raw.SENTINEL_CLIENT_ID &&
    raw.SENTINEL_CLIENT_SECRET
  ) {
    config.alerts.sentinel = {
      endpoint: raw.SENTINEL_ENDPOINT.replace(/\/+$/, ''),
      dcrId: raw.SENTINEL_DCR_ID,
      stream: raw.SENTINEL_STREAM,
      tenantId: raw.SENTINEL_TENANT_ID,
      clientId: raw.SENTINEL_CLIENT_ID,
      clientSecret: raw.SENTINEL_CLIENT_SECRET,
      authorityHost: raw.ENTRA_AUTHORITY_HOST.replace(/\/+$/, ''),
    };
  }
  if (raw.SYSLOG_HOST)
    config.alerts.syslog = { host: raw.SYSLOG_HOST, port: raw.SYSLOG_PORT, protocol: raw.SYSLOG_PROTOCOL };
  if (raw.WATCH_SOURCES.length) {
    if (!config.adminTenant) {
      throw new ConfigError(
        'invalid configuration: WATCH_SOURCES: needs the app credentials DSGUARD_TENANT_ID, DSGUARD_CLIENT_ID, DSGUARD_CLIENT_SECRET, DSGUARD_TENANT_DOMAIN',
      );
    }
    if (!config.tenant.acceptedDomains.length)
      throw new ConfigError('invalid configuration: WATCH_SOURCES: needs ACCEPTED_DOMAINS (the domains to watch)');
    config.watch = {
      sources: [...new Set(raw.WATCH_SOURCES)],
      intervalMs: raw.WATCH_INTERVAL_S * 1000,
      tag: raw.WATCH_TAG,
    };
  } else if (raw.WATCH_TAG) {
    throw new ConfigError('invalid configuration: WATCH_TAG: needs WATCH_SOURCES (tags are put on watched messages)');
  }
  const probe = probeConfig(raw);
  if (typeof probe === 'string') throw new ConfigError(`invalid configuration: ${probe}`);
  if (probe) config.probe = probe;
  return config;
}
