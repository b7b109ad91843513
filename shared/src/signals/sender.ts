import { isAccepted } from '../analysis/tenant.js';
import { weightOf } from '../policy/weights.js';
import type { Hit, Signal } from './types.js';
import { claimsInternal } from './types.js';

const field = (input: Parameters<Signal>[0], name: string): string | undefined => {
  const f = input.message.headers.first(name);
  return f ? `${f.name}: ${f.value}` : undefined;
};

export const fromDomainSignal: Signal = (input) => {
  const { facts, fromAccepted, message, tenant } = input;
  if (!message.from || !facts.fromDomain)
    return { id: 'from.missing', severity: 'medium', weight: weightOf('from.missing'), evidence: field(input, 'from') };
  if (!tenant.acceptedDomains.length) return null;
  const params = { from: facts.fromAddress ?? '', domain: facts.fromDomain };
  return fromAccepted
    ? {
        id: 'from.accepted-domain',
        severity: input.route === 'anonymous-inbound' ? 'medium' : 'info',
        weight: weightOf('from.accepted-domain', input.route === 'anonymous-inbound' ? 'anonymous-inbound' : 'other'),
        params,
        evidence: field(input, 'from'),
      }
    : {
        id: 'from.external-domain',
        severity: 'info',
        weight: weightOf('from.external-domain'),
        params,
        evidence: field(input, 'from'),
      };
};

export const malformedFromSignal: Signal = (input) => {
  const { from, fromMalformations } = input.message;
  if (!from || !fromMalformations.length) return null;
  return {
    id: 'from.malformed',
    severity: 'medium',
    weight: weightOf('from.malformed'),
    params: { detail: fromMalformations.join('; '), address: from.address },
    evidence: field(input, 'from'),
  };
};

export const multipleFromSignal: Signal = (input) =>
  input.message.fromCount > 1
    ? {
        id: 'from.multiple',
        severity: 'medium',
        weight: weightOf('from.multiple'),
        params: { count: String(input.message.fromCount) },
      }
    : null;

export const fromEqualsToSignal: Signal = (input) => {
  const from = input.facts.fromAddress;
  if (!from || !claimsInternal(input)) return null;
  const same = input.message.to.some((a) => a.address.toLowerCase() === from);
  return same
    ? {
        id: 'from.equals-to',
        severity: 'medium',
        weight: weightOf('from.equals-to'),
        params: { address: from },
        evidence: [field(input, 'from'), field(input, 'to')].filter(Boolean).join('\n'),
      }
    : null;
};

export const mailFromSignal: Signal = (input) => {
  const domain = input.facts.mailFromDomain;
  if (!domain || !claimsInternal(input)) return null;
  const evidence = input.facts.trustedAuthResults ? `smtp.mailfrom=${domain}` : field(input, 'return-path');
  if (input.mailFromAccepted)
    return {
      id: 'mailfrom.accepted-domain',
      severity: 'info',
      weight: weightOf('mailfrom.accepted-domain'),
      params: { domain },
      evidence,
    };
  return {
    id: 'mailfrom.unrelated',
    severity: 'low',
    weight: weightOf('mailfrom.unrelated'),
    params: { domain },
    evidence,
  };
};

export const replyToSignal: Signal = (input) => {
  const domain = input.facts.replyToDomain;
  if (!domain || !claimsInternal(input) || input.tenant.acceptedDomains.length === 0) return null;
  return isAccepted(input.tenant, domain)
    ? null
    : {
        id: 'reply-to.external',
        severity: 'medium',
        weight: weightOf('reply-to.external'),
        params: { domain },
        evidence: field(input, 'reply-to'),
      };
};

const GENERIC_HELO =
  /^(\[?(127\.0\.0\.1|::1|localhost)\]?|localhost(\.localdomain)?|(WIN|DESKTOP|LAPTOP|USER|PC)-[A-Z0-9]{5,}|\[[0-9.:a-f]+\]|ylmf-pc|admin|user|unknown)$/i;

export const heloSignal: Signal = (input) => {
  const helo = input.facts.helo;
  if (!helo || !claimsInternal(input)) return null;
  return GENERIC_HELO.test(helo)
    ? {
        id: 'source.generic-helo',
        severity: 'medium',
        weight: weightOf('source.generic-helo'),
        params: { helo },
        evidence: input.message.trust.firstTenantHop?.raw,
      }
    : null;
};

export const ptrSignal: Signal = (input) => {
  const ptr = input.facts.ptr;
  if (ptr === undefined || !claimsInternal(input)) return null;
  return /^(InfoNoRecords|InfoDomainNonexistent|)$/i.test(ptr)
    ? {
        id: 'source.no-ptr',
        severity: 'low',
        weight: weightOf('source.no-ptr'),
        params: { ip: input.facts.connectingIp ?? 'unknown' },
        evidence: `PTR:${ptr}`,
      }
    : null;
};

export const knownSenderSignal: Signal = (input) => {
  const match = input.knownSender;
  if (!match || !claimsInternal(input)) return null;
  const ip = input.facts.connectingIp ?? 'unknown';
  const hit: Hit = match.byIp
    ? {
        id: 'source.known-sender',
        severity: 'info',
        weight: weightOf('source.known-sender'),
        params: { ip, name: match.sender.name },
      }
    : {
        id: 'source.known-address-unknown-ip',
        severity: match.sender.ranges.length ? 'high' : 'low',
        weight: weightOf(
          'source.known-address-unknown-ip',
          match.sender.ranges.length ? 'sender-has-ips' : 'address-only',
        ),
        params: { ip, name: match.sender.name },
      };
  hit.evidence = `CIP:${ip}`;
  return hit;
};

export const gatewaySignal: Signal = (input): Hit | null => {
  if (!claimsInternal(input)) return null;
  if (input.viaGateway)
    return {
      id: 'source.gateway',
      severity: 'low',
      weight: weightOf('source.gateway'),
      params: { ip: input.facts.connectingIp ?? '' },
    };
  if (input.facts.compauthReason === '905') {
    return {
      id: 'source.gateway-routing',
      severity: 'low',
      weight: weightOf('source.gateway-routing'),
      params: { reason: '905' },
      evidence: `compauth=${input.facts.compauth} reason=905`,
    };
  }
  return null;
};

export const mailingListSignal: Signal = (input) => {
  if (!claimsInternal(input) || !input.message.listId) return null;
  if (input.mailFromAccepted) return null;
  return {
    id: 'list.mailing-list',
    severity: 'info',
    weight: weightOf('list.mailing-list'),
    params: { list: input.message.listId },
    evidence: `List-Id: ${input.message.listId}`,
  };
};
