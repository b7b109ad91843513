import { z } from 'zod';

const NIL_UUID = '00000000-0000-0000-0000-000000000000';
const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a UUID');

const emptyToUndefined = (v: unknown): unknown => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(emptyToUndefined, schema.optional());
const flag = (fallback: boolean) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z
      .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'])
      .optional()
      .transform((v) => (v === undefined ? fallback : ['1', 'true', 'yes', 'on'].includes(v))),
  );
const list = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (v) =>
      typeof v === 'string'
        ? v
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : v,
    z.array(item).default([]),
  );
const int = (fallback: number, min: number, max: number) =>
  z.preprocess(emptyToUndefined, z.coerce.number().int().min(min).max(max).default(fallback));
const httpUrl = z
  .string()
  .url()
  .refine((u) => /^https?:\/\//.test(u), 'must be an http(s) URL');

const knownSender = z.object({
  name: z.string().min(1),
  ips: z.array(z.string()).optional(),
  addresses: z.array(z.string()).optional(),
});

/** Every variable the server reads. Unknown variables (packaging, the shell's own) are ignored. */
export const configSchema = z.object({
  DSGUARD_ENV: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^[a-z0-9-]+$/)
      .default('local'),
  ),
  PORT: int(3000, 0, 65535),
  HOST: z.preprocess(emptyToUndefined, z.string().default('0.0.0.0')),
  DSGUARD_HTTP: flag(false),
  DSGUARD_DEMO: flag(false),
  PUBLIC_URL: optional(httpUrl),
  CERTS_DIR: optional(z.string()),
  ADDIN_DIST: optional(z.string()),
  LOG_LEVEL: z.preprocess(emptyToUndefined, z.enum(['debug', 'info', 'warn', 'error']).default('info')),

  DATA_DIR: z.preprocess(emptyToUndefined, z.string().default('data')),
  SQLITE_PATH: optional(z.string()),
  DATABASE_URL: optional(z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')),

  BOT_ID: optional(uuid.transform((v) => (v === NIL_UUID ? undefined : v.toLowerCase()))),
  BOT_PASSWORD: optional(z.string()),
  BOT_TENANT_ID: optional(uuid),

  ENTRA_TENANT_ID: optional(uuid),
  ENTRA_CLIENT_ID: optional(uuid),
  ENTRA_AUDIENCES: list(z.string().min(1)),
  ENTRA_AUTHORITY_HOST: z.preprocess(emptyToUndefined, httpUrl.default('https://login.microsoftonline.com')),
  ADMIN_USER_IDS: list(uuid),
  ADMIN_GROUP_IDS: list(uuid),

  ACCEPTED_DOMAINS: list(z.string().regex(/^(\*\.)?[a-z0-9.-]+$/i, 'must be domain names')),
  GATEWAY_IPS: list(z.string().min(2)),
  KNOWN_SENDERS: z.preprocess((v) => {
    if (typeof v !== 'string' || v.trim() === '') return [];
    try {
      return JSON.parse(v) as unknown;
    } catch {
      return v;
    }
  }, z.array(knownSender)),
  NOTIFY_DIRECT_SEND: flag(false),

  SECURITY_CHANNEL_ID: optional(
    z.string().regex(/^19:.+@thread\.(tacv2|skype)$/, 'must be a Teams channel id (19:...@thread.tacv2)'),
  ),

  ALERT_WEBHOOK_URL: optional(httpUrl),
  ALERT_WEBHOOK_SECRET: optional(z.string().min(16)),
  SENTINEL_ENDPOINT: optional(httpUrl),
  SENTINEL_DCR_ID: optional(z.string().regex(/^dcr-[0-9a-f]{32}$/, 'must be a DCR immutable id (dcr-...)')),
  SENTINEL_STREAM: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^Custom-[A-Za-z0-9_]+$/)
      .default('Custom-DSGuardReports_CL'),
  ),
  SENTINEL_TENANT_ID: optional(uuid),
  SENTINEL_CLIENT_ID: optional(uuid),
  SENTINEL_CLIENT_SECRET: optional(z.string()),
  SYSLOG_HOST: optional(z.string()),
  SYSLOG_PORT: int(514, 1, 65535),
  SYSLOG_PROTOCOL: z.preprocess(emptyToUndefined, z.enum(['udp', 'tcp']).default('udp')),

  DSGUARD_TENANT_ID: optional(uuid),
  DSGUARD_CLIENT_ID: optional(uuid),
  DSGUARD_CLIENT_SECRET: optional(z.string()),
  DSGUARD_TENANT_DOMAIN: optional(z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/i, 'must be a domain name')),
  EXCHANGE_ADMIN_URL: optional(httpUrl),
  DNS_SERVERS: list(z.string().regex(/^[0-9a-f.:[\]]+$/i, 'must be IP[:port] addresses')),
  GRAPH_URL: z.preprocess(emptyToUndefined, httpUrl.default('https://graph.microsoft.com/v1.0')),

  PROBE_MX_HOST: optional(z.string().regex(/^[a-z0-9-]+(\.[a-z0-9-]+)*$/i, 'must be a host name or IPv4 address')),
  PROBE_MAIL_FROM: optional(z.string().regex(/^[^\s<>@]+@[a-z0-9.-]+\.[a-z]{2,}$/i, 'must be a plain email address')),
  PROBE_PORT: int(25, 1, 65535),
  // Below the ~15 s a Teams card button may take to answer.
  PROBE_TIMEOUT_MS: int(10000, 500, 12000),
  PROBE_INTERVAL_MS: int(60000, 1000, 86400000),

  WATCH_SOURCES: list(z.enum(['defender', 'trace'], { message: 'must be defender, trace or both (comma-separated)' })),
  WATCH_INTERVAL_S: int(300, 5, 86400),
  WATCH_TAG: flag(false),

  MAX_EML_BYTES: int(10 * 1024 * 1024, 1024, 100 * 1024 * 1024),
  MAX_TRACE_BYTES: int(200 * 1024 * 1024, 1024, 2048 * 1024 * 1024),
  TRACE_IMPORT_TIMEOUT_MS: int(600000, 1000, 3600000),
  MAX_BODY_BYTES: int(16 * 1024 * 1024, 1024, 200 * 1024 * 1024),
  DOWNLOAD_TIMEOUT_MS: int(15000, 100, 120000),

  // Per user (Entra object id, Teams user, or the local user), counted in the database so every instance shares them.
  RATE_LIMIT_REPORTS_PER_HOUR: int(120, 1, 1_000_000_000),
  RATE_LIMIT_CLASSIFY_PER_MINUTE: int(120, 1, 1_000_000_000),
  RATE_LIMIT_BOT_PER_MINUTE: int(60, 1, 1_000_000_000),
  MAX_EML_STORAGE_MB_PER_USER: int(500, 1, 1_000_000),
  EML_RETENTION_DAYS: int(90, 1, 36500),
});

export type RawConfig = z.infer<typeof configSchema>;
