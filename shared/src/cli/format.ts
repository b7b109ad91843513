import { VERDICT_ADVICE, VERDICT_HEADLINE, type Reason, type Verdict } from '../index.js';

const MARK: Record<Reason['severity'], string> = { high: '!!', medium: ' !', low: ' -', info: '  ' };
const COLOR: Record<Verdict['verdict'], string> = {
  spoof: '\x1b[1;31m',
  suspicious: '\x1b[1;33m',
  'direct-send': '\x1b[1;36m',
  internal: '\x1b[1;32m',
  connector: '\x1b[1;32m',
  external: '\x1b[1m',
  unknown: '\x1b[1m',
};
const RESET = '\x1b[0m';
const MAX_REASONS = 6;

function wrap(text: string, width: number, indent: string): string {
  const words = text.split(/\s+/);
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.join(`\n${indent}`);
}

const ALARMING: ReadonlySet<Verdict['verdict']> = new Set(['spoof', 'suspicious']);

/**
 * For a spoof, the warnings matter most. For a benign verdict the reasons that make it benign (authentication passed,
 * a known sender, an internal submission) are informational, and would otherwise be pushed out by the caveats.
 */
function reasonsToShow(verdict: Verdict): Reason[] {
  if (ALARMING.has(verdict.verdict)) {
    const warnings = verdict.reasons.filter((r) => r.severity !== 'info');
    return warnings.length ? warnings : verdict.reasons;
  }
  const supporting = verdict.reasons.filter((r) => r.severity === 'info' && !r.id.startsWith('context.'));
  return [...supporting, ...verdict.reasons.filter((r) => !supporting.includes(r))];
}

/** A short summary a new user understands: the verdict, the main reasons, what to do. */
export function formatHuman(file: string, verdict: Verdict, color: boolean): string {
  const headline = VERDICT_HEADLINE[verdict.verdict];
  const title = `${headline.toUpperCase()}  (spoof score ${verdict.score}/100)`;
  const out = [file, `  ${color ? COLOR[verdict.verdict] + title + RESET : title}`];
  const f = verdict.facts;
  const who = [f.fromAddress && `From ${f.fromAddress}`, f.connectingIp && `sent from ${f.connectingIp}`]
    .filter(Boolean)
    .join(', ');
  if (who) out.push(`  ${who}`);
  const top = reasonsToShow(verdict).slice(0, MAX_REASONS);
  if (top.length) {
    out.push('  Why:');
    for (const reason of top) out.push(`  ${MARK[reason.severity]} ${wrap(reason.summary, 96, '     ')}`);
    const more = verdict.reasons.length - top.length;
    if (more > 0) out.push(`     (${more} more detail${more === 1 ? '' : 's'} with --json)`);
  }
  out.push(`  What to do: ${wrap(VERDICT_ADVICE[verdict.verdict], 96, '              ')}`);
  return out.join('\n');
}
