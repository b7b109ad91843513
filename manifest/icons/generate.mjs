#!/usr/bin/env node
// Draws the Direct Send Guard shield (a shield with a check mark) into every PNG the app package and the
// Outlook add-in need. Deterministic: the same script always writes the same bytes, so the committed PNGs can
// be checked against it. Usage: node manifest/icons/generate.mjs [--out <dir>]
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';

/** Brand color; the manifest's accentColor uses the same value. */
export const ACCENT = { r: 0x1f, g: 0x4e, b: 0xa8 };
const WHITE = { r: 0xff, g: 0xff, b: 0xff };
const SAMPLES = 5; // supersampling grid per pixel axis, for anti-aliased edges

// The shield in unit coordinates (0..1 both axes, y down): straight sides from the top edge to `waist`,
// then sides that curve into the point at `tip`.
const SHIELD = { left: 0.17, right: 0.83, top: 0.1, waist: 0.5, tip: 0.92 };
// The check mark as a polyline with a round-capped stroke.
const CHECK = {
  points: [
    [0.33, 0.5],
    [0.46, 0.63],
    [0.68, 0.37],
  ],
  width: 0.085,
};

function insideShield(x, y, inset = 0) {
  const left = SHIELD.left + inset;
  const right = SHIELD.right - inset;
  const top = SHIELD.top + inset * 0.9;
  const tip = SHIELD.tip - inset * 1.6;
  if (y < top || y > tip) return false;
  const halfWidth = (right - left) / 2;
  const centre = (left + right) / 2;
  // A shallow dip in the top edge gives the classic heater-shield silhouette.
  const dip = 0.035 * (1 - ((x - centre) / halfWidth) ** 2);
  if (y < top + dip) return false;
  if (y <= SHIELD.waist) return Math.abs(x - centre) <= halfWidth;
  const t = (y - SHIELD.waist) / (tip - SHIELD.waist);
  return Math.abs(x - centre) <= halfWidth * (1 - t ** 1.7);
}

function distanceToSegment(px, py, [ax, ay], [bx, by]) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

function onCheck(x, y, width = CHECK.width) {
  const [a, b, c] = CHECK.points;
  if (!a || !b || !c) return false;
  return Math.min(distanceToSegment(x, y, a, b), distanceToSegment(x, y, b, c)) <= width / 2;
}

/**
 * Renders one icon. `paint(x, y)` returns the color and opacity (0..1) of a point in unit coordinates, or
 * null for transparent; each pixel averages SAMPLES x SAMPLES points (color weighted by opacity).
 */
function render(size, paint) {
  const png = new PNG({ width: size, height: size, colorType: 6 });
  for (let py = 0; py < size; py += 1) {
    for (let px = 0; px < size; px += 1) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < SAMPLES; sy += 1) {
        for (let sx = 0; sx < SAMPLES; sx += 1) {
          const hit = paint((px + (sx + 0.5) / SAMPLES) / size, (py + (sy + 0.5) / SAMPLES) / size);
          if (!hit) continue;
          r += hit.color.r * hit.alpha;
          g += hit.color.g * hit.alpha;
          b += hit.color.b * hit.alpha;
          a += hit.alpha;
        }
      }
      const i = (py * size + px) * 4;
      const count = SAMPLES * SAMPLES;
      png.data[i] = a ? Math.round(r / a) : 0;
      png.data[i + 1] = a ? Math.round(g / a) : 0;
      png.data[i + 2] = a ? Math.round(b / a) : 0;
      png.data[i + 3] = Math.round((a / count) * 255);
    }
  }
  return PNG.sync.write(png, { colorType: 6 });
}

/** Filled accent shield with a white check, on transparency: the Outlook ribbon and add-in icons. */
const solidShield = (x, y) => {
  if (!insideShield(x, y)) return null;
  return { color: onCheck(x, y) ? WHITE : ACCENT, alpha: 1 };
};

/** Teams color icon: full-bleed accent square, white shield, accent check (glyph inside the safe region). */
const colorTile = (x, y) => {
  const sx = (x - 0.5) / 0.62 + 0.5;
  const sy = (y - 0.5) / 0.62 + 0.5;
  if (insideShield(sx, sy) && !onCheck(sx, sy)) return { color: WHITE, alpha: 1 };
  return { color: ACCENT, alpha: 1 };
};

/** Teams outline icon: white strokes only, on transparency. */
const outlineShield = (x, y) => {
  const stroke = insideShield(x, y) && !insideShield(x, y, 0.085);
  return stroke || onCheck(x, y, 0.11) ? { color: WHITE, alpha: 1 } : null;
};

/** Every file this script writes, by name. */
export const ICONS = {
  'color.png': () => render(192, colorTile),
  'outline.png': () => render(32, outlineShield),
  'icon-16.png': () => render(16, solidShield),
  'icon-32.png': () => render(32, solidShield),
  'icon-64.png': () => render(64, solidShield),
  'icon-80.png': () => render(80, solidShield),
  'icon-128.png': () => render(128, solidShield),
};

function parseOutDir(argv) {
  const index = argv.indexOf('--out');
  if (index === -1) return dirname(fileURLToPath(import.meta.url));
  const value = argv[index + 1];
  if (!value) throw new Error('--out needs a directory');
  return resolve(value);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const outDir = parseOutDir(process.argv.slice(2));
    mkdirSync(outDir, { recursive: true });
    for (const [name, draw] of Object.entries(ICONS)) writeFileSync(join(outDir, name), draw());
    console.log(`wrote ${Object.keys(ICONS).length} icons to ${outDir}`);
  } catch (error) {
    console.error(`icons: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 2;
  }
}
