import { decide, type Evidence, type PolicyRule } from './policy/rules.js';
import { BASELINE, SCORE_BANDS } from './policy/weights.js';
import type { Hit, SignalInput } from './signals/index.js';
import { reasonText } from './strings.js';
import type { Reason, Severity, VerdictCode } from './types.js';

const SEVERITY_ORDER: Record<Severity, number> = { high: 0, medium: 1, low: 2, info: 3 };
const LOCAL_FAILS = new Set(['fail', 'softfail', 'none', 'neutral', 'permerror']);

/** The header-independent evidence the policy reads, from what the signals found. */
export function evidenceOf(input: SignalInput, fired: Set<string>, authAvailable = true): Evidence {
  const { facts } = input;
  const exchangePass = facts.compauth === 'pass' || facts.compauth === 'softpass';
  // Exchange's own failure outranks the classifier's alignment guess; its own pass outranks everything.
  const exchangeFail = !exchangePass && (facts.compauth === 'fail' || facts.dmarc === 'fail');
  const dmarcPass = facts.dmarc === 'pass' || facts.dmarc === 'bestguesspass';
  const localPass = fired.has('auth.dkim-pass') || fired.has('auth.spf-pass');
  const authPasses = exchangePass || (!exchangeFail && (dmarcPass || localPass));
  const authFails = exchangeFail || (!authPasses && LOCAL_FAILS.has(facts.spf ?? '') && facts.dkim !== 'pass');
  return {
    route: input.route,
    fromKnown: !!facts.fromDomain,
    fromAccepted: input.fromAccepted,
    domainsKnown: input.tenant.acceptedDomains.length > 0,
    forged: fired.has('trust.forged-stamp'),
    authAvailable,
    exchangePass,
    exchangeFail,
    authPasses,
    authFails,
    knownSenderByIp: fired.has('source.known-sender'),
    knownAddressUnknownIp: fired.has('source.known-address-unknown-ip'),
    mailingList: fired.has('list.mailing-list'),
    viaGateway: input.viaGateway || fired.has('source.gateway-routing'),
    connectorAuthFail: fired.has('connector.auth-fail'),
  };
}

function toReason(hit: Hit): Reason {
  const reason: Reason = { id: hit.id, severity: hit.severity, summary: reasonText(hit.id, hit.params ?? {}) };
  if (hit.evidence) reason.evidence = hit.evidence;
  return reason;
}

export interface BuiltVerdict {
  verdict: VerdictCode;
  score: number;
  reasons: Reason[];
  rule: PolicyRule;
}

export function buildVerdict(input: SignalInput, hits: Hit[], authAvailable = true): BuiltVerdict {
  const fired = new Set(hits.map((h) => h.id));
  const rule = decide(evidenceOf(input, fired, authAvailable));
  const raw = hits.reduce((sum, hit) => sum + hit.weight, BASELINE);
  const [low, high] = SCORE_BANDS[rule.verdict];
  const score = Math.max(low, Math.min(high, Math.round(raw)));
  const reasons = hits
    .map((hit, order) => ({ hit, order }))
    .sort(
      (a, b) =>
        SEVERITY_ORDER[a.hit.severity] - SEVERITY_ORDER[b.hit.severity] ||
        Math.abs(b.hit.weight) - Math.abs(a.hit.weight) ||
        a.order - b.order,
    )
    .map(({ hit }) => toReason(hit));
  return { verdict: rule.verdict, score, reasons, rule };
}
