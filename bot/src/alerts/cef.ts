import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Report } from '../reports/report-types.js';
import type { IncidentAlert, IncidentEvent } from './incident-alert.js';

const escapeHeader = (s: string): string =>
  s
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/[\r\n]+/g, ' ');
// CEF encodes line breaks in values as \n or \r; a lone CR left raw would end the record for some collectors.
const escapeExtension = (s: string): string =>
  s
    .replace(/\\/g, '\\\\')
    .replace(/=/g, '\\=')
    .replace(/\r\n|\n/g, '\\n')
    .replace(/\r/g, '\\r');

/** The product version CEF lines carry: the version in the repository's package.json. */
export function productVersion(rootDir: string): string {
  const file = path.join(rootDir, 'package.json');
  const { version } = JSON.parse(readFileSync(file, 'utf8')) as { version?: unknown };
  if (typeof version !== 'string' || version === '') throw new Error(`${file} has no version`);
  return version;
}

const severity: Record<string, number> = {
  spoof: 9,
  suspicious: 6,
  'direct-send': 3,
  unknown: 3,
  external: 2,
  connector: 1,
  internal: 1,
};

/** One report as a CEF line (CEF:0|Vendor|Product|Version|SignatureID|Name|Severity|extensions). */
export function cefLine(report: Report, version: string): string {
  const f = report.verdict.facts;
  const ext: [string, string | number | undefined][] = [
    ['rt', Date.parse(report.createdAt)],
    ['externalId', report.id],
    ['act', report.status],
    ['src', f.connectingIp],
    ['suser', f.fromAddress],
    ['duser', f.toAddresses?.[0]],
    ['suid', report.reporterId],
    ['msg', report.subject],
    ['cs1Label', 'NetworkMessageId'],
    ['cs1', report.networkMessageId],
    ['cs2Label', 'SenderMailFromDomain'],
    ['cs2', f.mailFromDomain],
    ['cs3Label', 'Verdict'],
    ['cs3', report.verdict.verdict],
    ['cs4Label', 'Reasons'],
    ['cs4', report.verdict.reasons.map((r) => r.id).join(',')],
    ['cs5Label', 'MitreTechniques'],
    ['cs5', report.verdict.verdict === 'spoof' || report.verdict.verdict === 'suspicious' ? 'T1566,T1672' : undefined],
    ['cn1Label', 'Score'],
    ['cn1', report.verdict.score],
  ];
  const header = [
    'CEF:0',
    'Direct Send Guard',
    'Direct Send Guard',
    version,
    `dsguard-report-${report.verdict.verdict}`,
    `Reported message: ${report.verdict.verdict}`,
    String(severity[report.verdict.verdict] ?? 3),
  ];
  return cefOf(header, ext);
}

function cefOf(header: string[], ext: [string, string | number | undefined][]): string {
  const extensions = ext
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${escapeExtension(String(v))}`)
    .join(' ');
  return `${header.map((part, i) => (i === 0 ? part : escapeHeader(part))).join('|')}|${extensions}`;
}

/**
 * A watcher incident as a CEF line: spoof incidents at severity 9, trace candidates (suspicious) at 6. An update (the
 * incident grew) has its own signature id, `dsguard-watch-<verdict>-updated`, the same externalId and the counts now;
 * cn3 (Revision) orders the lines of one incident.
 */
export function cefIncidentLine(
  alert: IncidentAlert,
  version: string,
  event: IncidentEvent = 'watch.incident',
): string {
  const { incident } = alert;
  const f = incident.verdict.facts;
  const updated = event === 'watch.incident.updated';
  const ext: [string, string | number | undefined][] = [
    ['rt', updated ? incident.updatedAt : incident.createdAt],
    ['externalId', incident.id],
    ['act', incident.status],
    ['src', f.connectingIp],
    ['suser', f.fromAddress ?? incident.sender],
    ['msg', incident.subject],
    ['start', incident.firstSeen],
    ['end', incident.lastSeen],
    ['cnt', incident.messages],
    ['cs1Label', 'NetworkMessageIds'],
    ['cs1', alert.networkMessageIds.slice(0, 20).join(',')],
    ['cs2Label', 'SourceRange'],
    ['cs2', incident.sourceKey],
    ['cs3Label', 'Verdict'],
    ['cs3', incident.verdict.verdict],
    ['cs4Label', 'Reasons'],
    ['cs4', incident.verdict.reasons.map((r) => r.id).join(',')],
    ['cs5Label', 'MitreTechniques'],
    ['cs5', 'T1566,T1672'],
    ['cs6Label', 'WatchSource'],
    ['cs6', incident.origin],
    ['cn1Label', 'Score'],
    ['cn1', incident.verdict.score],
    ['cn2Label', 'Recipients'],
    ['cn2', incident.recipients],
    ['cn3Label', 'Revision'],
    ['cn3', incident.revision],
  ];
  const verdict = incident.verdict.verdict;
  const header = [
    'CEF:0',
    'Direct Send Guard',
    'Direct Send Guard',
    version,
    updated ? `dsguard-watch-${verdict}-updated` : `dsguard-watch-${verdict}`,
    updated ? `Watched incident grew: ${verdict}` : `Watched incident: ${verdict}`,
    String(severity[verdict] ?? 3),
  ];
  return cefOf(header, ext);
}
