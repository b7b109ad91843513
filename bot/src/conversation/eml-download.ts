import { fetchAttachment, type DownloadPolicy } from './attachment-fetch.js';
import type { FileAttachment } from './bot-types.js';

export type Download = { ok: true; text: string } | { ok: false; reason: 'too-large' | 'not-eml' | 'failed' };

/** Fetches a Teams file attachment (its downloadUrl is pre-authorized) under `policy`, with a size cap and a timeout. */
export async function downloadAttachment(
  file: FileAttachment,
  maxBytes: number,
  timeoutMs: number,
  policy: DownloadPolicy,
): Promise<Download> {
  const ext = (file.fileType ?? file.name.split('.').pop() ?? '').toLowerCase();
  if (!['eml', 'txt'].includes(ext)) return { ok: false, reason: 'not-eml' };
  const fetched = await fetchAttachment(file.downloadUrl, policy, AbortSignal.timeout(timeoutMs));
  if (!fetched.ok) return { ok: false, reason: 'failed' };
  const response = fetched.response;
  try {
    if (Number(response.headers['content-length'] ?? '0') > maxBytes) return { ok: false, reason: 'too-large' };
    const chunks: Buffer[] = [];
    let total = 0;
    for await (const chunk of response as AsyncIterable<Buffer>) {
      total += chunk.byteLength;
      if (total > maxBytes) return { ok: false, reason: 'too-large' };
      chunks.push(chunk);
    }
    return { ok: true, text: Buffer.concat(chunks).toString('utf8') };
  } catch {
    return { ok: false, reason: 'failed' };
  } finally {
    response.destroy();
  }
}
