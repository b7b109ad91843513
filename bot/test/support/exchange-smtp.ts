import type { AddressInfo, Server } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ExchangeSmtp {
  port: number;
  /** Connections accepted, and MAIL/RCPT commands seen, in order. */
  connections: () => number;
  commands: string[];
  dataCount: () => number;
  close(): Promise<void>;
}

/** What Exchange Online answers RCPT TO in each case (DOMAIN.md §5), chosen by the mailbox's local part. */
export const EXCHANGE_RCPT_REPLIES: Record<string, { code: number; message: string } | 'accept'> = {
  enforced: {
    code: 550,
    message: '5.7.68 TenantInboundAttribution; Direct Send not allowed for this organization from unauthorized sources',
  },
  open: 'accept',
  lockdown: {
    code: 550,
    message:
      "5.7.51 TenantInboundAttribution; There is a partner connector configured that matched the message's recipient domain",
  },
  unknown: {
    code: 550,
    message: '5.4.1 Recipient address rejected: Access denied. For more information see https://aka.ms/EXOSmtpErrors',
  },
  banned: { code: 550, message: '5.7.606 Access denied, banned sending IP [192.0.2.1]' },
  busy: { code: 451, message: '4.7.500 Server busy. Please try again later' },
};

/** A real SMTP server scripted like Exchange Online's MX (banner, no AUTH on port 25, RCPT replies above). */
export async function startExchangeSmtp(): Promise<ExchangeSmtp> {
  const commands: string[] = [];
  let connections = 0;
  let data = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    banner: 'CY4PEPF0000EDD1.mail.protection.outlook.com Microsoft ESMTP MAIL Service ready',
    onConnect: (_s, cb) => {
      connections += 1;
      cb();
    },
    onMailFrom: (address, _s, cb) => {
      commands.push(`MAIL ${address.address}`);
      cb();
    },
    onRcptTo: (address, _s, cb) => {
      commands.push(`RCPT ${address.address}`);
      const reply = EXCHANGE_RCPT_REPLIES[address.address.split('@')[0]!] ?? 'accept';
      if (reply === 'accept') return cb();
      cb(Object.assign(new Error(reply.message), { responseCode: reply.code }));
    },
    onData: (stream, _s, cb) => {
      data += 1;
      stream.resume();
      stream.on('end', () => cb());
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = ((server as unknown as { server: Server }).server.address() as AddressInfo).port;
  return {
    port,
    connections: () => connections,
    commands,
    dataCount: () => data,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
