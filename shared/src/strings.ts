/**
 * Every sentence the classifier shows a user, in one place so that it can be translated. Reason texts take the
 * parameters their signal found; keep them short, concrete and free of jargon where a plainer word exists.
 */
import type { VerdictCode } from './types.js';

type Params = Record<string, string>;
type Text = (p: Params) => string;

export const REASON_TEXT: Record<string, Text> = {
  'route.anonymous-inbound': () =>
    'It came in from the internet without signing in and without a connector: the path Direct Send uses.',
  'route.internal': () => 'It was sent from a signed-in mailbox of your organization.',
  'route.connector': () =>
    "It arrived over one of your organization's inbound connectors (for example from your on-premises servers).",
  'connector.auth-fail': (p) =>
    `It came through one of your inbound connectors (such as a mail gateway), but Microsoft could not authenticate ${p.domain} as the sender: the gateway may have let a spoof of your own domain through.`,
  'route.unknown': () =>
    'The headers carry no sign of how Exchange Online received this message (Sent Items, drafts, another mail system or truncated headers).',
  'from.accepted-domain': (p) => `The From address ${p.from} is in your own organization's domain ${p.domain}.`,
  'from.external-domain': (p) => `The From address ${p.from} is outside your organization's domains.`,
  'from.equals-to': (p) =>
    `It claims to be from ${p.address} and was sent to that same address: a common trick to look internal.`,
  'from.missing': () => 'The message has no readable From address.',
  'from.malformed': (p) =>
    `The From header is malformed (${p.detail}); Outlook shows ${p.address}. Legitimate mail software rarely writes such a header, attackers use it to disguise the sender.`,
  'from.multiple': (p) => `The message has ${p.count} From headers; real mail has one.`,
  'mailfrom.accepted-domain': (p) =>
    `The hidden envelope sender (${p.domain}) is also your domain, so turning on RejectDirectSend would block messages like this.`,
  'mailfrom.unrelated': (p) =>
    `The hidden envelope sender is ${p.domain}, unrelated to the From address: RejectDirectSend alone would not block this.`,
  'auth.spf-fail': (p) => `SPF failed: ${p.domain} does not allow the sending server ${p.ip} to send its mail.`,
  'auth.spf-softfail': (p) => `SPF soft-failed: ${p.domain} discourages mail from the sending server ${p.ip}.`,
  'auth.spf-none': (p) =>
    `SPF could not vouch for the sending server: ${p.domain} publishes no SPF record covering it.`,
  'auth.spf-pass': (p) => `SPF passed: ${p.domain} lists the sending server ${p.ip} as allowed.`,
  'auth.dkim-missing': () => 'The message carries no valid DKIM signature from your domain.',
  'auth.dkim-pass': (p) => `A valid DKIM signature from ${p.domain} vouches for the message.`,
  'auth.dmarc-fail': (p) => `DMARC failed for ${p.domain}: neither SPF nor DKIM proves the From address is genuine.`,
  'auth.dmarc-pass': (p) => `DMARC passed for ${p.domain}: the From address is authenticated.`,
  'auth.compauth-fail': (p) => `Microsoft's combined sender check failed (reason ${p.reason}: ${p.meaning}).`,
  'auth.compauth-pass': (p) => `Microsoft's combined sender check passed (reason ${p.reason}: ${p.meaning}).`,
  'auth.compauth-none': (p) => `Microsoft's combined sender check could not decide (reason ${p.reason}: ${p.meaning}).`,
  'auth.missing': () => "Exchange Online's authentication results are missing, so the sender could not be verified.",
  'compauth.accepted-domain': (p) =>
    `Microsoft itself recognized ${p.domain} as one of your organization's domains (reason ${p.reason}).`,
  'ms.spoof-detected': (p) => `Microsoft's filters flagged this as spoofing (${p.detail}).`,
  'ms.junk': (p) => `Microsoft judged it as spam${p.where ? ` and ${p.where}` : ''}.`,
  'ms.filter-bypass': (p) =>
    `Spam filtering was skipped for this message (${p.detail}); spoofs let through this way are not checked by Microsoft.`,
  'ms.direct-send-stamp': () => 'Exchange Online marked it as anonymous Direct Send mail.',
  'source.generic-helo': (p) =>
    `The sending machine introduced itself as "${p.helo}", a default or throw-away name rather than a mail server.`,
  'source.no-ptr': (p) => `The sending server ${p.ip} has no reverse DNS name, unusual for a legitimate mail server.`,
  'source.known-sender': (p) => `The sending server ${p.ip} belongs to a known sender of your organization: ${p.name}.`,
  'source.known-address-unknown-ip': (p) =>
    `It uses the address of the known sender "${p.name}" but comes from ${p.ip}, which is not one of that sender's servers.`,
  'source.gateway': (p) =>
    `It came through your mail gateway (${p.ip}), which hides the original sender from Exchange Online's checks.`,
  'source.gateway-routing': (p) =>
    `Exchange Online reports complex routing (compauth reason ${p.reason}): a gateway or relay in front hides the original sender.`,
  'list.mailing-list': (p) =>
    `It was relayed by the mailing list ${p.list}; lists often re-send a colleague's own post, which then fails authentication harmlessly.`,
  'reply-to.external': (p) =>
    `Replies would go to ${p.domain}, outside your organization, although it claims to be internal.`,
  'trust.forged-stamp': (p) =>
    `The message contains a fake Exchange Online stamp (${p.header}) written by the sender to look trustworthy.`,
  'trust.foreign-stamps': (p) =>
    `These headers show no receiving hop of your Exchange Online: the Microsoft stamps in them were written by another organization (${p.detail}), so they are context, not proof.`,
  'trust.no-tenant-hop': () => 'No Exchange Online receiving hop was found, so none of the headers can be trusted.',
  'context.inferred-domains': (p) =>
    `No list of your domains was configured, so they were inferred: ${p.proofs}. Configure your accepted domains for a firmer judgment.`,
  'context.no-domains': () =>
    'No list of your domains was configured and none could be inferred, so "internal" could not be judged.',
  'context.problem': (p) => `Part of the tenant settings could not be used: ${p.problem}.`,
  'input.malformed': (p) =>
    `Some headers are malformed in a way real mail servers never produce (${p.detail}); crafted headers are a warning sign.`,
  'input.limit': (p) => `The headers could not be fully read: ${p.detail}`,
  'internal.error': (p) =>
    `Direct Send Guard failed while reading these headers (${p.detail}); this is a fault of the tool, not of the message.`,
};

export const VERDICT_HEADLINE: Record<VerdictCode, string> = {
  spoof: 'Probable Direct Send spoof',
  suspicious: 'Suspicious: may be a spoof of an internal sender',
  'direct-send': 'Legitimate Direct Send (a device or app of your organization)',
  internal: 'Internal message from your organization',
  connector: "Arrived over your organization's mail connector",
  external: 'External message',
  unknown: 'Not enough information to judge',
};

export const VERDICT_ADVICE: Record<VerdictCode, string> = {
  spoof:
    'Do not click links, scan QR codes, open attachments or reply. Report it to your security team, then delete it. If in doubt, contact the colleague it claims to be from by phone or chat.',
  suspicious:
    'Treat it with caution: check with the supposed sender through another channel before acting on it, and report it if it asks for credentials, payment or documents.',
  'direct-send':
    'No action needed from you. Administrators: this sender relies on Direct Send and must move to a connector, SMTP AUTH or Graph before RejectDirectSend is turned on.',
  internal: 'No sign of a Direct Send spoof. As always, be wary of unexpected requests for credentials or payments.',
  connector: 'No sign of a Direct Send spoof: it came through a connector your organization set up.',
  external:
    'It comes from outside your organization. Direct Send spoofing does not apply, but judge it as any outside message: check the sender before trusting links or attachments.',
  unknown:
    'These headers do not show how the message reached your mailbox (Sent Items and drafts have none). Open the message as received, or report it if it worries you.',
};

export function reasonText(id: string, params: Params): string {
  const text = REASON_TEXT[id];
  return text ? text(params) : id;
}
