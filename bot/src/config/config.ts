import type { KnownSender } from '../classifier.js';

/** The validated configuration the server runs with; built once at start-up by `loadConfig`. */
export interface Config {
  env: string;
  port: number;
  host: string;
  https: boolean;
  publicUrl?: string;
  certsDir?: string;
  addinDist?: string;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  storage: { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };
  /** DSGUARD_DEMO: the demo's own SQLite file, its fictitious tenant's domains, and readiness from its snapshot. */
  demo?: boolean;
  bot: { appId?: string; password?: string; tenantId?: string };
  entra?: { tenantId: string; audiences: string[]; authorityHost: string };
  admins: { userIds: string[]; groupIds: string[] };
  tenant: {
    acceptedDomains: string[];
    gatewayIps: string[];
    knownSenders: KnownSender[];
    notifyDirectSend: boolean;
    tenantId?: string;
  };
  securityChannelId?: string;
  alerts: {
    webhook?: { url: string; secret?: string };
    sentinel?: {
      endpoint: string;
      dcrId: string;
      stream: string;
      tenantId: string;
      clientId: string;
      clientSecret: string;
      authorityHost: string;
    };
    syslog?: { host: string; port: number; protocol: 'udp' | 'tcp' };
  };
  limits: {
    maxEmlBytes: number;
    maxBodyBytes: number;
    downloadTimeoutMs: number;
    maxTraceBytes: number;
    traceImportTimeoutMs: number;
  };
  /** Per-user quotas: requests per window (shared by every instance through the database) and stored .eml. */
  quotas: Quotas;
  /** App credentials to read the tenant (Exchange admin API) for readiness; absent = readiness from snapshots only. */
  adminTenant?: {
    tenantId: string;
    clientId: string;
    clientSecret: string;
    tenantDomain: string;
    authorityHost: string;
    exchangeUrl?: string;
    dnsServers: string[];
  };
  /** Microsoft Graph v1.0 base URL (group membership of Teams admins). */
  graphUrl: string;
  /** The optional SMTP probe of the tenant's MX; absent when neither a tenant domain nor accepted domains are set. */
  probe?: ProbeConfig;
  /** The tenant watcher; absent when WATCH_SOURCES is empty. */
  watch?: WatchConfig;
}

export interface WatchConfig {
  sources: ('defender' | 'trace')[];
  intervalMs: number;
  /** Put the "Direct Send spoof" Outlook category on spoofed messages (Graph Mail.ReadWrite). */
  tag: boolean;
}

export interface ProbeConfig {
  mxHost: string;
  port: number;
  /** An address in an accepted domain: the envelope sender RejectDirectSend judges. */
  mailFrom: string;
  heloName: string;
  /** Domains a probed mailbox may be in (the tenant's own). */
  recipientDomains: string[];
  timeoutMs: number;
  /** At most one probe of the tenant per interval, across the whole server. */
  intervalMs: number;
}

export interface Quotas {
  reportsPerHour: number;
  classifyPerMinute: number;
  botActivitiesPerMinute: number;
  /** The .eml files one user's reports may keep, in bytes (as stored, base64). */
  emlBytesPerUser: number;
  /** After this many days a report's .eml is deleted (the report, headers and verdict stay). */
  emlRetentionDays: number;
}
