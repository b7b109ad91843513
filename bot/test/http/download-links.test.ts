import { DownloadLinks } from '../../src/http/download-links';
import { silentLogger } from '../../src/log/logger';
import { migrate } from '../../src/storage/migrations';
import { openSqlite } from '../../src/storage/sqlite-client';

const file = (body: string) => ({ body, contentType: 'text/plain', filename: 'x.txt' });

test('links are unguessable, expire after their lifetime, live in the database (by hash) beyond the memory limit', async () => {
  const db = openSqlite(':memory:');
  await migrate(db);
  let now = 1000;
  const links = new DownloadLinks(db, silentLogger, 60_000, 2, () => now);
  const a = links.add(file('a'));
  const b = links.add(file('b'));
  expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(a).not.toBe(b);
  expect((await links.get(a))?.body).toBe('a');
  expect(await links.get('nope')).toBeUndefined();
  const c = links.add(file('c'));
  // Out of this instance's memory, still served from the database (as another instance would).
  expect((await links.get(a))?.body).toBe('a');
  expect((await new DownloadLinks(db, silentLogger, 60_000, 2, () => now).get(b))?.body).toBe('b');
  const stored = await db.query<{ token_hash: string }>('SELECT token_hash FROM download_links');
  expect(stored.map((r) => r.token_hash)).not.toContain(a);
  now += 60_000;
  expect(await links.get(c)).toBeUndefined();
  expect(await links.get(a)).toBeUndefined();
  await db.close();
});
