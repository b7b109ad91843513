import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { iconsDir, removeTempDirs, repoRoot, tempDir } from './helpers.js';

afterAll(removeTempDirs);

const SIZES: Record<string, number> = {
  'color.png': 192,
  'outline.png': 32,
  'icon-16.png': 16,
  'icon-32.png': 32,
  'icon-64.png': 64,
  'icon-80.png': 80,
  'icon-128.png': 128,
};

const load = (name: string): PNG => PNG.sync.read(readFileSync(join(iconsDir, name)));

function pixels(png: PNG): { r: number; g: number; b: number; a: number }[] {
  const result = [];
  for (let i = 0; i < png.data.length; i += 4) {
    result.push({ r: png.data[i]!, g: png.data[i + 1]!, b: png.data[i + 2]!, a: png.data[i + 3]! });
  }
  return result;
}

test.each(Object.entries(SIZES))('%s is %ipx square', (name, size) => {
  const png = load(name);
  expect([png.width, png.height]).toEqual([size, size]);
});

test('outline.png is white on a transparent background (Teams store rule)', () => {
  const all = pixels(load('outline.png'));
  const visible = all.filter((p) => p.a > 0);
  expect(all.some((p) => p.a === 0)).toBe(true);
  expect(visible.length).toBeGreaterThan(all.length * 0.15);
  for (const p of visible) expect([p.r, p.g, p.b]).toEqual([255, 255, 255]);
  // The corners, outside the shield, are fully transparent.
  for (const index of [0, 31, 32 * 31, 32 * 32 - 1]) expect(all[index]!.a).toBe(0);
});

test('color.png is a full-color, fully opaque tile with a white glyph', () => {
  const all = pixels(load('color.png'));
  expect(all.every((p) => p.a === 255)).toBe(true);
  const white = all.filter((p) => p.r === 255 && p.g === 255 && p.b === 255).length;
  expect(white / all.length).toBeGreaterThan(0.1);
  expect(white / all.length).toBeLessThan(0.5);
  expect(all[0]).not.toEqual(all[192 * 96 + 96]); // background differs from the glyph's centre area
});

test('Outlook icons are a shield on transparency, with transparent corners', () => {
  for (const name of ['icon-16.png', 'icon-32.png', 'icon-64.png', 'icon-80.png', 'icon-128.png']) {
    const png = load(name);
    const all = pixels(png);
    const size = png.width;
    for (const index of [0, size - 1, size * (size - 1), size * size - 1]) expect(all[index]!.a).toBe(0);
    expect(all.filter((p) => p.a === 255).length).toBeGreaterThan(all.length * 0.3);
  }
});

test('the committed PNGs are exactly what manifest/icons/generate.mjs draws', () => {
  const outDir = tempDir('icons');
  const result = spawnSync(process.execPath, [join(repoRoot, 'manifest/icons/generate.mjs'), '--out', outDir], {
    encoding: 'utf8',
  });
  expect(result.status).toBe(0);
  expect(readdirSync(outDir).sort()).toEqual(Object.keys(SIZES).sort());
  for (const name of Object.keys(SIZES)) {
    expect({ name, same: readFileSync(join(outDir, name)).equals(readFileSync(join(iconsDir, name))) }).toEqual({
      name,
      same: true,
    });
  }
});
