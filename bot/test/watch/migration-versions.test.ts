import { checkMigrationList, migrations } from '../../src/storage/migrations';

test('core migrations: ascending blocks per feature (the watcher owns 20-29), gaps allowed, never out of order or range', () => {
  expect(() => checkMigrationList(migrations)).not.toThrow();
  expect(migrations.map((m) => m.version)).toEqual(expect.arrayContaining([1, 20]));
  const up = 'SELECT 1';
  expect(() =>
    checkMigrationList([
      { version: 1, name: 'a', up },
      { version: 20, name: 'b', up },
    ]),
  ).not.toThrow();
  expect(() => checkMigrationList([{ version: 2, name: 'a', up }])).toThrow(/expected 1/);
  expect(() =>
    checkMigrationList([
      { version: 1, name: 'a', up },
      { version: 20, name: 'b', up },
      { version: 20, name: 'c', up },
    ]),
  ).toThrow(/expected more than 20/);
  expect(() =>
    checkMigrationList([
      { version: 1, name: 'a', up },
      { version: 100, name: 'b', up },
    ]),
  ).toThrow(/beyond its range 1-99/);
});
