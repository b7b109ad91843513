import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { ProbeLimiter, ProbeRefusedError, probeDirectSend } from '../../src/admin/probe/smtp-probe.js';
import { startExchangeSmtp } from '../support/exchange-smtp.js';

const options = (port: number) => ({
  host: '127.0.0.1',
  port,
  heloName: 'probe.contoso.com',
  mailFrom: 'probe@contoso.com',
  rcptTo: 'test-mailbox@contoso.com',
  confirmed: true,
  limiter: new ProbeLimiter(60_000),
  timeoutMs: 3000,
});

test.each([
  ['enforced', 'enforced'],
  ['open', 'open'],
  ['lockdown', 'lockdown-connector'],
  ['unknown', 'inconclusive'],
  ['banned', 'inconclusive'],
  ['busy', 'deferred'],
])(
  'RCPT TO the %s case (as Exchange Online answers it, see EXCHANGE_RCPT_REPLIES) means %s, and DATA is never sent',
  async (mailbox, outcome) => {
    const server = await startExchangeSmtp();
    try {
      const result = await probeDirectSend({ ...options(server.port), rcptTo: `${mailbox}@contoso.com` });
      expect(result.outcome).toBe(outcome);
      expect(server.commands).toEqual(['MAIL probe@contoso.com', `RCPT ${mailbox}@contoso.com`]);
      expect(result.transcript.filter((t) => t.sent).map((t) => t.sent)).toEqual([
        'EHLO probe.contoso.com',
        'MAIL FROM:<probe@contoso.com>',
        `RCPT TO:<${mailbox}@contoso.com>`,
        'RSET',
        'QUIT',
      ]);
      expect(server.dataCount()).toBe(0);
    } finally {
      await server.close();
    }
  },
);

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
    await expect(probeDirectSend({ ...options(port), mailFrom: 'a@b.com>\r\nDATA' })).rejects.toMatchObject({
      code: 'bad-address',
    });
  } finally {
    silent.close();
  }
});
