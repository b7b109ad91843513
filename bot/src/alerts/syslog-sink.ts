import dgram from 'node:dgram';
import net from 'node:net';
import os from 'node:os';
import type { Report } from '../reports/report-types.js';
import { DeliveryError, type AlertSink } from './alert-sink.js';
import { cefIncidentLine, cefLine } from './cef.js';
import type { IncidentAlert } from './incident-alert.js';

const FACILITY_LOCAL4 = 20;
const SEVERITY_WARNING = 4;

/** RFC 5424 syslog message carrying a CEF payload. */
export function syslogMessage(report: Report, productVersion: string, hostname = os.hostname()): string {
  return syslogFrame(cefLine(report, productVersion), hostname);
}

function syslogFrame(cef: string, hostname = os.hostname()): string {
  const pri = FACILITY_LOCAL4 * 8 + SEVERITY_WARNING;
  return `<${pri}>1 ${new Date().toISOString()} ${hostname.replace(/\s/g, '') || '-'} dsguard - - - ${cef}`;
}

/** CEF over syslog: one UDP datagram per alert, or newline-framed on TCP (what rsyslog and AMA expect). */
export function syslogSink(options: {
  host: string;
  port: number;
  protocol: 'udp' | 'tcp';
  timeoutMs?: number;
  productVersion: string;
}): AlertSink {
  const timeoutMs = options.timeoutMs ?? 10000;
  const send = (text: string): Promise<void> => {
    const message = Buffer.from(text, 'utf8');
    return options.protocol === 'udp'
      ? sendUdp(message, options.host, options.port)
      : sendTcp(Buffer.concat([message, Buffer.from('\n')]), options.host, options.port, timeoutMs);
  };
  return {
    kind: 'syslog',
    deliver: (report: Report) => send(syslogMessage(report, options.productVersion)),
    deliverIncident: (alert: IncidentAlert) => send(syslogFrame(cefIncidentLine(alert, options.productVersion))),
    deliverIncidentUpdate: (alert: IncidentAlert) =>
      send(syslogFrame(cefIncidentLine(alert, options.productVersion, 'watch.incident.updated'))),
  };
}

function sendUdp(message: Buffer, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket(net.isIPv6(host) ? 'udp6' : 'udp4');
    socket.send(message, port, host, (error) => {
      socket.close();
      if (error) reject(new DeliveryError(`syslog UDP send failed: ${error.message}`));
      else resolve();
    });
  });
}

function sendTcp(message: Buffer, host: string, port: number, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.createConnection({ host, port });
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error('timed out')));
    socket.once('error', (error) => reject(new DeliveryError(`syslog TCP send failed: ${error.message}`)));
    socket.once('connect', () => socket.end(message, () => resolve()));
  });
}
