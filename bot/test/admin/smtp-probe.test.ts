import { createServer as createTcpServer, type AddressInfo, type Server } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { ProbeLimiter, ProbeRefusedError, probeDirectSend } from '../../src/admin/probe/smtp-probe.js';

interface Scripted {
  port: number;
  commands: string[];
  dataCount: () => number;
  close(): Promise<void>;
}

/** A real SMTP server answering RCPT TO the way Exchange Online does in each case. */
async function exchangeLike(rcptReply: { code: number; message: string } | 'accept'): Promise<Scripted> {
  const commands: string[] = [];
  let data = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    banner: 'CY4PEPF0000EDD1.mail.protection.outlook.com Microsoft ESMTP MAIL Service ready',
    onConnect: (_s, cb) => cb(),
    onMailFrom: (address, _s, cb) => {
      commands.push(`MAIL ${address.address}`);
      cb();
    },
    onRcptTo: (address, _s, cb) => {
      commands.push(`RCPT ${address.address}`);
      if (rcptReply === 'accept') return cb();
      cb(Object.assign(new Error(rcptReply.message), { responseCode: rcptReply.code }));
    },
    onData: (stream, _s, cb) => {
      data += 1;
      stream.resume();
      stream.on('end', () => cb());
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = ((server as unknown as { server: Server }).server.address() as AddressInfo).port;
  return { port, commands, dataCount: () => data, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const options = (port: number) => ({
  host: '127.0.0.1', port, heloName: 'probe.contoso.com', mailFrom: 'probe@contoso.com', rcptTo: 'test-mailbox@contoso.com',
  confirmed: true, limiter: new ProbeLimiter(60_000), timeoutMs: 3000,
});

test.each([
  [{ code: 550, message: '5.7.68 TenantInboundAttribution; Direct Send not allowed for this organization from unauthorized sources' }, 'enforced'],
  ['accept' as const, 'open'],
  [{ code: 550, message: '5.7.51 TenantInboundAttribution; There is a partner connector configured that matched the message\'s recipient domain' }, 'lockdown-connector'],
  [{ code: 550, message: '5.4.1 Recipient address rejected: Access denied' }, 'inconclusive'],
  [{ code: 550, message: '5.7.606 Access denied, banned sending IP [192.0.2.1]' }, 'inconclusive'],
  [{ code: 451, message: '4.7.500 Server busy. Please try again later' }, 'deferred'],
])('RCPT TO answered %j means %s, and DATA is never sent', async (reply, outcome) => {
  const server = await exchangeLike(reply);
  try {
    const result = await probeDirectSend(options(server.port));
    expect(result.outcome).toBe(outcome);
    expect(server.commands).toEqual(['MAIL probe@contoso.com', 'RCPT test-mailbox@contoso.com']);
    expect(result.transcript.filter((t) => t.sent).map((t) => t.sent)).toEqual(['EHLO probe.contoso.com', 'MAIL FROM:<probe@contoso.com>', 'RCPT TO:<test-mailbox@contoso.com>', 'RSET', 'QUIT']);
    expect(server.dataCount()).toBe(0);
  } finally {
    await server.close();
  }
});

test('a silent server is a timeout; no confirmation or a second probe within a minute is refused', async () => {
  const silent = createTcpServer(() => undefined);
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const port = (silent.address() as AddressInfo).port;
  try {
    const limiter = new ProbeLimiter(60_000);
    const result = await probeDirectSend({ ...options(port), timeoutMs: 300, limiter });
    expect(result.outcome).toBe('timeout');
    await expect(probeDirectSend({ ...options(port), limiter })).rejects.toMatchObject({ code: 'rate-limited' });
    await expect(probeDirectSend({ ...options(port), confirmed: false })).rejects.toBeInstanceOf(ProbeRefusedError);
    await expect(probeDirectSend({ ...options(port), mailFrom: 'a@b.com>\r\nDATA' })).rejects.toMatchObject({ code: 'bad-address' });
  } finally {
    silent.close();
  }
});
