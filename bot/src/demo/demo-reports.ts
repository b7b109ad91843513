import { DEMO_DOMAIN } from './demo-tenant.js';

const DAY_MS = 24 * 60 * 60 * 1000;

interface DemoMessage {
  from: string;
  to: string;
  ip: string;
  helo: string;
  subject: string;
  /** Days before now it arrived. */
  daysAgo: number;
  reporter: { id: string; name: string };
}

/** Reports the demo's users filed: two Direct Send spoofs from the attacker and one worried look at a scanner. */
export const DEMO_MESSAGES: DemoMessage[] = [
  {
    from: `dana@${DEMO_DOMAIN}`,
    to: `dana@${DEMO_DOMAIN}`,
    ip: '198.18.7.66',
    helo: '[127.0.0.1]',
    subject: 'Voicemail received (0:42)',
    daysAgo: 5,
    reporter: { id: 'demo:dana', name: 'Dana (demo)' },
  },
  {
    from: `hana@${DEMO_DOMAIN}`,
    to: `hana@${DEMO_DOMAIN}`,
    ip: '198.18.7.66',
    helo: '[127.0.0.1]',
    subject: 'Payroll update required',
    daysAgo: 2,
    reporter: { id: 'demo:hana', name: 'Hana (demo)' },
  },
  {
    from: `scanner@${DEMO_DOMAIN}`,
    to: `bruno@${DEMO_DOMAIN}`,
    ip: '198.51.100.20',
    helo: 'MX-3071',
    subject: 'Scanned from MX-3071',
    daysAgo: 1,
    reporter: { id: 'demo:bruno', name: 'Bruno (demo)' },
  },
];

const hex = (seed: string, length: number): string => {
  let h = 2166136261;
  let out = '';
  while (out.length < length) {
    for (const c of seed + out.length) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
    out += h.toString(16).padStart(8, '0');
  }
  return out.slice(0, length);
};

/** The internet headers Exchange Online stamps on an anonymous (Direct Send) delivery of this message. */
export function demoHeaders(message: DemoMessage, now: number): { headers: string; receivedAt: number } {
  const receivedAt = now - message.daysAgo * DAY_MS;
  const date = new Date(receivedAt).toUTCString().replace('GMT', '+0000');
  const id = `${hex(message.subject, 8)}-${hex(message.to, 4)}-${hex(message.ip, 4)}-${hex(message.from, 4)}-${hex(String(message.daysAgo), 12)}`;
  const domain = DEMO_DOMAIN;
  const headers = [
    `Received: from AM0PR02MB5000.eurprd02.prod.outlook.com (2603:10a6:208:1::10) by AM0PR02MB5001.eurprd02.prod.outlook.com with HTTPS; ${date}`,
    `Received: from AM0EUR02FT010.eop-EUR02.prod.protection.outlook.com (2603:10a6:20b:2::5) by AM0PR02MB5000.eurprd02.prod.outlook.com`,
    ` (2603:10a6:208:1::10) with Microsoft SMTP Server (version=TLS1_2, cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id 15.20.8455.15 via Frontend Transport; ${date}`,
    `Authentication-Results: spf=none (sender IP is ${message.ip}) smtp.mailfrom=${domain}; dkim=none (message not signed)`,
    ` header.d=none;dmarc=fail action=none header.from=${domain};compauth=fail reason=000`,
    `Received-SPF: None (protection.outlook.com: ${domain} does not designate permitted sender hosts)`,
    `Received: from ${message.helo} (${message.ip}) by AM0EUR02FT010.mail.protection.outlook.com (10.13.24.90) with Microsoft SMTP`,
    ` Server (version=TLS1_2, cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id 15.20.7893.34 via Frontend Transport; ${date}`,
    `From: <${message.from}>`,
    `To: <${message.to}>`,
    `Subject: ${message.subject}`,
    `Date: ${date}`,
    `Message-ID: <${id}@${domain}>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset="utf-8"',
    `Return-Path: ${message.from}`,
    `X-MS-Exchange-Organization-Network-Message-Id: ${id}`,
    'X-MS-Exchange-Organization-MessageDirectionality: Incoming',
    'X-MS-Exchange-Organization-AuthAs: Anonymous',
    'X-MS-Exchange-Organization-AuthSource: AM0EUR02FT010.eop-EUR02.prod.protection.outlook.com',
    'X-MS-Exchange-Organization-SCL: 1',
    `X-Forefront-Antispam-Report: CIP:${message.ip};CTRY:;LANG:en;SCL:1;SRV:;IPV:NLI;SFV:NSPM;H:${message.helo};PTR:InfoNoRecords;CAT:NONE;DIR:INB;`,
    `X-MS-Exchange-CrossTenant-Network-Message-Id: ${id}`,
    'X-MS-Exchange-CrossTenant-AuthAs: Anonymous',
    'X-MS-Exchange-CrossTenant-FromEntityHeader: Internet',
  ].join('\r\n');
  return { headers, receivedAt };
}
