#!/usr/bin/env node
// Draws the app icon (a white shield with a key on a blue rounded square) with plain Node and
// writes every file the packagers need:
//   build/icon.png (512), build/icon-1024.png, build/icons/<n>x<n>.png (Linux),
//   build/icon.ico (Windows, PNG entries), build/icon.icns (macOS, ic07…ic14 PNG entries).
// Usage: node scripts/make-icons.mjs   (deterministic; commit the output)
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'build');

// ---- The drawing, in unit coordinates (0..1, y down) --------------------------------------------

const BG_TOP = [0x2a, 0x62, 0xb0];
const BG_BOTTOM = [0x0d, 0x2f, 0x63];
const SHIELD = [0xf5, 0xf8, 0xfc];
const KEY = [0x15, 0x44, 0x86];

function roundedSquare(x, y, inset = 0.04, radius = 0.2) {
  const lo = inset + radius;
  const hi = 1 - inset - radius;
  const dx = Math.max(lo - x, 0, x - hi);
  const dy = Math.max(lo - y, 0, y - hi);
  return dx * dx + dy * dy <= radius * radius && x >= inset && x <= 1 - inset && y >= inset && y <= 1 - inset;
}

function shield(x, y) {
  const top = 0.17;
  if (y < top || y > 0.86) return false;
  const halfWidth = 0.25;
  const shoulder = 0.5;
  let w;
  if (y <= shoulder) w = halfWidth;
  else {
    const t = (y - shoulder) / (0.86 - shoulder);
    w = halfWidth * Math.cos((t * Math.PI) / 2) ** 0.75;
  }
  // Small notch-free rounded top corners.
  const r = 0.05;
  const cx = x < 0.5 ? 0.5 - halfWidth + r : 0.5 + halfWidth - r;
  if (y < top + r && Math.abs(x - 0.5) > halfWidth - r) return (x - cx) ** 2 + (y - (top + r)) ** 2 <= r * r;
  return Math.abs(x - 0.5) <= w;
}

function key(x, y) {
  const bow = Math.hypot(x - 0.5, y - 0.39);
  if (bow <= 0.095 && bow >= 0.042) return true;
  const inShaft = Math.abs(x - 0.5) <= 0.024 && y >= 0.47 && y <= 0.74;
  const tooth1 = x >= 0.5 && x <= 0.575 && y >= 0.6 && y <= 0.636;
  const tooth2 = x >= 0.5 && x <= 0.555 && y >= 0.672 && y <= 0.708;
  return inShaft || tooth1 || tooth2;
}

function render(size) {
  const ss = size <= 64 ? 8 : 4;
  const pixels = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0,
        g = 0,
        b = 0,
        a = 0;
      for (let sy = 0; sy < ss; sy++) {
        for (let sx = 0; sx < ss; sx++) {
          const x = (px + (sx + 0.5) / ss) / size;
          const y = (py + (sy + 0.5) / ss) / size;
          if (!roundedSquare(x, y)) continue;
          let c;
          if (shield(x, y)) c = key(x, y) ? KEY : SHIELD;
          else c = BG_TOP.map((top, i) => top + (BG_BOTTOM[i] - top) * y);
          r += c[0];
          g += c[1];
          b += c[2];
          a += 1;
        }
      }
      const o = (py * size + px) * 4;
      if (a > 0) {
        pixels[o] = Math.round(r / a);
        pixels[o + 1] = Math.round(g / a);
        pixels[o + 2] = Math.round(b / a);
      }
      pixels[o + 3] = Math.round((a / (ss * ss)) * 255);
    }
  }
  return pixels;
}

// ---- PNG ------------------------------------------------------------------------------------------

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}
function png(size) {
  const pixels = render(size);
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    pixels.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// ---- ICO (PNG-compressed entries, Vista+) -----------------------------------------------------------

function ico(images) {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(images.length, 4);
  let offset = 6 + 16 * images.length;
  const entries = images.map(({ size, data }) => {
    const entry = Buffer.alloc(16);
    entry[0] = size >= 256 ? 0 : size;
    entry[1] = size >= 256 ? 0 : size;
    entry[2] = 0; // palette
    entry[3] = 0;
    entry.writeUInt16LE(1, 4); // planes
    entry.writeUInt16LE(32, 6); // bits per pixel
    entry.writeUInt32LE(data.length, 8);
    entry.writeUInt32LE(offset, 12);
    offset += data.length;
    return entry;
  });
  return Buffer.concat([header, ...entries, ...images.map((i) => i.data)]);
}

// ---- ICNS (PNG entries) ---------------------------------------------------------------------------

function icns(entries) {
  const parts = entries.map(({ type, data }) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(data.length + 8, 4);
    return Buffer.concat([head, data]);
  });
  const body = Buffer.concat(parts);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(body.length + 8, 4);
  return Buffer.concat([head, body]);
}

// ---- Write everything -----------------------------------------------------------------------------

const cache = new Map();
const pngOf = (size) => {
  if (!cache.has(size)) cache.set(size, png(size));
  return cache.get(size);
};
const write = (path, data) => {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, data);
  console.log(`${path.slice(root.length + 1)}  ${data.length} bytes`);
};

write(join(out, 'icon.png'), pngOf(512));
write(join(out, 'icon-1024.png'), pngOf(1024));
for (const size of [16, 32, 48, 64, 128, 256, 512]) write(join(out, 'icons', `${size}x${size}.png`), pngOf(size));
write(join(out, 'icon.ico'), ico([16, 24, 32, 48, 64, 128, 256].map((size) => ({ size, data: pngOf(size) }))));
write(
  join(out, 'icon.icns'),
  icns([
    { type: 'ic11', data: pngOf(32) }, // 16@2x
    { type: 'ic12', data: pngOf(64) }, // 32@2x
    { type: 'ic07', data: pngOf(128) },
    { type: 'ic13', data: pngOf(256) }, // 128@2x
    { type: 'ic08', data: pngOf(256) },
    { type: 'ic14', data: pngOf(512) }, // 256@2x
    { type: 'ic09', data: pngOf(512) },
    { type: 'ic10', data: pngOf(1024) }, // 512@2x
  ]),
);
