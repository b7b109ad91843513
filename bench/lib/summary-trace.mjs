// For benchmarks: a generated EAC message trace summary export (the format `dsguard inventory import` reads).
import { createWriteStream } from 'node:fs';

const HEADER =
  'origin_timestamp_utc,sender_address,recipient_status,message_subject,total_bytes,message_id,network_message_id,' +
  'original_client_ip,directionality,connector_id,delivery_priority\n';

/**
 * Writes `rows` summary rows to `file`, streamed in 1 MB chunks. `rowFor(i)` names row i's time (ms), sender,
 * subject (CSV-quoted where needed), source number and connecting IP; sizes and ids follow from i.
 */
export async function writeSummaryTrace(file, rows, rowFor) {
  const out = createWriteStream(file);
  out.write(HEADER);
  let chunk = '';
  for (let i = 0; i < rows; i += 1) {
    const { when, sender, subject, source, ip } = rowFor(i);
    const timestamp = new Date(when).toISOString().replace('Z', '0000Z');
    const networkMessageId = `6a1f2c3d-${String(i % 10000).padStart(4, '0')}-4b5a-8c9d-0e1f2a3b4c5d`;
    chunk +=
      `${timestamp},${sender},"user${i % 400}@contoso.com##Receive, Deliver",${subject},${2000 + (i % 9000)},` +
      `<${i}.${source}@contoso.com>,${networkMessageId},${ip},Incoming,,Normal\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await new Promise((r) => out.once('drain', r));
      chunk = '';
    }
  }
  out.end(chunk);
  await new Promise((r) => out.once('finish', r));
}
