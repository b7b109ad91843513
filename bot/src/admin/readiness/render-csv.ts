import type { ReadinessResult } from './evaluate-readiness.js';

export function csvField(value: string | number | boolean | undefined): string {
  const text = value === undefined ? '' : String(value);
  // A leading =, +, -, @ would be run as a formula by spreadsheet apps.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const READINESS_CSV_COLUMNS = [
  'source',
  'name',
  'ips',
  'senders',
  'status',
  'messages',
  'covered',
  'covered_by',
  'reason',
  'action',
  'powershell',
  'warning',
];

/** One row per Direct Send source with its coverage and the generated step (CRLF, as spreadsheets expect). */
export function renderReadinessCsv(result: ReadinessResult): string {
  const steps = new Map(result.plan.filter((s) => s.sourceKey).map((s) => [s.sourceKey!, s]));
  const rows = [READINESS_CSV_COLUMNS.join(',')];
  for (const source of result.sources) {
    const step = steps.get(source.key);
    rows.push(
      [
        source.key,
        source.name,
        source.ips.join(' '),
        source.senders.join(' '),
        source.status,
        source.messages,
        source.covered,
        source.coveredBy ? `${source.coveredBy.connector} (${source.coveredBy.by})` : '',
        source.reason,
        step?.title,
        step?.powershell,
        step?.warning,
      ]
        .map(csvField)
        .join(','),
    );
  }
  return `${rows.join('\r\n')}\r\n`;
}
