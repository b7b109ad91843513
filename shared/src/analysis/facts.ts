import { resultFor } from '../fields/auth-results.js';
import { describeCompauthReason } from '../fields/compauth.js';
import { domainOf } from '../net/domains.js';
import { parseIp } from '../net/ip.js';
import type { VerdictFacts } from '../types.js';
import { stamp, type ParsedMessage } from './message.js';
import type { ResolvedTenant } from './tenant.js';

import type { Route } from '../policy/rules.js';

/** How the message entered the tenant, from Exchange Online's own stamps. */
export type { Route };

export interface Derived {
  facts: VerdictFacts;
  route: Route;
  /** Why the route was chosen, as header text. */
  routeEvidence: string;
}

const NO_ADDRESS = '255.255.255.255';

/**
 * The attributed connecting IP names the tenant that relayed the message: the recipient's own tenant when one of its
 * inbound connectors received it, another tenant when the sender relayed through its own Microsoft 365 organization.
 */
function ownConnectorAttribution(message: ParsedMessage, facts: VerdictFacts): boolean {
  const attributed = message.attributedConnectingIp?.tenantId?.toLowerCase();
  const tenant = facts.tenantId?.toLowerCase();
  return !!attributed && !!tenant && attributed === tenant;
}

function routeOf(message: ParsedMessage, facts: VerdictFacts): { route: Route; evidence: string } {
  const authAs = facts.authAs?.toLowerCase();
  const fromEntity = facts.fromEntity?.toLowerCase();
  const direction = facts.directionality?.toLowerCase();
  const evidence = [
    facts.authAs && `X-MS-Exchange-Organization-AuthAs: ${facts.authAs}`,
    facts.directionality && `X-MS-Exchange-Organization-MessageDirectionality: ${facts.directionality}`,
    facts.fromEntity && `X-MS-Exchange-CrossTenant-FromEntityHeader: ${facts.fromEntity}`,
  ]
    .filter(Boolean)
    .join('\n');
  if (message.trust.kind === 'none') return { route: 'unknown', evidence };
  if (fromEntity === 'hybridonprem' || ownConnectorAttribution(message, facts) || authAs === 'partner') {
    const attributed = stamp(message, 'x-ms-exchange-crosstenant-originalattributedtenantconnectingip');
    return {
      route: 'connector',
      evidence: attributed
        ? `${evidence}\nX-MS-Exchange-CrossTenant-OriginalAttributedTenantConnectingIp: ${attributed}`
        : evidence,
    };
  }
  if (message.trust.kind === 'submission') {
    return authAs === 'internal' || fromEntity === 'hosted' || !authAs
      ? { route: 'internal', evidence }
      : { route: 'unknown', evidence };
  }
  if (authAs === 'internal' && (fromEntity === 'hosted' || direction === 'originating'))
    return { route: 'internal', evidence };
  if (authAs === 'anonymous' && direction === 'originating') return { route: 'connector', evidence };
  if (!authAs && !fromEntity && !direction && !message.trustedAuth) return { route: 'unknown', evidence };
  return { route: 'anonymous-inbound', evidence };
}

export function deriveFacts(message: ParsedMessage, tenant: ResolvedTenant): Derived {
  const facts: VerdictFacts = {};
  const set = <K extends keyof VerdictFacts>(key: K, value: VerdictFacts[K] | undefined) => {
    if (value !== undefined && value !== '') facts[key] = value;
  };
  const hop = message.trust.firstTenantHop;
  const antispam = message.antispam;

  set('fromAddress', message.from?.address.toLowerCase());
  set('fromDomain', message.from?.domain);
  if (message.to.length) facts.toAddresses = message.to.map((a) => a.address.toLowerCase());
  set('replyToDomain', message.replyTo[0]?.domain);
  set('subject', message.subject);
  set('messageId', message.messageId);
  set('listId', message.listId ? (/<([^>]+)>/.exec(message.listId)?.[1] ?? message.listId).trim() : undefined);

  const cip = antispam?.get('cip');
  const connectingIp =
    cip && cip !== NO_ADDRESS && parseIp(cip) ? cip : message.trust.kind === 'frontend' ? hop?.fromIp : undefined;
  set('connectingIp', connectingIp);
  set('helo', antispam?.get('h') || (message.trust.kind === 'frontend' ? hop?.helo : undefined));
  set('ptr', antispam?.get('ptr'));
  set('country', antispam?.get('ctry'));

  const spf = resultFor(message.trustedAuth, 'spf');
  const dkim = resultFor(message.trustedAuth, 'dkim');
  const dmarc = resultFor(message.trustedAuth, 'dmarc');
  const compauth = resultFor(message.trustedAuth, 'compauth');
  set('spf', spf?.result ?? message.trustedSpf?.result);
  set('dkim', dkim?.result);
  set('dkimDomain', dkim?.properties['header.d']?.toLowerCase());
  set('dmarc', dmarc?.result);
  set('dmarcAction', dmarc?.modifiers['action']);
  set('compauth', compauth?.result);
  const reason = compauth?.modifiers['reason'];
  set('compauthReason', reason);
  if (reason) set('compauthMeaning', describeCompauthReason(reason).meaning);
  set('trustedAuthResults', message.trustedAuth?.raw);

  const mailFrom =
    spf?.properties['smtp.mailfrom'] ?? message.trustedSpf?.properties['envelope-from'] ?? message.returnPath?.address;
  set('mailFromDomain', domainOf(mailFrom));

  set('authAs', stamp(message, 'x-ms-exchange-organization-authas'));
  set('authSource', stamp(message, 'x-ms-exchange-organization-authsource'));
  set('crossTenantAuthAs', stamp(message, 'x-ms-exchange-crosstenant-authas'));
  set('fromEntity', stamp(message, 'x-ms-exchange-crosstenant-fromentityheader'));
  set('directionality', stamp(message, 'x-ms-exchange-organization-messagedirectionality'));
  const scl = stamp(message, 'x-ms-exchange-organization-scl') ?? antispam?.get('scl');
  if (scl !== undefined && /^-?\d+$/.test(scl.trim())) facts.scl = Number(scl.trim());
  set('category', antispam?.get('cat'));
  set('sfty', antispam?.get('sfty'));
  const dest = message.mailboxDelivery?.get('dest');
  if (dest) facts.deliveredTo = dest.toUpperCase() === 'J' ? 'junk' : dest.toUpperCase() === 'I' ? 'inbox' : dest;
  set(
    'networkMessageId',
    stamp(message, 'x-ms-exchange-organization-network-message-id') ??
      stamp(message, 'x-ms-exchange-crosstenant-network-message-id'),
  );
  set('tenantId', stamp(message, 'x-ms-exchange-crosstenant-id') ?? tenant.tenantId);

  facts.acceptedDomains = tenant.acceptedDomains;
  facts.acceptedDomainsSource = tenant.source;
  if (hop) facts.firstTenantHop = hop;
  facts.hops = message.hops;
  facts.tenantStamps = [...message.stamps.values()].sort((a, b) => a.index - b.index).map((f) => [f.name, f.value]);
  facts.forgedStamps = message.forgedStamps;

  const { route, evidence } = routeOf(message, facts);
  facts.route = route;
  return { facts, route, routeEvidence: evidence };
}
