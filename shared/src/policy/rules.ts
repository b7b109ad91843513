/**
 * The verdict policy as data: one table of rules, walked by precedence, the first whose condition holds gives the
 * verdict. Conditions read only `Evidence`, a record that says nothing about headers, so that a message read from its
 * headers (classify) and one read from a mail-flow log (classifyMailEvent) are judged by the same rules.
 */
import type { VerdictCode } from '../types.js';

/** How the message entered the tenant. */
export type Route = 'anonymous-inbound' | 'internal' | 'connector' | 'unknown';

export interface Evidence {
  route: Route;
  /** A From domain could be read. */
  fromKnown: boolean;
  /** The From domain is one of the recipient organization's domains (configured, or proven by Exchange). */
  fromAccepted: boolean;
  /** At least one domain of the recipient organization is known. */
  domainsKnown: boolean;
  /** A stamp or authentication result really conflicts with Exchange Online's own (trust.forged-stamp). */
  forged: boolean;
  /** Authentication results exist for this message (a message trace carries none). */
  authAvailable: boolean;
  /** Exchange Online's own combined check passed (compauth=pass/softpass): its judgement, not ours. */
  exchangePass: boolean;
  /** Exchange Online's own verdict failed the From (compauth=fail or dmarc=fail): outranks any local alignment. */
  exchangeFail: boolean;
  /** The From is authenticated: Exchange's pass, DMARC pass, or an aligned SPF/DKIM pass Exchange did not overrule. */
  authPasses: boolean;
  /** Authentication for the From failed: Exchange's failure, or no aligned pass while SPF failed or was absent. */
  authFails: boolean;
  /** The connecting IP belongs to a known sender of the tenant. */
  knownSenderByIp: boolean;
  /** A known sender's address was used from an IP that is not one of its servers. */
  knownAddressUnknownIp: boolean;
  /** A mailing list relayed it (List-Id, envelope outside the organization). */
  mailingList: boolean;
  /** A gateway in front of Exchange Online hides the source (configured gateway IP, or compauth reason 905). */
  viaGateway: boolean;
  /** A partner connector delivered the organization's own domain while Exchange failed its authentication. */
  connectorAuthFail: boolean;
}

export interface PolicyRule {
  /** Stable: a test or a regression names the rule. */
  id: string;
  /** Lower runs first. */
  precedence: number;
  when: (e: Evidence) => boolean;
  verdict: VerdictCode;
  why: string;
}

const anonymous = (e: Evidence) => e.route === 'anonymous-inbound';
const ownDomainAnonymous = (e: Evidence) => anonymous(e) && e.fromAccepted;

export const POLICY: readonly PolicyRule[] = [
  {
    id: 'no-route.forged',
    precedence: 10,
    when: (e) => e.route === 'unknown' && e.forged,
    verdict: 'suspicious',
    why: 'No receiving hop proves how it arrived, and a stamp conflicts with another: someone wrote stamps to look trusted.',
  },
  {
    id: 'no-route.external',
    precedence: 20,
    when: (e) => e.route === 'unknown' && e.domainsKnown && e.fromKnown && !e.fromAccepted,
    verdict: 'external',
    why: 'Whatever the path, a From outside the organization cannot be a spoof of the organization.',
  },
  {
    id: 'no-route',
    precedence: 30,
    when: (e) => e.route === 'unknown',
    verdict: 'unknown',
    why: 'Without a receiving hop (Sent Items, drafts, another mail system) nothing shows how it reached the mailbox.',
  },
  {
    id: 'internal.forged',
    precedence: 40,
    when: (e) => e.route === 'internal' && e.forged,
    verdict: 'suspicious',
    why: 'It claims an internal submission, but a stamp conflicts with Exchange Online’s own.',
  },
  {
    id: 'internal',
    precedence: 50,
    when: (e) => e.route === 'internal',
    verdict: 'internal',
    why: 'A signed-in mailbox of the organization sent it: Direct Send spoofing does not apply.',
  },
  {
    id: 'connector.unauthenticated-own-domain',
    precedence: 60,
    when: (e) => e.route === 'connector' && (e.connectorAuthFail || e.forged),
    verdict: 'suspicious',
    why: 'A partner connector (a gateway) delivered the organization’s own domain that Exchange could not authenticate.',
  },
  {
    id: 'connector',
    precedence: 70,
    when: (e) => e.route === 'connector',
    verdict: 'connector',
    why: 'An inbound connector the organization set up delivered it.',
  },
  {
    id: 'external',
    precedence: 80,
    when: (e) => anonymous(e) && !e.fromAccepted && (e.domainsKnown || e.fromKnown),
    verdict: 'external',
    why: 'The From is not one of the organization’s domains: other phishing, not a Direct Send spoof.',
  },
  {
    id: 'no-from-no-domains',
    precedence: 90,
    when: (e) => anonymous(e) && !e.fromAccepted,
    verdict: 'unknown',
    why: 'Neither the From domain nor the organization’s domains are known.',
  },
  {
    id: 'known-sender',
    precedence: 100,
    when: (e) => ownDomainAnonymous(e) && e.knownSenderByIp && !e.forged,
    verdict: 'direct-send',
    why: 'An approved device or application of the organization sent it: a dependency to migrate, not a threat.',
  },
  {
    id: 'no-authentication-results',
    precedence: 105,
    when: (e) => ownDomainAnonymous(e) && !e.authAvailable,
    verdict: 'suspicious',
    why: 'The source (a message trace) carries no authentication results: a candidate to check, never a proven spoof.',
  },
  {
    id: 'known-address-foreign-ip.authenticated',
    precedence: 110,
    when: (e) => ownDomainAnonymous(e) && e.knownAddressUnknownIp && (e.authPasses || e.exchangePass),
    verdict: 'suspicious',
    why: 'A known device’s address from an unknown server, though authentication passed.',
  },
  {
    id: 'known-address-foreign-ip',
    precedence: 120,
    when: (e) => ownDomainAnonymous(e) && e.knownAddressUnknownIp,
    verdict: 'spoof',
    why: 'A known device’s address used from a server that is not one of its own, unauthenticated.',
  },
  {
    id: 'mailing-list',
    precedence: 130,
    when: (e) => ownDomainAnonymous(e) && e.mailingList,
    verdict: 'suspicious',
    why: 'Mailing lists re-send colleagues’ posts, which then fail authentication harmlessly.',
  },
  {
    id: 'authenticated',
    precedence: 140,
    when: (e) => ownDomainAnonymous(e) && e.authPasses && !e.forged,
    verdict: 'direct-send',
    why: 'Authentication proves the From: legitimate Direct Send (a device or service to migrate).',
  },
  {
    id: 'exchange-pass',
    precedence: 145,
    when: (e) => ownDomainAnonymous(e) && e.exchangePass,
    verdict: 'suspicious',
    why: 'Exchange Online’s own compauth passed: never called a spoof, though a conflicting stamp makes it doubtful.',
  },
  {
    id: 'gateway',
    precedence: 150,
    when: (e) => ownDomainAnonymous(e) && e.viaGateway,
    verdict: 'suspicious',
    why: 'A gateway in front of Exchange Online hides the real source, so authentication cannot be judged.',
  },
  {
    id: 'unauthenticated',
    precedence: 160,
    when: (e) => ownDomainAnonymous(e) && (e.forged || e.authFails),
    verdict: 'spoof',
    why: 'The organization’s own domain, from the internet, without connector, known source or passing authentication.',
  },
  {
    id: 'inconclusive',
    precedence: 1000,
    when: () => true,
    verdict: 'suspicious',
    why: 'The organization’s own domain from the internet, but the results neither prove nor disprove the From.',
  },
];

const ORDERED = [...POLICY].sort((a, b) => a.precedence - b.precedence);

/** The first rule, by precedence, whose condition holds (the last rule always holds). */
export function decide(evidence: Evidence): PolicyRule {
  for (const rule of ORDERED) if (rule.when(evidence)) return rule;
  return ORDERED[ORDERED.length - 1] as PolicyRule;
}
