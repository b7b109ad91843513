/** RFC 2047 encoded words ("=?utf-8?B?...?=") in unstructured text and display names. */

const ENCODED_WORD = /=\?([^?\s]{1,64})\?([bBqQ])\?([^?\s]*)\?=/g;
const BETWEEN_ENCODED_WORDS = /(\?=)[ \t\r\n]+(?==\?)/g;
const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64_VALUES = new Int16Array(128).fill(-1);
for (let i = 0; i < BASE64_ALPHABET.length; i++) BASE64_VALUES[BASE64_ALPHABET.charCodeAt(i)] = i;

/** Lenient base64: ignores characters outside the alphabet and missing padding, as mail clients do. */
export function decodeBase64(text: string): Uint8Array {
  const out = new Uint8Array(Math.floor((text.length * 3) / 4) + 3);
  let buffer = 0;
  let bits = 0;
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const value = code < 128 ? (BASE64_VALUES[code] ?? -1) : -1;
    if (value < 0) continue;
    buffer = ((buffer << 6) | value) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[length++] = (buffer >> bits) & 0xff;
    }
  }
  return out.subarray(0, length);
}

function decodeQ(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '_') out[length++] = 0x20;
    else if (ch === '=' && i + 2 < text.length && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      out[length++] = parseInt(text.slice(i + 1, i + 3), 16);
      i += 2;
    } else out[length++] = text.charCodeAt(i) & 0xff;
  }
  return out.subarray(0, length);
}

const decoders = new Map<string, TextDecoder | null>();

/** Decodes bytes in a named charset; unknown charsets fall back to Latin-1 so no text is lost. */
export function decodeCharset(bytes: Uint8Array, charset: string): string {
  const label = charset.toLowerCase().split('*')[0] ?? 'utf-8';
  let decoder = decoders.get(label);
  if (decoder === undefined) {
    try {
      decoder = new TextDecoder(label);
    } catch {
      decoder = null;
    }
    decoders.set(label, decoder);
  }
  if (decoder) return decoder.decode(bytes);
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return text;
}

export function decodeEncodedWords(text: string): string {
  if (!text.includes('=?')) return text;
  return text
    .replace(BETWEEN_ENCODED_WORDS, '$1')
    .replace(ENCODED_WORD, (_match, charset: string, encoding: string, data: string) => {
      const bytes = encoding.toLowerCase() === 'b' ? decodeBase64(data) : decodeQ(data);
      return decodeCharset(bytes, charset);
    });
}
