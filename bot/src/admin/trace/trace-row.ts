/** Where a trace row came from; kept per source so an admin can see which data backs an aggregate. */
export type TraceOrigin = 'csv-summary' | 'csv-extended' | 'csv-connector' | 'graph-trace' | 'defender' | 'verdict';

/** One inbound message (or one receive event) from any source, normalized for the inventory. */
export interface TraceRow {
  origin: TraceOrigin;
  /** Milliseconds since the epoch. */
  receivedAt?: number;
  /** Envelope sender (P1) when the source says so, else the best sender address it has; lower-case. */
  senderAddress?: string;
  /** Header From (P2) when the source distinguishes it (Defender, classifier verdicts); lower-case. */
  fromAddress?: string;
  recipients: string[];
  subject?: string;
  clientIp?: string;
  helo?: string;
  /** Inbound connector name or id; empty or absent means the message matched no connector. */
  connector?: string;
  directionality?: string;
  /** Authentication outcomes as reported, e.g. { spf: 'fail', dmarc: 'fail', compauth: 'fail' }. */
  auth?: Record<string, string>;
  /** Classifier verdict code when the row comes from a stored report or add-in classification. */
  verdict?: string;
  networkMessageId?: string;
}

export function normalizeAddress(value: string | undefined): string | undefined {
  if (!value) return undefined;
  let text = value.trim();
  if (text.charCodeAt(0) === 60 || text.charCodeAt(text.length - 1) === 62) text = text.replace(/^<|>$/g, '');
  return text === '' ? undefined : text.toLowerCase();
}

/**
 * A copy of `text` that does not share memory with the (large) chunk it was sliced from. V8 keeps a whole
 * parent string alive for any slice of it, so values kept in long-lived aggregates are detached first.
 */
export function detach(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}

const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(AM|PM)?$/i;

/** Message trace exports carry ISO 8601 (7-digit fractions) or, from some EAC downloads, US-style UTC times. */
export function parseTraceTime(value: string): number | undefined {
  const text = value.trim();
  if (text === '') return undefined;
  if (text.length >= 20 && text.charCodeAt(text.length - 1) === 90 && text.charCodeAt(4) === 45) {
    const fast = Date.parse(text);
    if (!Number.isNaN(fast)) return fast;
  }
  const iso = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(text) || !text.includes('T') ? text : `${text}Z`);
  if (!Number.isNaN(iso) && /^\d{4}-\d\d-\d\d/.test(text)) return iso;
  const us = US_DATE.exec(text);
  if (!us) return undefined;
  let hour = Number(us[4]);
  const meridiem = us[7]?.toUpperCase();
  if (meridiem === 'PM' && hour < 12) hour += 12;
  if (meridiem === 'AM' && hour === 12) hour = 0;
  const time = Date.UTC(Number(us[3]), Number(us[1]) - 1, Number(us[2]), hour, Number(us[5]), Number(us[6] ?? 0));
  return Number.isNaN(time) ? undefined : time;
}
