/** Microsoft's "KEY:value;KEY:value" stamps (X-Forefront-Antispam-Report, X-Microsoft-Antispam, ...-Mailbox-Delivery). */
export type StampFields = Map<string, string>;

/** Keys are lower-cased; values keep their text. "SFS:(1)(2)" keeps the parenthesised list as the value. */
export function parseColonList(value: string): StampFields {
  const fields: StampFields = new Map();
  for (const part of value.split(';')) {
    const colon = part.indexOf(':');
    if (colon <= 0) continue;
    const key = part.slice(0, colon).trim().toLowerCase();
    if (!fields.has(key)) fields.set(key, part.slice(colon + 1).trim());
  }
  return fields;
}

export interface AttributedConnectingIp {
  tenantId?: string;
  ip?: string;
  helo?: string;
}

/** X-MS-Exchange-CrossTenant-OriginalAttributedTenantConnectingIp: "TenantId=...;Ip=[198.51.100.7];Helo=[host]". */
export function parseAttributedConnectingIp(value: string): AttributedConnectingIp {
  const result: AttributedConnectingIp = {};
  for (const part of value.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const key = part.slice(0, eq).trim().toLowerCase();
    const val = part
      .slice(eq + 1)
      .trim()
      .replace(/^\[|\]$/g, '');
    if (key === 'tenantid') result.tenantId = val;
    else if (key === 'ip') result.ip = val;
    else if (key === 'helo') result.helo = val;
  }
  return result;
}
