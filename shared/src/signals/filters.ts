import { stamp } from '../analysis/message.js';
import { weightOf } from '../policy/weights.js';
import type { Signal } from './types.js';
import { claimsInternal } from './types.js';

export const spoofDetectedSignal: Signal = (input) => {
  if (input.route !== 'anonymous-inbound') return null;
  const cat = input.facts.category?.toUpperCase();
  const sfty = input.facts.sfty;
  const parts: string[] = [];
  if (cat === 'SPOOF' || cat === 'INTOS') parts.push(`CAT:${cat}`);
  if (sfty === '9.11' || sfty === '9.22') parts.push(`SFTY:${sfty}`);
  if (!parts.length) return null;
  const internalSpoof = cat === 'INTOS' || sfty === '9.11';
  return {
    id: 'ms.spoof-detected',
    severity: internalSpoof ? 'high' : 'medium',
    weight: weightOf('ms.spoof-detected', internalSpoof ? 'own-organization' : 'other'),
    params: { detail: parts.join(', ') + (internalSpoof ? ': impersonation of your own organization' : '') },
    evidence: parts.join(';'),
  };
};

export const junkSignal: Signal = (input) => {
  if (input.route !== 'anonymous-inbound') return null;
  const { scl, deliveredTo } = input.facts;
  const spam = (scl !== undefined && scl >= 5) || input.message.antispam?.get('sfv')?.toUpperCase() === 'SPM';
  if (!spam) return null;
  return {
    id: 'ms.junk',
    severity: 'low',
    weight: weightOf('ms.junk'),
    params: { where: deliveredTo === 'junk' ? 'delivered it to the Junk Email folder' : '' },
    evidence: scl !== undefined ? `SCL:${scl}` : 'SFV:SPM',
  };
};

export const filterBypassSignal: Signal = (input) => {
  if (!claimsInternal(input)) return null;
  const sfv = input.message.antispam?.get('sfv')?.toUpperCase();
  const ipv = input.message.antispam?.get('ipv')?.toUpperCase();
  const scl = input.facts.scl;
  const detail = [
    sfv === 'SKN' || sfv === 'SKI' ? `SFV:${sfv}` : '',
    ipv === 'CAL' ? 'IPV:CAL' : '',
    scl === -1 ? 'SCL:-1' : '',
  ]
    .filter(Boolean)
    .join(', ');
  return detail
    ? {
        id: 'ms.filter-bypass',
        severity: 'medium',
        weight: weightOf('ms.filter-bypass'),
        params: { detail },
        evidence: detail,
      }
    : null;
};

export const directSendStampSignal: Signal = (input) => {
  const value = stamp(input.message, 'x-ms-exchange-organization-isanonymousdirectsend');
  return value && /^true$/i.test(value.trim()) && input.route === 'anonymous-inbound'
    ? {
        id: 'ms.direct-send-stamp',
        severity: 'low',
        weight: weightOf('ms.direct-send-stamp'),
        evidence: `X-MS-Exchange-Organization-IsAnonymousDirectSend: ${value}`,
      }
    : null;
};
