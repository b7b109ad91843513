// `${{VAR}}` placeholders, as the Microsoft 365 Agents Toolkit writes them (spaces inside the braces allowed).

const PLACEHOLDER = /\$\{\{ *([A-Za-z_][A-Za-z0-9_]*) *\}\}/g;

/** Names of every placeholder in a template, in order of first appearance. */
export function placeholderNames(template) {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((match) => match[1]))];
}

/**
 * Replaces every placeholder with `escape(value)`. Returns the text and the names that had no value;
 * the text is only meaningful when `missing` is empty.
 */
export function substitute(template, values, escape) {
  const missing = new Set();
  const text = template.replace(PLACEHOLDER, (match, name) => {
    const value = values.get(name);
    if (value === undefined) {
      missing.add(name);
      return match;
    }
    return escape(value);
  });
  return { text, missing: [...missing] };
}

/** Escapes a value for use inside a JSON string literal. */
export const escapeJsonString = (value) => JSON.stringify(value).slice(1, -1);

/** Escapes a value for XML text or a double- or single-quoted attribute. */
export const escapeXml = (value) =>
  value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
