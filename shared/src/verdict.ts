import type { Hit, SignalInput } from './signals/index.js';
import { reasonText } from './strings.js';
import type { Reason, Severity, VerdictCode } from './types.js';

/** Score bands per verdict, so that the score never contradicts the verdict. */
const BANDS: Record<VerdictCode, [number, number]> = {
  spoof: [70, 100],
  suspicious: [40, 69],
  'direct-send': [5, 35],
  internal: [0, 10],
  connector: [0, 20],
  external: [0, 30],
  unknown: [0, 60],
};
const BASELINE = 30;
const SEVERITY_ORDER: Record<Severity, number> = { high: 0, medium: 1, low: 2, info: 3 };

function decide(input: SignalInput, fired: Set<string>): VerdictCode {
  const { route, facts } = input;
  const forged = fired.has('trust.forged-stamp');
  if (route === 'unknown') return forged ? 'suspicious' : 'unknown';
  if (route === 'internal') return forged ? 'suspicious' : 'internal';
  if (route === 'connector') return fired.has('connector.auth-fail') || forged ? 'suspicious' : 'connector';
  // Anonymous inbound from here on.
  if (!input.fromAccepted) return input.tenant.acceptedDomains.length || facts.fromDomain ? 'external' : 'unknown';

  const authPasses =
    facts.dmarc === 'pass' ||
    facts.dmarc === 'bestguesspass' ||
    facts.compauth === 'pass' ||
    facts.compauth === 'softpass' ||
    fired.has('auth.dkim-pass') ||
    (fired.has('auth.spf-pass') && facts.dmarc !== 'fail');
  const authFails =
    facts.compauth === 'fail' ||
    facts.dmarc === 'fail' ||
    (!authPasses && ['fail', 'softfail', 'none', 'neutral', 'permerror'].includes(facts.spf ?? '') && facts.dkim !== 'pass');

  if (fired.has('source.known-sender') && !forged) return 'direct-send';
  if (fired.has('source.known-address-unknown-ip')) return authPasses ? 'suspicious' : 'spoof';
  if (fired.has('list.mailing-list')) return 'suspicious';
  if (authPasses && !forged) return 'direct-send';
  if (input.viaGateway || fired.has('source.gateway-routing')) return 'suspicious';
  if (forged || authFails) return 'spoof';
  return 'suspicious';
}

function toReason(hit: Hit): Reason {
  const reason: Reason = { id: hit.id, severity: hit.severity, summary: reasonText(hit.id, hit.params ?? {}) };
  if (hit.evidence) reason.evidence = hit.evidence;
  return reason;
}

export function buildVerdict(input: SignalInput, hits: Hit[]): { verdict: VerdictCode; score: number; reasons: Reason[] } {
  const fired = new Set(hits.map((h) => h.id));
  const verdict = decide(input, fired);
  const raw = hits.reduce((sum, hit) => sum + hit.weight, BASELINE);
  const [low, high] = BANDS[verdict];
  const score = Math.max(low, Math.min(high, Math.round(raw)));
  const ordered = hits
    .map((hit, order) => ({ hit, order }))
    .sort((a, b) => SEVERITY_ORDER[a.hit.severity] - SEVERITY_ORDER[b.hit.severity] || Math.abs(b.hit.weight) - Math.abs(a.hit.weight) || a.order - b.order)
    .map(({ hit }) => toReason(hit));
  return { verdict, score, reasons: ordered };
}
