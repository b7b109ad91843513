import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TenantContext, VerdictCode } from '@dsguard/classifier';

export const samplesDir = join(__dirname, '..', '..', '..', 'samples');

export interface Label {
  file: string;
  kind: string;
  expect: VerdictCode[];
  tenant?: TenantContext;
}

export const labels: Label[] = JSON.parse(readFileSync(join(samplesDir, 'labels.json'), 'utf8'));

export function sample(file: string): string {
  return readFileSync(join(samplesDir, file), 'utf8');
}

export function label(file: string): Label {
  const found = labels.find((l) => l.file === file);
  if (!found) throw new Error(`no label for ${file}`);
  return found;
}

/** The header block of an .eml, as getAllInternetHeadersAsync returns it. */
export function headersOf(file: string): string {
  const text = sample(file);
  const end = text.search(/\r?\n\r?\n/);
  return end < 0 ? text : text.slice(0, end + 1);
}
