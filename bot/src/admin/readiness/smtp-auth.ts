import type { TenantSnapshot } from './snapshot.js';

/** Who can still submit with SMTP AUTH, read from Get-TransportConfig and Get-CASMailbox. */
export interface SmtpAuthExposure {
  /** SMTP AUTH on for every mailbox that does not say otherwise (SmtpClientAuthenticationDisabled is not True). */
  organizationEnabled: boolean;
  /** Mailboxes with SMTP AUTH switched on for themselves. */
  mailboxes: string[];
}

/** How many mailboxes a finding names before "and N more". */
export const MAILBOXES_NAMED = 10;

export function smtpAuthExposure(snapshot: TenantSnapshot): SmtpAuthExposure | undefined {
  if (!snapshot.transportConfig) return undefined;
  const mailboxes = (snapshot.smtpAuthMailboxes ?? [])
    .filter((m) => m.SmtpClientAuthenticationDisabled === false)
    .map((m) => (m.PrimarySmtpAddress ?? m.Identity ?? '').toLowerCase())
    .filter(Boolean)
    .sort();
  return { organizationEnabled: snapshot.transportConfig.SmtpClientAuthenticationDisabled !== true, mailboxes };
}
