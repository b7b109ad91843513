import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { localhostTls } from '../../src/https-options';
import { startServer } from '../support/server-harness';

// Reports, conversation references and the TLS private key are for the server's user only (umask 022 would give 0644).
const mode = (file: string): number => statSync(file).mode & 0o777;

test('the SQLite database and its -wal/-shm files are 0600 once the server wrote a report', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dsguard-modes-'));
  const file = path.join(dir, 'data', 'db.sqlite');
  const server = await startServer({ SQLITE_PATH: file }, { startOutbox: false });
  try {
    const res = await fetch(`${server.url}/api/classify`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'Received: from x\r\nFrom: a@b.example\r\n\r\n',
    });
    expect(res.status).toBeLessThan(500);
    for (const f of [file, `${file}-wal`, `${file}-shm`]) expect(mode(f)).toBe(0o600);
    expect(mode(path.dirname(file))).toBe(0o700);
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('generated localhost certificates: the private key is 0600', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dsguard-certs-'));
  try {
    const tls = await localhostTls(path.join(dir, 'certs'));
    expect(tls.dir).toBe(path.join(dir, 'certs'));
    expect(mode(path.join(dir, 'certs', 'localhost.key'))).toBe(0o600);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 30000);
