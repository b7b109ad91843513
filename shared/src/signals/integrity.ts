import { weightOf } from '../policy/weights.js';
import type { Hit, Signal } from './types.js';

export const forgedStampSignal: Signal = ({ message }) =>
  message.forgedStamps.map<Hit>((forged) => {
    const claimsInternal =
      /^(internal|partner)$|^hosted$|^originating$|^hybridonprem$/i.test(forged.value.trim()) ||
      /DIR:INT/i.test(forged.value);
    return {
      id: 'trust.forged-stamp',
      severity: 'high',
      weight: weightOf('trust.forged-stamp', claimsInternal ? 'claims-internal' : 'other'),
      params: { header: forged.header },
      evidence: `${forged.header}: ${forged.value}`,
    };
  });

/** No receiving hop of this tenant: say so once, naming the other organization's stamps as context if there are any. */
export const noTenantHopSignal: Signal = ({ message }) => {
  if (message.trust.kind !== 'none') return null;
  const foreign = message.trust.foreignStamps;
  if (foreign.length) {
    const tenant = foreign.find((f) => f.key === 'x-ms-exchange-crosstenant-id');
    const detail = tenant ? `tenant ${tenant.value.trim()}` : `${foreign.length} Microsoft stamp(s)`;
    const evidence = foreign
      .slice(0, 3)
      .map((f) => `${f.name}: ${f.value}`)
      .join('\n');
    return {
      id: 'trust.foreign-stamps',
      severity: 'info',
      weight: weightOf('trust.foreign-stamps'),
      params: { detail },
      evidence,
    };
  }
  return message.hops.length > 0
    ? { id: 'trust.no-tenant-hop', severity: 'info', weight: weightOf('trust.no-tenant-hop') }
    : null;
};

export const malformedSignal: Signal = ({ message }) => {
  const details = [...message.malformed];
  if (message.strayLines.length) details.push(`${message.strayLines.length} line(s) that are not headers`);
  return details.length
    ? {
        id: 'input.malformed',
        severity: 'medium',
        weight: weightOf('input.malformed'),
        params: { detail: details.slice(0, 3).join('; ') },
        evidence: message.strayLines[0]?.slice(0, 200),
      }
    : null;
};

export const contextSignal: Signal = ({ tenant }) => {
  const hits: Hit[] = [];
  if (tenant.source === 'inferred') {
    hits.push({
      id: 'context.inferred-domains',
      severity: 'info',
      weight: weightOf('context.inferred-domains'),
      params: { proofs: tenant.inferredFrom.join('; ') },
    });
  } else if (tenant.source === 'none')
    hits.push({ id: 'context.no-domains', severity: 'info', weight: weightOf('context.no-domains') });
  for (const problem of tenant.problems.slice(0, 3))
    hits.push({ id: 'context.problem', severity: 'info', weight: weightOf('context.problem'), params: { problem } });
  return hits;
};
