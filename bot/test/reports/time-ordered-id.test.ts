import { timeOrderedUuid } from '../../src/reports/time-ordered-id';

test('ids are RFC 9562 version 7 UUIDs carrying their millisecond', () => {
  const id = timeOrderedUuid(Date.UTC(2026, 10, 29, 1, 2, 3, 456));
  expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(Date.UTC(2026, 10, 29, 1, 2, 3, 456));
});

test('ids made in the same millisecond, and across milliseconds, sort in the order they were made', () => {
  const now = Date.UTC(2026, 10, 29, 2, 0, 0);
  const ids = [
    ...Array.from({ length: 5000 }, () => timeOrderedUuid(now)),
    ...Array.from({ length: 10 }, () => timeOrderedUuid(now + 5)),
  ];
  expect([...ids].sort()).toEqual(ids);
  expect(new Set(ids).size).toBe(ids.length);
});

test('a clock that steps back never breaks the order', () => {
  const now = Date.UTC(2026, 10, 29, 3, 0, 0);
  const first = timeOrderedUuid(now);
  const second = timeOrderedUuid(now - 1000);
  expect(second > first).toBe(true);
});
