/**
 * compauth reason codes (DOMAIN.md section 3). Microsoft documents the first digit's family and a few codes; the
 * rest were described elsewhere or observed. Never hinge a verdict on one sub-code alone: use `family` first.
 */
export type CompauthFamily = 'fail' | 'pass' | 'softpass' | 'none' | 'unknown';

export interface CompauthReason {
  code: string;
  family: CompauthFamily;
  /** True when Microsoft itself judged the From domain to be one of the recipient tenant's accepted domains. */
  fromIsAcceptedDomain: boolean;
  /** True for codes Microsoft's own pages document. */
  documented: boolean;
  meaning: string;
}

const KNOWN: Record<string, { meaning: string; documented: boolean; accepted?: boolean }> = {
  '000': { meaning: 'DMARC failed and the domain asks receivers to quarantine or reject', documented: true },
  '001': {
    meaning: 'implicit authentication failed (the domain has no, or weak, SPF/DKIM/DMARC records)',
    documented: true,
  },
  '002': { meaning: 'an admin policy explicitly prohibits this sender', documented: true },
  '010': {
    meaning: "DMARC failed for one of your organization's own domains (self-to-self)",
    documented: true,
    accepted: true,
  },
  '100': { meaning: 'SPF or DKIM passed and aligned with the From domain', documented: false },
  '101': { meaning: 'DKIM passed and aligned with the From domain', documented: false },
  '102': { meaning: 'SPF passed and aligned with the From domain', documented: false },
  '115': {
    meaning: 'sent from a Microsoft 365 organization where the From domain is an accepted domain',
    documented: false,
    accepted: true,
  },
  '116': { meaning: "the sender's MX matches its PTR record", documented: false },
  '130': { meaning: 'a trusted ARC sealer overrode a DMARC failure', documented: true },
  '601': {
    meaning: "implicit authentication failed and the From domain is one of your organization's own domains",
    documented: true,
    accepted: true,
  },
  '905': {
    meaning: 'complex routing, for example a third-party gateway in front of Exchange Online',
    documented: true,
  },
};

function familyOf(code: string): CompauthFamily {
  switch (code[0]) {
    case '0':
    case '6':
      return 'fail';
    case '1':
    case '7':
      return 'pass';
    case '2':
      return 'softpass';
    case '3':
    case '4':
    case '9':
      return 'none';
    default:
      return 'unknown';
  }
}

const FAMILY_MEANING: Record<CompauthFamily, string> = {
  fail: 'composite authentication failed',
  pass: 'composite authentication passed',
  softpass: 'composite authentication soft-passed',
  none: 'composite authentication could not decide',
  unknown: 'an unrecognized composite authentication code',
};

export function describeCompauthReason(code: string): CompauthReason {
  const normalized = code.trim();
  const known = KNOWN[normalized];
  const family = /^\d{3}$/.test(normalized) ? familyOf(normalized) : 'unknown';
  return {
    code: normalized,
    family,
    fromIsAcceptedDomain: known?.accepted ?? normalized.startsWith('6'),
    documented: known?.documented ?? false,
    meaning: known?.meaning ?? `${FAMILY_MEANING[family]} (code ${normalized})`,
  };
}
