import type { FileAttachment } from './bot-types.js';

export type Download = { ok: true; text: string } | { ok: false; reason: 'too-large' | 'not-eml' | 'failed' };

const LOOPBACK = new Set(['127.0.0.1', '::1', '[::1]', 'localhost']);

/** The attachment's downloadUrl when it may be followed: https, or http to loopback (local contract servers). */
export function downloadUrlOf(file: FileAttachment): URL | undefined {
  let url: URL;
  try {
    url = new URL(file.downloadUrl);
  } catch {
    return undefined;
  }
  return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname)) ? url : undefined;
}

/**
 * Fetches a Teams file attachment (its downloadUrl is pre-authorised) with a size cap and a timeout.
 * Only https, or http to loopback (local contract servers), is followed.
 */
export async function downloadAttachment(file: FileAttachment, maxBytes: number, timeoutMs: number, fetchImpl: typeof fetch = fetch): Promise<Download> {
  const ext = (file.fileType ?? file.name.split('.').pop() ?? '').toLowerCase();
  if (!['eml', 'txt'].includes(ext)) return { ok: false, reason: 'not-eml' };
  const url = downloadUrlOf(file);
  if (!url) return { ok: false, reason: 'failed' };
  try {
    const response = await fetchImpl(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
    if (!response.ok || !response.body) return { ok: false, reason: 'failed' };
    const declared = Number(response.headers.get('content-length') ?? '0');
    if (declared > maxBytes) {
      await response.body.cancel().catch(() => undefined);
      return { ok: false, reason: 'too-large' };
    }
    const chunks: Uint8Array[] = [];
    let total = 0;
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel().catch(() => undefined);
        return { ok: false, reason: 'too-large' };
      }
      chunks.push(value);
    }
    return { ok: true, text: Buffer.concat(chunks).toString('utf8') };
  } catch {
    return { ok: false, reason: 'failed' };
  }
}
