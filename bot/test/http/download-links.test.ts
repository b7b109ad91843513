import { DownloadLinks } from '../../src/http/download-links';

const file = (body: string) => ({ body, contentType: 'text/plain', filename: 'x.txt' });

test('links are unguessable, expire after their lifetime, and the oldest go beyond the limit', () => {
  let now = 1000;
  const links = new DownloadLinks(60_000, 2, () => now);
  const a = links.add(file('a'));
  const b = links.add(file('b'));
  expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(a).not.toBe(b);
  expect(links.get(a)?.body).toBe('a');
  expect(links.get('nope')).toBeUndefined();
  const c = links.add(file('c'));
  expect(links.get(a)).toBeUndefined();
  expect(links.get(b)?.body).toBe('b');
  now += 60_000;
  expect(links.get(c)).toBeUndefined();
});
