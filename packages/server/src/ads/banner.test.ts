import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { sniffRaster } from '../catalog/raster.ts';
import { HOSTILE } from '../testing/hostile-pictures.ts';
import { requireTool } from '../tools/tools.ts';
import { acceptBanner, BANNER_MAX_BYTES } from './banner.ts';

const invalid = { name: 'AppError', code: 'ad_banner_invalid', status: 400 };

/** A picture with a little detail, so that encoders have something to encode. */
function picture(width: number, height: number) {
  return sharp({ create: { width, height, channels: 3, background: '#2a6', noise: { type: 'gaussian', mean: 128, sigma: 30 } } });
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A valid PNG of a few hundred bytes whose header claims `width`×`height` pixels: a decompression bomb. */
function pngClaiming(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits per sample
  header[9] = 2; // truecolour
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, pngChunk('IHDR', header), pngChunk('IDAT', deflateSync(Buffer.alloc(4096))), pngChunk('IEND', Buffer.alloc(0))]);
}

test('a large PNG is shrunk to fit the ad slot, keeping its aspect, as WebP', async () => {
  for (const [width, height, expected] of [
    [3000, 600, [900, 180]],
    [4000, 400, [1456, 146]],
  ] as const) {
    const banner = await acceptBanner(await picture(width, height).png().toBuffer());
    assert.equal(banner.mime, 'image/webp');
    assert.equal(sniffRaster(banner.bytes), 'image/webp');
    assert.deepEqual([banner.width, banner.height], expected);
    const decoded = await sharp(banner.bytes).metadata();
    assert.deepEqual([decoded.width, decoded.height], expected);
  }
});

test('a small banner is not enlarged', async () => {
  const banner = await acceptBanner(await picture(300, 50).jpeg().toBuffer());
  assert.deepEqual([banner.width, banner.height], [300, 50]);
});

test("a photo's metadata is dropped, after it has been turned upright", async () => {
  const input = await picture(120, 60)
    .jpeg()
    .withMetadata({ orientation: 6 })
    .withExif({ IFD0: { Copyright: 'Somebody', ImageDescription: 'taken at home' } })
    .toBuffer();
  assert.ok((await sharp(input).metadata()).exif);
  const banner = await acceptBanner(input);
  assert.deepEqual([banner.width, banner.height], [60, 120]);
  const decoded = await sharp(banner.bytes).metadata();
  assert.equal(decoded.exif, undefined);
  assert.equal(decoded.orientation, undefined);
});

test('an animated GIF keeps its first frame only', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'runnel-banner-'));
  try {
    const gif = join(dir, 'spinner.gif');
    const args = ['-hide_banner', '-loglevel', 'error', '-nostdin', '-f', 'lavfi', '-i', 'testsrc=size=320x40:rate=5:duration=1', '-f', 'gif', gif];
    await promisify(execFile)(requireTool('ffmpeg'), args);
    const input = readFileSync(gif);
    assert.equal((await sharp(input, { pages: -1 }).metadata()).pages, 5);
    const banner = await acceptBanner(input);
    assert.deepEqual([banner.width, banner.height], [320, 40]);
    assert.ok(((await sharp(banner.bytes, { pages: -1 }).metadata()).pages ?? 1) === 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('documents and text are refused, whatever they claim to be', async () => {
  for (const bytes of [HOSTILE.svg.bytes, HOSTILE.html.bytes, HOSTILE.js.bytes, Buffer.from('this is banner.png, honestly\n')]) {
    await assert.rejects(acceptBanner(bytes), invalid);
  }
});

test('bytes that start as a PNG but are not one are refused', async () => {
  const fake = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), HOSTILE.html.bytes]);
  await assert.rejects(acceptBanner(fake), invalid);
});

test('a small file claiming 50000×50000 pixels is refused, not decoded', async () => {
  const bomb = pngClaiming(50_000, 50_000);
  assert.ok(bomb.length < 1000);
  await assert.rejects(acceptBanner(bomb), { ...invalid, message: /50000×50000 pixels, more than 24 megapixels/ });
});

test('an upload over 8 MB is refused before it is decoded', async () => {
  const big = Buffer.alloc(BANNER_MAX_BYTES + 1);
  (await picture(10, 10).png().toBuffer()).copy(big);
  await assert.rejects(acceptBanner(big), { ...invalid, message: /larger than 8 MB/ });
});
