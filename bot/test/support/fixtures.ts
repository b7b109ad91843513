import { readFileSync } from 'node:fs';
import path from 'node:path';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');

/** A labelled sample message (samples/ at the repository root) and its tenant context. */
export function sample(file: string): { raw: string; tenant: { acceptedDomains?: string[] } } {
  const labels = JSON.parse(readFileSync(path.join(repoRoot, 'samples', 'labels.json'), 'utf8')) as { file: string; tenant?: { acceptedDomains?: string[] } }[];
  const label = labels.find((l) => l.file === file);
  return { raw: readFileSync(path.join(repoRoot, 'samples', file), 'utf8'), tenant: label?.tenant ?? {} };
}

export function headerBlockOf(raw: string): string {
  const m = /\r?\n\r?\n/.exec(raw);
  return m ? raw.slice(0, m.index) : raw;
}
