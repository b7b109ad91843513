import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
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
  mkdirSync(certsDir, { recursive: true, mode: 0o700 });
  const keyFile = path.join(certsDir, 'localhost.key');
  // The private key is readable by its owner only; created empty with that mode first so it never exists wider.
  closeSync(openSync(keyFile, 'w', 0o600));
  chmodSync(keyFile, 0o600);
  await generateCertificates(path.join(certsDir, 'ca.crt'), path.join(certsDir, 'localhost.crt'), keyFile, 30);
  chmodSync(keyFile, 0o600);
  return {
    cert: readFileSync(path.join(certsDir, 'localhost.crt')),
    key: readFileSync(path.join(certsDir, 'localhost.key')),
    dir: certsDir,
  };
}
