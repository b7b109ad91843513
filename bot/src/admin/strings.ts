/** User-facing text of the admin tools (CLI), in one place for translation. */
export const strings = {
  importUsage: 'usage: dsguard inventory import <file> [--db <path>] [--domain <accepted domain>]...',
  listUsage: 'usage: dsguard inventory list [--json] [--db <path>] [--category <c>] [--status <s>] [--limit <n>]',
  readinessUsage: 'usage: dsguard readiness [--json | --csv] [--snapshot <file>] [--save-snapshot <file>] [--db <path>]',
  fileMissing: (file: string) => `cannot read ${file}: no such file`,
  noInventory: (db: string) => `no inventory at ${db} yet; run: dsguard inventory import <file>`,
  duplicate: (label: string, at: number) => `${label} was already imported on ${new Date(at).toISOString()}; nothing changed`,
  imported: (s: { rows: number; messages: number; sources: number; badRows: number; format: string; encoding: string; ms: number }) =>
    `imported ${s.rows.toLocaleString('en')} rows (${s.format}, ${s.encoding}) in ${(s.ms / 1000).toFixed(1)} s: ` +
    `${s.messages.toLocaleString('en')} Direct Send candidates from ${s.sources.toLocaleString('en')} sources` +
    (s.badRows ? `; ${s.badRows.toLocaleString('en')} bad rows skipped` : ''),
  badRow: (line: number, message: string) => `line ${line}: ${message}`,
  missingTenantConfig: (names: string[]) => `readiness without --snapshot needs ${names.join(', ')} in the environment`,
};
