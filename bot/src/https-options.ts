import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface TlsFiles {
  cert: Buffer;
  key: Buffer;
  dir: string;
}

/**
 * localhost certificates from office-addin-dev-certs: read from `certsDir` (default `<root>/certs`), else
 * `~/.office-addin-dev-certs`, generating them into `certsDir` when neither has them. Trusting the CA is the
 * developer's step (`npx office-addin-dev-certs install`); it needs admin rights this server does not ask for.
 */
export async function localhostTls(certsDir: string): Promise<TlsFiles> {
  const candidates = [certsDir, path.join(os.homedir(), '.office-addin-dev-certs')];
  for (const dir of candidates) {
    const cert = path.join(dir, 'localhost.crt');
    const key = path.join(dir, 'localhost.key');
    if (existsSync(cert) && existsSync(key)) return { cert: readFileSync(cert), key: readFileSync(key), dir };
  }
  const { generateCertificates } = await import('office-addin-dev-certs');
  const { mkdirSync } = await import('node:fs');
  mkdirSync(certsDir, { recursive: true });
  await generateCertificates(path.join(certsDir, 'ca.crt'), path.join(certsDir, 'localhost.crt'), path.join(certsDir, 'localhost.key'), 30);
  return { cert: readFileSync(path.join(certsDir, 'localhost.crt')), key: readFileSync(path.join(certsDir, 'localhost.key')), dir: certsDir };
}
