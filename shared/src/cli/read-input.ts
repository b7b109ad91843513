import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';

/**
 * Only the header block matters, so at most this much of a file is read: a 40 MB .eml with attachments costs
 * no more than its headers. The classifier reports a header block that does not end within it.
 */
export const READ_LIMIT_BYTES = 4 * 1024 * 1024;

function decode(buffer: Buffer): string {
  // UTF-16LE exports (with BOM) from some tools; everything else is read as UTF-8 (headers are 7-bit ASCII).
  if (buffer[0] === 0xff && buffer[1] === 0xfe) return buffer.subarray(2).toString('utf16le');
  return buffer.toString('utf8');
}

export async function readFileHead(path: string): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(READ_LIMIT_BYTES);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    return decode(buffer.subarray(0, length));
  } finally {
    await handle.close();
  }
}

export async function readStreamHead(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of stream) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    chunks.push(buffer);
    length += buffer.length;
    if (length >= READ_LIMIT_BYTES) break;
  }
  return decode(Buffer.concat(chunks).subarray(0, READ_LIMIT_BYTES));
}
