import type { FileAttachment } from './bot-types.js';
import { fetchAttachment, type DownloadPolicy } from './attachment-fetch.js';

/** A message trace export, by the type Teams gives (or the name's extension). */
export function isCsvAttachment(file: FileAttachment): boolean {
  return (file.fileType ?? file.name.split('.').pop() ?? '').toLowerCase() === 'csv';
}

/** Thrown by the stream when the file turns out larger than allowed (no content-length, or a wrong one). */
export class AttachmentTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`larger than ${maxBytes} bytes`);
    this.name = 'AttachmentTooLargeError';
  }
}

/** Thrown by the stream when the download stops midway: cut off, or `signal` ran out. */
export class AttachmentReadError extends Error {
  constructor(
    readonly reason: 'timeout' | 'failed',
    options?: { cause: unknown },
  ) {
    super(reason === 'timeout' ? 'the download timed out' : 'the download failed', options);
    this.name = 'AttachmentReadError';
  }
}

export type AttachmentStream =
  | { ok: true; body: AsyncIterable<Uint8Array>; declaredBytes?: number }
  | { ok: false; reason: 'too-large' | 'timeout' | 'failed' };

/**
 * Opens a Teams file attachment (pre-authorized downloadUrl, fetched under `policy`) as a byte stream for large
 * files: a declared length over `maxBytes` is refused up front, and the stream throws AttachmentTooLargeError as
 * soon as more bytes than that arrive. `signal` bounds the whole download, body included.
 */
export async function openAttachmentStream(
  file: FileAttachment,
  maxBytes: number,
  signal: AbortSignal,
  policy: DownloadPolicy,
): Promise<AttachmentStream> {
  const fetched = await fetchAttachment(file.downloadUrl, policy, signal);
  if (!fetched.ok) return { ok: false, reason: fetched.reason === 'timeout' ? 'timeout' : 'failed' };
  const response = fetched.response;
  const declaredText = response.headers['content-length'];
  const declared = declaredText === undefined ? undefined : Number(declaredText);
  if (declared !== undefined && declared > maxBytes) {
    response.destroy();
    return { ok: false, reason: 'too-large' };
  }
  async function* body(): AsyncGenerator<Uint8Array> {
    let total = 0;
    const chunks = response[Symbol.asyncIterator]();
    try {
      for (;;) {
        let chunk: IteratorResult<Buffer>;
        try {
          chunk = (await chunks.next()) as IteratorResult<Buffer>;
        } catch (error) {
          throw new AttachmentReadError(signal.aborted ? 'timeout' : 'failed', { cause: error });
        }
        if (chunk.done) return;
        total += chunk.value.byteLength;
        if (total > maxBytes) throw new AttachmentTooLargeError(maxBytes);
        yield chunk.value;
      }
    } finally {
      // Stops the download when the reader gave up early (too large, unreadable file).
      response.destroy();
    }
  }
  return {
    ok: true,
    body: body(),
    ...(declared !== undefined && Number.isFinite(declared) ? { declaredBytes: declared } : {}),
  };
}
