import type { TraceRow } from '../admin/trace/trace-row.js';
import { DEMO_DOMAIN } from './demo-tenant.js';

const DAY_MS = 24 * 60 * 60 * 1000;
export const DEMO_DAYS = 30;

/** A small deterministic generator (mulberry32), so the same day always gets the same demo trace. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const people = ['alice', 'bruno', 'chen', 'dana', 'emeka', 'farah', 'gustav', 'hana', 'ines', 'jonas'].map(
  (p) => `${p}@${DEMO_DOMAIN}`,
);
const LURES = [
  'Voicemail received (0:42)',
  'Payroll update required',
  'Fax delivery report',
  'Your password expires today',
];

interface DemoSender {
  ips: string[];
  helo: string;
  sender: (r: () => number) => string;
  subject: (r: () => number, i: number) => string;
  recipients: (r: () => number, sender: string) => string[];
  perDay: number;
  /** Days back from today it was active (oldest first). */
  days: [number, number];
}

/** The sources of the demo tenant: two copier fleets, an ERP application, a SaaS newsletter and an attacker. */
const SENDERS: DemoSender[] = [
  {
    ips: ['198.51.100.20', '198.51.100.21'],
    helo: 'MX-3071',
    sender: () => `scanner@${DEMO_DOMAIN}`,
    subject: () => 'Scanned from MX-3071',
    recipients: (r) => [people[Math.floor(r() * people.length)]!],
    perDay: 14,
    days: [DEMO_DAYS, 0],
  },
  {
    ips: ['192.0.2.10'],
    helo: 'copier3.print.contoso-demo.example',
    sender: () => `copier3@${DEMO_DOMAIN}`,
    subject: (_r, i) => `Scan to email ${1000 + i}`,
    recipients: (r) => [people[Math.floor(r() * people.length)]!],
    perDay: 6,
    days: [DEMO_DAYS, 0],
  },
  {
    ips: ['203.0.113.7', '203.0.113.8'],
    helo: 'erp01.corp.contoso-demo.example',
    sender: () => `erp@${DEMO_DOMAIN}`,
    subject: (_r, i) => `Purchase order PO-${24000 + i} approved`,
    recipients: () => [`accounts@${DEMO_DOMAIN}`],
    perDay: 20,
    days: [DEMO_DAYS, 0],
  },
  {
    ips: ['2001:db8:5aa5::25'],
    helo: 'o1.ptr1234.sendgrid.net',
    sender: () => `no-reply@${DEMO_DOMAIN}`,
    subject: () => 'Contoso Demo weekly newsletter',
    recipients: (r) => people.filter(() => r() < 0.5),
    perDay: 2,
    days: [DEMO_DAYS, 0],
  },
  {
    ips: ['198.18.7.66'],
    helo: '[127.0.0.1]',
    sender: (r) => people[Math.floor(r() * people.length)]!,
    subject: (r) => LURES[Math.floor(r() * LURES.length)]!,
    recipients: (_r, sender) => [sender],
    perDay: 9,
    days: [6, 0],
  },
  {
    ips: ['198.19.20.5'],
    helo: 'MFP-OLD-01',
    sender: () => `mfp-old@${DEMO_DOMAIN}`,
    subject: () => 'Job log MFP-OLD-01',
    recipients: () => [`frontdesk@${DEMO_DOMAIN}`],
    perDay: 1,
    days: [DEMO_DAYS, 18],
  },
];

/** A message trace of the fictitious tenant over the last 30 days, as the inventory import reads one. */
export function demoTraceRows(now: number): TraceRow[] {
  const r = random(Math.floor(now / DAY_MS));
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  const rows: TraceRow[] = [];
  SENDERS.forEach((source) => {
    let count = 0;
    for (let back = source.days[0]; back >= source.days[1]; back -= 1) {
      const weekend = new Date(today - back * DAY_MS).getUTCDay() % 6 === 0;
      const messages = Math.round(source.perDay * (weekend ? 0.3 : 0.7 + r() * 0.6));
      for (let m = 0; m < messages; m += 1) {
        const receivedAt = Math.min(now - 60_000, today - back * DAY_MS + Math.floor((7 + r() * 11) * 60 * 60 * 1000));
        const sender = source.sender(r);
        const recipients = source.recipients(r, sender);
        rows.push({
          origin: 'csv-summary',
          receivedAt,
          senderAddress: sender,
          recipients: recipients.length ? recipients : [people[0]!],
          subject: source.subject(r, count),
          clientIp: source.ips[count % source.ips.length]!,
          helo: source.helo,
          directionality: 'Incoming',
        });
        count += 1;
      }
    }
  });
  return rows.sort((a, b) => a.receivedAt! - b.receivedAt!);
}
