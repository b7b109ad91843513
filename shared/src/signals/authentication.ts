import { describeCompauthReason } from '../fields/compauth.js';
import { sameOrganization } from '../net/domains.js';
import type { Hit, Signal, SignalInput } from './types.js';
import { claimsInternal } from './types.js';

const evidence = (input: SignalInput, method: string): string | undefined => {
  const raw = input.facts.trustedAuthResults;
  if (!raw) return undefined;
  const match = new RegExp(`${method}=[^;]*`, 'i').exec(raw);
  return match ? match[0].trim() : raw;
};

export const missingAuthSignal: Signal = (input) =>
  input.route === 'anonymous-inbound' && !input.message.trustedAuth
    ? { id: 'auth.missing', severity: input.fromAccepted ? 'medium' : 'low', weight: input.fromAccepted ? 10 : 0 }
    : null;

export const spfSignal: Signal = (input) => {
  const { spf, mailFromDomain, connectingIp } = input.facts;
  if (!spf || !claimsInternal(input)) return null;
  const params = { domain: mailFromDomain ?? 'the sender', ip: connectingIp ?? 'unknown' };
  const aligned = sameOrganization(mailFromDomain, input.facts.fromDomain);
  switch (spf) {
    case 'fail':
    case 'permerror':
      return { id: 'auth.spf-fail', severity: 'medium', weight: aligned ? 10 : 5, params, evidence: evidence(input, 'spf') };
    case 'softfail':
      return { id: 'auth.spf-softfail', severity: 'medium', weight: aligned ? 8 : 4, params, evidence: evidence(input, 'spf') };
    case 'none':
    case 'neutral':
    case 'temperror':
      return { id: 'auth.spf-none', severity: 'low', weight: 5, params, evidence: evidence(input, 'spf') };
    case 'pass':
      return aligned ? { id: 'auth.spf-pass', severity: 'info', weight: -15, params, evidence: evidence(input, 'spf') } : null;
    default:
      return null;
  }
};

export const dkimSignal: Signal = (input) => {
  const { dkim, dkimDomain, fromDomain } = input.facts;
  if (!claimsInternal(input) || !input.message.trustedAuth) return null;
  if (dkim === 'pass' && sameOrganization(dkimDomain, fromDomain)) {
    return { id: 'auth.dkim-pass', severity: 'info', weight: -20, params: { domain: dkimDomain ?? '' }, evidence: evidence(input, 'dkim') };
  }
  return { id: 'auth.dkim-missing', severity: 'low', weight: dkim === 'fail' ? 8 : 5, evidence: evidence(input, 'dkim') };
};

export const dmarcSignal: Signal = (input) => {
  const { dmarc, fromDomain } = input.facts;
  if (!dmarc || !claimsInternal(input)) return null;
  const params = { domain: fromDomain ?? '' };
  if (dmarc === 'fail') return { id: 'auth.dmarc-fail', severity: 'high', weight: 15, params, evidence: evidence(input, 'dmarc') };
  if (dmarc === 'pass' || dmarc === 'bestguesspass') return { id: 'auth.dmarc-pass', severity: 'info', weight: -25, params, evidence: evidence(input, 'dmarc') };
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
    if (compauth === 'fail') hits.push({ id: 'auth.compauth-fail', severity: 'high', weight: 20, params, evidence: ev });
    else if (compauth === 'pass' || compauth === 'softpass') hits.push({ id: 'auth.compauth-pass', severity: 'info', weight: -25, params, evidence: ev });
    else if (compauthReason !== '905') hits.push({ id: 'auth.compauth-none', severity: 'low', weight: 5, params, evidence: ev });
  }
  if (described?.fromIsAcceptedDomain && input.fromAccepted && input.facts.fromDomain) {
    hits.push({ id: 'compauth.accepted-domain', severity: 'medium', weight: 10, params: { domain: input.facts.fromDomain, reason: described.code }, evidence: ev });
  }
  return hits;
};

/** Through a partner connector (a gateway in front), yet Microsoft found the tenant's own From unauthenticated. */
export const connectorAuthFailSignal: Signal = (input) => {
  const { facts } = input;
  if (input.route !== 'connector' || !input.fromAccepted || facts.fromEntity?.toLowerCase() === 'hybridonprem') return null;
  const failed = facts.compauth === 'fail' || facts.dmarc === 'fail';
  if (!failed) return null;
  return {
    id: 'connector.auth-fail',
    severity: 'medium',
    weight: 35,
    params: { domain: facts.fromDomain ?? '' },
    evidence: evidence(input, facts.compauth === 'fail' ? 'compauth' : 'dmarc'),
  };
};
