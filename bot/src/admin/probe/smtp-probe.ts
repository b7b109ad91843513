import { Socket, connect } from 'node:net';
import { strings } from '../strings.js';

export type ProbeOutcome =
  'enforced' | 'open' | 'lockdown-connector' | 'inconclusive' | 'deferred' | 'timeout' | 'unreachable';

export interface SmtpReply {
  code: number;
  /** Enhanced status code ("5.7.68") when the reply has one. */
  enhanced?: string;
  text: string;
}

export interface ProbeResult {
  outcome: ProbeOutcome;
  /** The reply the outcome rests on. */
  reply?: SmtpReply;
  /** Commands sent and replies received, in order (no message data is ever sent). */
  transcript: { sent?: string; reply?: SmtpReply }[];
  detail: string;
}

export interface ProbeOptions {
  /** The tenant's MX host (<domain-dashes>.mail.protection.outlook.com). */
  host: string;
  port?: number;
  /** Name announced in EHLO. */
  heloName: string;
  /** An address in an accepted domain (the envelope sender RejectDirectSend judges). */
  mailFrom: string;
  /** One test mailbox of the tenant. */
  rcptTo: string;
  /** The admin's explicit confirmation; without it nothing is sent. */
  confirmed: boolean;
  timeoutMs?: number;
  limiter?: ProbeGate;
}

export class ProbeRefusedError extends Error {
  constructor(
    readonly code: 'not-confirmed' | 'rate-limited' | 'bad-address',
    message: string,
  ) {
    super(message);
    this.name = 'ProbeRefusedError';
  }
}

/** 0 = the probe of `host` may run now (and the gate is taken), else the ms to wait; the server's is in the database. */
export interface ProbeGate {
  tryAcquire(host: string): number | Promise<number>;
}

/** At most one probe per host per interval; refuses (never queues) so an admin cannot hammer a tenant's MX. */
export class ProbeLimiter implements ProbeGate {
  private readonly last = new Map<string, number>();

  constructor(
    private readonly intervalMs = 60_000,
    private readonly clock: () => number = Date.now,
  ) {}

  tryAcquire(host: string): number {
    const now = this.clock();
    const previous = this.last.get(host.toLowerCase());
    if (previous !== undefined && now - previous < this.intervalMs) return previous + this.intervalMs - now;
    this.last.set(host.toLowerCase(), now);
    return 0;
  }
}

export const defaultProbeLimiter = new ProbeLimiter();

/** What a reply to MAIL FROM or RCPT TO says about Direct Send enforcement (DOMAIN.md §5). */
/** The reply's code and enhanced status, as an admin reads them ("550 5.7.1"). */
const replyCode = (reply: SmtpReply): string => `${reply.code}${reply.enhanced ? ` ${reply.enhanced}` : ''}`;

export function interpretReply(reply: SmtpReply): { outcome: ProbeOutcome; detail: string } {
  const text = `${reply.enhanced ?? ''} ${reply.text}`;
  if (/\b5\.7\.68\b/.test(text)) return { outcome: 'enforced', detail: strings.probe.enforced };
  if (/\b5\.7\.51\b/.test(text))
    return {
      outcome: 'lockdown-connector',
      detail: strings.probe.lockdownConnector,
    };
  if (/\b5\.4\.1\b|\b5\.7\.606\b/.test(text)) {
    return {
      outcome: 'inconclusive',
      detail: strings.probe.refusedEarly(reply.enhanced ?? String(reply.code)),
    };
  }
  if (reply.code >= 200 && reply.code < 300) return { outcome: 'open', detail: strings.probe.open };
  if (reply.code >= 400 && reply.code < 500)
    return {
      outcome: 'deferred',
      detail: strings.probe.deferred(replyCode(reply)),
    };
  return {
    outcome: 'inconclusive',
    detail: strings.probe.otherRejection(replyCode(reply)),
  };
}

const SAFE_ADDRESS = /^[^\s<>@]+@[a-z0-9.-]+$/i;
const SAFE_NAME = /^[a-z0-9.-]+$/i;

class ReplyReader {
  private buffer = '';
  private lines: string[] = [];
  private waiting: ((reply: SmtpReply | Error) => void) | undefined;
  private failure: Error | undefined;

  constructor(private readonly socket: Socket) {
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      for (let nl = this.buffer.indexOf('\n'); nl >= 0; nl = this.buffer.indexOf('\n')) {
        this.lines.push(this.buffer.slice(0, nl).replace(/\r$/, ''));
        this.buffer = this.buffer.slice(nl + 1);
      }
      if (this.buffer.length > 65536) this.fail(new Error('reply line too long'));
      this.deliver();
    });
    socket.on('error', (error) => this.fail(error));
    socket.on('close', () => this.fail(new Error('connection closed')));
  }

  next(): Promise<SmtpReply> {
    return new Promise((resolve, reject) => {
      this.waiting = (value) => (value instanceof Error ? reject(value) : resolve(value));
      this.deliver();
    });
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.deliver();
  }

  private deliver(): void {
    if (!this.waiting) return;
    const end = this.lines.findIndex((line) => /^\d{3}(?: |$)/.test(line));
    if (end >= 0) {
      const lines = this.lines.splice(0, end + 1);
      const code = Number(lines[end]!.slice(0, 3));
      const text = lines.map((line) => line.slice(4)).join('\n');
      const enhanced = /^([245]\.\d{1,3}\.\d{1,3})\b/.exec(lines[end]!.slice(4))?.[1];
      const waiting = this.waiting;
      this.waiting = undefined;
      waiting(enhanced ? { code, enhanced, text } : { code, text });
    } else if (this.failure) {
      const waiting = this.waiting;
      this.waiting = undefined;
      waiting(this.failure);
    }
  }
}

/**
 * The optional live check: EHLO, MAIL FROM an accepted-domain address, RCPT TO one mailbox, then RSET and
 * QUIT. DATA is never sent, so no message is ever delivered. Runs only with the admin's confirmation and
 * at most once per host per minute. Reading Get-OrganizationConfig stays the primary check: cloud hosts
 * usually block outbound port 25, which shows here as a timeout.
 */
export async function probeDirectSend(options: ProbeOptions): Promise<ProbeResult> {
  if (!options.confirmed) throw new ProbeRefusedError('not-confirmed', strings.probe.notConfirmed);
  if (
    !SAFE_ADDRESS.test(options.mailFrom) ||
    !SAFE_ADDRESS.test(options.rcptTo) ||
    !SAFE_NAME.test(options.heloName) ||
    !SAFE_NAME.test(options.host)
  ) {
    throw new ProbeRefusedError('bad-address', strings.probe.badAddress);
  }
  const wait = await (options.limiter ?? defaultProbeLimiter).tryAcquire(options.host);
  if (wait > 0)
    throw new ProbeRefusedError('rate-limited', strings.probe.rateLimited(options.host, Math.ceil(wait / 1000)));

  const transcript: ProbeResult['transcript'] = [];
  const socket = connect({ host: options.host, port: options.port ?? 25 });
  const timeoutMs = options.timeoutMs ?? 20_000;
  let timedOut = false;
  // A whole-conversation deadline (an idle timeout alone lets an MX that drips its replies hold a turn for minutes).
  const deadline = setTimeout(() => {
    timedOut = true;
    socket.destroy(new Error('timed out'));
  }, timeoutMs);
  const reader = new ReplyReader(socket);
  const send = async (command: string): Promise<SmtpReply> => {
    transcript.push({ sent: command });
    socket.write(`${command}\r\n`);
    const reply = await reader.next();
    transcript.push({ reply });
    return reply;
  };
  const finish = async (result: Omit<ProbeResult, 'transcript'>): Promise<ProbeResult> => {
    try {
      if (!socket.destroyed) {
        await send('RSET');
        await send('QUIT');
      }
    } catch {
      // the answer is already known; a server that hangs up early changes nothing
    }
    clearTimeout(deadline);
    socket.destroy();
    return { ...result, transcript };
  };
  try {
    const greeting = await reader.next();
    transcript.push({ reply: greeting });
    if (greeting.code !== 220)
      return await finish({ outcome: 'inconclusive', reply: greeting, detail: strings.probe.greeting(greeting.code) });
    const ehlo = await send(`EHLO ${options.heloName}`);
    if (ehlo.code !== 250) return await finish({ ...interpretReply(ehlo), reply: ehlo });
    const mail = await send(`MAIL FROM:<${options.mailFrom}>`);
    if (mail.code !== 250) return await finish({ ...interpretReply(mail), reply: mail });
    const rcpt = await send(`RCPT TO:<${options.rcptTo}>`);
    return await finish({ ...interpretReply(rcpt), reply: rcpt });
  } catch (error) {
    clearTimeout(deadline);
    socket.destroy();
    if (timedOut) {
      return {
        outcome: 'timeout',
        transcript,
        detail: strings.probe.timeout(timeoutMs),
      };
    }
    return { outcome: 'unreachable', transcript, detail: error instanceof Error ? error.message : String(error) };
  }
}
