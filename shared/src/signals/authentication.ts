import { describeCompauthReason } from '../fields/compauth.js';
import { sameOrganization } from '../net/domains.js';
import { weightOf } from '../policy/weights.js';
import type { Hit, Signal, SignalInput } from './types.js';
import { claimsInternal } from './types.js';

const evidence = (input: SignalInput, method: string): string | undefined => {
  const raw = input.authEvidence ?? input.facts.trustedAuthResults;
  if (!raw) return undefined;
  const match = new RegExp(`${method}=[^;]*`, 'i').exec(raw);
  return match ? match[0].trim() : raw;
};

export const missingAuthSignal: Signal = (input) =>
  input.route === 'anonymous-inbound' && !input.message.trustedAuth
    ? {
        id: 'auth.missing',
        severity: input.fromAccepted ? 'medium' : 'low',
        weight: weightOf('auth.missing', input.fromAccepted ? 'own-domain' : 'other'),
      }
    : null;

export const spfSignal: Signal = (input) => {
  const { spf, mailFromDomain, connectingIp } = input.facts;
  if (!spf || !claimsInternal(input)) return null;
  const params = { domain: mailFromDomain ?? 'the sender', ip: connectingIp ?? 'unknown' };
  const aligned = sameOrganization(mailFromDomain, input.facts.fromDomain);
  switch (spf) {
    case 'fail':
    case 'permerror':
      return {
        id: 'auth.spf-fail',
        severity: 'medium',
        weight: weightOf('auth.spf-fail', aligned ? 'aligned' : 'unaligned'),
        params,
        evidence: evidence(input, 'spf'),
      };
    case 'softfail':
      return {
        id: 'auth.spf-softfail',
        severity: 'medium',
        weight: weightOf('auth.spf-softfail', aligned ? 'aligned' : 'unaligned'),
        params,
        evidence: evidence(input, 'spf'),
      };
    case 'none':
    case 'neutral':
    case 'temperror':
      return {
        id: 'auth.spf-none',
        severity: 'low',
        weight: weightOf('auth.spf-none'),
        params,
        evidence: evidence(input, 'spf'),
      };
    case 'pass':
      return aligned
        ? {
            id: 'auth.spf-pass',
            severity: 'info',
            weight: weightOf('auth.spf-pass'),
            params,
            evidence: evidence(input, 'spf'),
          }
        : null;
    default:
      return null;
  }
};

export const dkimSignal: Signal = (input) => {
  const { dkim, dkimDomain, fromDomain } = input.facts;
  if (!claimsInternal(input) || !input.message.trustedAuth) return null;
  // A pass whose signing domain is not given (a mail-flow log) says nothing about alignment either way.
  if (dkim === 'pass' && !dkimDomain) return null;
  // Exchange's own DMARC failure outranks a local alignment guess: then no signature vouches for the From.
  const exchangeFailed = input.facts.dmarc === 'fail' || input.facts.compauth === 'fail';
  if (dkim === 'pass' && !exchangeFailed && sameOrganization(dkimDomain, fromDomain)) {
    return {
      id: 'auth.dkim-pass',
      severity: 'info',
      weight: weightOf('auth.dkim-pass'),
      params: { domain: dkimDomain ?? '' },
      evidence: evidence(input, 'dkim'),
    };
  }
  return {
    id: 'auth.dkim-missing',
    severity: 'low',
    weight: weightOf('auth.dkim-missing', dkim === 'fail' ? 'fail' : 'none'),
    evidence: evidence(input, 'dkim'),
  };
};

export const dmarcSignal: Signal = (input) => {
  const { dmarc, fromDomain } = input.facts;
  if (!dmarc || !claimsInternal(input)) return null;
  const params = { domain: fromDomain ?? '' };
  if (dmarc === 'fail')
    return {
      id: 'auth.dmarc-fail',
      severity: 'high',
      weight: weightOf('auth.dmarc-fail'),
      params,
      evidence: evidence(input, 'dmarc'),
    };
  if (dmarc === 'pass' || dmarc === 'bestguesspass')
    return {
      id: 'auth.dmarc-pass',
      severity: 'info',
      weight: weightOf('auth.dmarc-pass'),
      params,
      evidence: evidence(input, 'dmarc'),
    };
  return null;
};

export const compauthSignal: Signal = (input) => {
  const { compauth, compauthReason } = input.facts;
  if (!compauth || input.route !== 'anonymous-inbound') return null;
  const described = compauthReason ? describeCompauthReason(compauthReason) : undefined;
  const params = { reason: compauthReason ?? 'none given', meaning: described?.meaning ?? 'no reason given' };
  const hits: Hit[] = [];
  const ev = evidence(input, 'compauth');
  if (input.fromAccepted) {
    if (compauth === 'fail')
      hits.push({
        id: 'auth.compauth-fail',
        severity: 'high',
        weight: weightOf('auth.compauth-fail'),
        params,
        evidence: ev,
      });
    else if (compauth === 'pass' || compauth === 'softpass')
      hits.push({
        id: 'auth.compauth-pass',
        severity: 'info',
        weight: weightOf('auth.compauth-pass'),
        params,
        evidence: ev,
      });
    else if (compauthReason !== '905')
      hits.push({
        id: 'auth.compauth-none',
        severity: 'low',
        weight: weightOf('auth.compauth-none'),
        params,
        evidence: ev,
      });
  }
  if (described?.fromIsAcceptedDomain && input.fromAccepted && input.facts.fromDomain) {
    hits.push({
      id: 'compauth.accepted-domain',
      severity: 'medium',
      weight: weightOf('compauth.accepted-domain'),
      params: { domain: input.facts.fromDomain, reason: described.code },
      evidence: ev,
    });
  }
  return hits;
};

/** Through a partner connector (a gateway in front), yet Microsoft found the tenant's own From unauthenticated. */
export const connectorAuthFailSignal: Signal = (input) => {
  const { facts } = input;
  if (input.route !== 'connector' || !input.fromAccepted || facts.fromEntity?.toLowerCase() === 'hybridonprem')
    return null;
  const failed = facts.compauth === 'fail' || facts.dmarc === 'fail';
  if (!failed) return null;
  return {
    id: 'connector.auth-fail',
    severity: 'medium',
    weight: weightOf('connector.auth-fail'),
    params: { domain: facts.fromDomain ?? '' },
    evidence: evidence(input, facts.compauth === 'fail' ? 'compauth' : 'dmarc'),
  };
};
