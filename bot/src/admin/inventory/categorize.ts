import type { SourceAggregate } from './source-aggregate.js';
import { strings } from '../strings.js';

export type SourceCategory = 'device' | 'application' | 'saas-sender' | 'suspicious' | 'attack-like';

export const SOURCE_CATEGORIES: readonly SourceCategory[] = [
  'device',
  'application',
  'saas-sender',
  'suspicious',
  'attack-like',
];

export interface CategoryEvidence {
  /** Stable id, e.g. "pattern.self-addressed"; the text for it lives in the strings module. */
  id: string;
  detail: string;
}

export interface Categorization {
  category: SourceCategory;
  evidence: CategoryEvidence[];
}

const DEVICE_NAME =
  /scan|print|copier|\bmfp\b|\bmfd\b|\bfax\b|xerox|ricoh|canon|konica|kyocera|sharp|lexmark|brother|toshiba|epson|sindoh|\bnas\b|synology|qnap|camera|\bups\b|idrac|\bilo\b|ipmi|ipcam|nvr|dvr/i;
const DEVICE_SUBJECT =
  /^(?:scanned (?:from|image)|scan(?:ned)? ?(?:to email|data|job)?\b|message from ["“]?[\w-]+|attached image|\[?fax\]? ?from)/i;
const SAAS_HOST =
  /sendgrid|mailgun|mailchimp|mcsv\.net|mandrill|amazonses|sparkpost|postmark|salesforce|exacttarget|zendesk|freshdesk|hubspot|docusign|servicenow|atlassian|smtp2go|mailjet|brevo|sendinblue|constantcontact|qualtrics|workday/i;
const NO_REPLY = /^(?:no-?reply|do-?not-?reply|donotreply|notifications?|alerts?|mailer)@/i;
const LOOPBACK_HELO = /^\[?(?:127\.\d+\.\d+\.\d+|::1|localhost(?:\.localdomain)?)\]?$/i;

function share(part: number, whole: number): number {
  return whole === 0 ? 0 : part / whole;
}

function percent(part: number, whole: number): string {
  return `${Math.round(share(part, whole) * 100)}%`;
}

function count(counts: Record<string, number>, ...names: string[]): number {
  return names.reduce((sum, name) => sum + (counts[name] ?? 0), 0);
}

/**
 * Sorts a source into device, application, SaaS sender, suspicious or attack-like, with the evidence. A rule
 * of thumb for an admin's triage, recomputed whenever the aggregate changes; the admin's own decision
 * (approve, mark malicious) always wins over it.
 */
export function categorizeSource(source: SourceAggregate): Categorization {
  const attack: CategoryEvidence[] = [];
  const doubt: CategoryEvidence[] = [];
  const benign: CategoryEvidence[] = [];
  const senders = Object.keys(source.senders);
  const messages = source.messages;

  const verdictRows = Object.values(source.verdicts).reduce((a, b) => a + b, 0);
  const spoofs = count(source.verdicts, 'spoof');
  if (spoofs > 0 && share(spoofs, verdictRows) >= 0.5) {
    attack.push({ id: 'verdict.spoof', detail: strings.evidence.spoofs(spoofs, verdictRows) });
  } else if (count(source.verdicts, 'spoof', 'suspicious') > 0) {
    doubt.push({
      id: 'verdict.suspicious',
      detail: strings.evidence.suspicious(count(source.verdicts, 'spoof', 'suspicious')),
    });
  }
  const loopback = source.helos.find((helo) => LOOPBACK_HELO.test(helo));
  if (loopback) attack.push({ id: 'helo.loopback', detail: strings.evidence.announced(loopback) });
  if (messages >= 3 && share(source.selfAddressed, messages) >= 0.5) {
    attack.push({
      id: 'pattern.self-addressed',
      detail: strings.evidence.selfAddressed(percent(source.selfAddressed, messages)),
    });
  }
  if (source.lureSubjects > 0 && share(source.lureSubjects, messages) >= 0.3) {
    attack.push({
      id: 'subject.lure',
      detail: strings.evidence.lureSubjects(percent(source.lureSubjects, messages)),
    });
  }
  if (senders.length >= 20)
    attack.push({
      id: 'pattern.many-senders',
      detail: strings.evidence.manySenders(senders.length, source.otherSenderMessages > 0),
    });
  const authFails = count(source.auth, 'dmarc=fail', 'compauth=fail');
  const authRows = Object.entries(source.auth)
    .filter(([name]) => name.startsWith('dmarc=') || name.startsWith('compauth='))
    .reduce((a, [, n]) => a + n, 0);
  if (authFails > 0 && share(authFails, authRows) >= 0.5) {
    doubt.push({
      id: 'auth.failing',
      detail: strings.evidence.authFailing(percent(authFails, authRows)),
    });
  }

  if (attack.some((e) => e.id === 'verdict.spoof') || attack.length >= 2 || (attack.length === 1 && doubt.length > 0)) {
    return { category: 'attack-like', evidence: [...attack, ...doubt] };
  }
  if (attack.length > 0 || doubt.length > 0) return { category: 'suspicious', evidence: [...attack, ...doubt] };

  const deviceSender = senders.find((s) => DEVICE_NAME.test(s.split('@')[0] ?? ''));
  const deviceHelo = source.helos.find((helo) => DEVICE_NAME.test(helo));
  const deviceSubject = source.subjects.find((subject) => DEVICE_SUBJECT.test(subject));
  if (deviceSender)
    benign.push({
      id: 'sender.device-name',
      detail: strings.evidence.deviceSender(deviceSender),
    });
  if (deviceHelo) benign.push({ id: 'helo.device-name', detail: strings.evidence.announced(deviceHelo) });
  if (deviceSubject) benign.push({ id: 'subject.device', detail: strings.evidence.deviceSubject(deviceSubject) });
  if (benign.length > 0) return { category: 'device', evidence: benign };

  const saasHelo = source.helos.find((helo) => SAAS_HOST.test(helo));
  if (saasHelo)
    return {
      category: 'saas-sender',
      evidence: [{ id: 'helo.saas', detail: strings.evidence.saasHelo(saasHelo) }],
    };
  const noReply = senders.find((s) => NO_REPLY.test(s));
  if (noReply && senders.length <= 3) {
    return {
      category: 'saas-sender',
      evidence: [{ id: 'sender.no-reply', detail: strings.evidence.noReply(noReply) }],
    };
  }
  return {
    category: 'application',
    evidence: [
      {
        id: 'sender.steady',
        detail: strings.evidence.steady(senders.length),
      },
    ],
  };
}
