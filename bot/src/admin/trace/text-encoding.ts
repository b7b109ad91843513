export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be';

/**
 * Message trace exports arrive as UTF-8 (with or without BOM) or UTF-16LE (historical search; often without
 * BOM). Without a BOM, UTF-16 shows as NUL bytes in every other position of the ASCII header row.
 */
export function detectEncoding(head: Uint8Array): { encoding: TextEncodingName; bom: boolean } {
  const [b0, b1, b2, b3] = [head[0], head[1], head[2], head[3]];
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return { encoding: 'utf-8', bom: true };
  if (b0 === 0xff && b1 === 0xfe) return { encoding: 'utf-16le', bom: true };
  if (b0 === 0xfe && b1 === 0xff) return { encoding: 'utf-16be', bom: true };
  if (head.length >= 4 && b0 !== 0 && b1 === 0 && b2 !== 0 && b3 === 0) return { encoding: 'utf-16le', bom: false };
  if (head.length >= 4 && b0 === 0 && b1 !== 0 && b2 === 0 && b3 !== 0) return { encoding: 'utf-16be', bom: false };
  return { encoding: 'utf-8', bom: false };
}

/** A streaming decoder: chunk boundaries may split a character; the BOM, if any, is dropped. */
export function createDecoder(encoding: TextEncodingName): (chunk: Uint8Array | undefined) => string {
  const decoder = new TextDecoder(encoding, { fatal: false, ignoreBOM: false });
  return (chunk) => (chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode());
}
