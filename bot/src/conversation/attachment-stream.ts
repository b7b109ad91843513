import type { FileAttachment } from './bot-types.js';
import { downloadUrlOf } from './eml-download.js';

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
 * Opens a Teams file attachment (pre-authorised downloadUrl) as a byte stream for large files: a declared
 * length over `maxBytes` is refused up front, and the stream throws AttachmentTooLargeError as soon as more
 * bytes than that arrive. `signal` bounds the whole download, body included.
 */
export async function openAttachmentStream(file: FileAttachment, maxBytes: number, signal: AbortSignal, fetchImpl: typeof fetch = fetch): Promise<AttachmentStream> {
  const url = downloadUrlOf(file);
  if (!url) return { ok: false, reason: 'failed' };
  let response: Response;
  try {
    response = await fetchImpl(url, { signal, redirect: 'follow' });
  } catch {
    return { ok: false, reason: signal.aborted ? 'timeout' : 'failed' };
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel().catch(() => undefined);
    return { ok: false, reason: 'failed' };
  }
  const declaredText = response.headers.get('content-length');
  const declared = declaredText === null ? undefined : Number(declaredText);
  if (declared !== undefined && declared > maxBytes) {
    await response.body.cancel().catch(() => undefined);
    return { ok: false, reason: 'too-large' };
  }
  const reader = response.body.getReader();
  async function* body(): AsyncGenerator<Uint8Array> {
    let total = 0;
    try {
      for (;;) {
        let chunk: Awaited<ReturnType<typeof reader.read>>;
        try {
          chunk = await reader.read();
        } catch (error) {
          throw new AttachmentReadError(signal.aborted ? 'timeout' : 'failed', { cause: error });
        }
        const { done, value } = chunk;
        if (done) return;
        total += value.byteLength;
        if (total > maxBytes) throw new AttachmentTooLargeError(maxBytes);
        yield value;
      }
    } finally {
      // Stops the download when the reader gave up early (too large, unreadable file).
      await reader.cancel().catch(() => undefined);
    }
  }
  return { ok: true, body: body(), ...(declared !== undefined && Number.isFinite(declared) ? { declaredBytes: declared } : {}) };
}
