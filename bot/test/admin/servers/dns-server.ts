import { createSocket, type Socket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import * as dnsPacket from 'dns-packet';

/** A declarative zone: name -> type -> answers (TXT: string[] chunks, MX: { exchange, priority }, CNAME/A: string). */
export type Zone = Record<string, Record<string, unknown[]>>;

export interface DnsTestServer {
  /** "127.0.0.1:port", for Resolver.setServers. */
  address: string;
  /** Every query received, as "name TYPE". */
  queries: string[];
  close(): Promise<void>;
}

/** A tiny authoritative DNS server on 127.0.0.1 (UDP) answering from `zone`: NXDOMAIN for unknown names. */
export async function startDnsServer(zone: Zone): Promise<DnsTestServer> {
  const socket: Socket = createSocket('udp4');
  const queries: string[] = [];
  const lowerZone: Zone = Object.fromEntries(Object.entries(zone).map(([name, types]) => [name.toLowerCase(), types]));
  socket.on('message', (message, remote) => {
    let query: dnsPacket.Packet;
    try {
      query = dnsPacket.decode(message);
    } catch {
      return;
    }
    const question = query.questions?.[0];
    if (!question) return;
    queries.push(`${question.name} ${question.type}`);
    const byType = lowerZone[question.name.toLowerCase()];
    const answers = (byType?.[question.type] ?? []).map((data) => ({
      type: question.type,
      name: question.name,
      ttl: 60,
      data,
      class: 'IN' as const,
    }));
    const response = dnsPacket.encode({
      type: 'response',
      id: query.id ?? 0,
      flags: dnsPacket.AUTHORITATIVE_ANSWER | (byType ? 0 : 3),
      questions: [question],
      answers: answers as dnsPacket.Answer[],
    });
    socket.send(response, remote.port, remote.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address() as AddressInfo;
  return {
    address: `127.0.0.1:${port}`,
    queries,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
