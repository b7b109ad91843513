import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { SOURCE_STATUSES } from '../inventory/inventory-store.js';
import { strings } from '../strings.js';

/** Get-InboundConnector fields the readiness rule reads (names as Exchange returns them). */
const connectorSchema = z.looseObject({
  Name: z.string(),
  Enabled: z.boolean().default(true),
  ConnectorType: z.string().default('Partner'),
  SenderIPAddresses: z.array(z.string()).default([]),
  SenderDomains: z.array(z.string()).default([]),
  TlsSenderCertificateName: z.string().nullish(),
  RestrictDomainsToIPAddresses: z.boolean().default(false),
  RestrictDomainsToCertificate: z.boolean().default(false),
  RequireTls: z.boolean().default(false),
});

const acceptedDomainSchema = z.looseObject({
  DomainName: z.string(),
  DomainType: z.string().default('Authoritative'),
  Default: z.boolean().default(false),
});

const sourceSchema = z.object({
  /** Inventory key: "203.0.113.0/24", "2001:db8:1:2::/64", an exact address. */
  key: z.string(),
  name: z.string().optional(),
  ips: z.array(z.string()).default([]),
  senders: z.array(z.string()).default([]),
  status: z.enum(SOURCE_STATUSES).default('approved'),
  category: z.string().optional(),
  messages: z.number().int().nonnegative().optional(),
  /** Can the device or app send over TLS? Decides -RequireTls in the generated connector. */
  tls: z.enum(['yes', 'no', 'unknown']).default('unknown'),
  /** The certificate subject the source presents, for a connector by certificate. */
  certificateName: z.string().optional(),
  /** HELO names the source announced: a device's HELO is usually the name on its certificate. */
  helos: z.array(z.string()).default([]),
});

/** Get-CASMailbox rows of mailboxes with SMTP AUTH switched on for themselves. */
const casMailboxSchema = z.looseObject({
  Identity: z.string().nullish(),
  PrimarySmtpAddress: z.string().nullish(),
  SmtpClientAuthenticationDisabled: z.boolean().nullish(),
});

/**
 * A saved tenant state for `dsguard readiness --snapshot`: what the Exchange admin API and DNS answered,
 * plus the inventory's sources. DNS answers are kept raw (name -> type -> answers, as node:dns returns them)
 * so the same checks run offline.
 */
export const tenantSnapshotSchema = z.object({
  version: z.literal(1),
  takenAt: z.string().optional(),
  tenant: z.object({ id: z.string().optional(), domain: z.string().optional() }).default({}),
  organizationConfig: z.looseObject({ RejectDirectSend: z.boolean().default(false) }),
  acceptedDomains: z.array(acceptedDomainSchema),
  inboundConnectors: z.array(connectorSchema).default([]),
  /** Get-TransportConfig; absent in snapshots taken before SMTP AUTH was read. */
  transportConfig: z.looseObject({ SmtpClientAuthenticationDisabled: z.boolean().nullish() }).optional(),
  /** Mailboxes with SMTP AUTH enabled per mailbox (Get-CASMailbox -Filter "SmtpClientAuthenticationDisabled -eq $false"). */
  smtpAuthMailboxes: z.array(casMailboxSchema).optional(),
  /** Why the SMTP AUTH settings could not be read (e.g. the app's role lacks Get-CASMailbox). */
  smtpAuthError: z.string().optional(),
  dns: z.record(z.string(), z.record(z.string(), z.array(z.unknown()))).default({}),
  sources: z.array(sourceSchema).default([]),
});

export type TenantSnapshot = z.infer<typeof tenantSnapshotSchema>;
export type InboundConnector = z.infer<typeof connectorSchema>;
export type SnapshotSource = z.infer<typeof sourceSchema>;
export type CasMailbox = z.infer<typeof casMailboxSchema>;

export class SnapshotError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SnapshotError';
  }
}

export function parseSnapshot(value: unknown, origin = 'snapshot'): TenantSnapshot {
  const parsed = tenantSnapshotSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : strings.snapshotTopLevel;
    throw new SnapshotError(strings.snapshotInvalid(origin, where, issue?.message ?? 'invalid'));
  }
  return parsed.data;
}

export const MAX_SNAPSHOT_BYTES = 20 * 1024 * 1024;

export async function loadSnapshot(file: string): Promise<TenantSnapshot> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new SnapshotError(strings.snapshotUnreadable(file, (error as NodeJS.ErrnoException).code ?? String(error)));
  }
  if (text.length > MAX_SNAPSHOT_BYTES) throw new SnapshotError(strings.snapshotTooLarge(file, MAX_SNAPSHOT_BYTES));
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new SnapshotError(strings.snapshotNotJson(file, error instanceof Error ? error.message : String(error)));
  }
  return parseSnapshot(json, file);
}
