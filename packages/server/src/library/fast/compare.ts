import assert from 'node:assert/strict';
import { stat } from 'node:fs/promises';
import { parseFile, type IAudioMetadata } from 'music-metadata';
import { contentHash, oggDuration, toTags } from '../read.ts';
import { readFast } from './index.ts';

/** What read.ts's music-metadata path makes of a file. */
export function viaMusicMetadata(metadata: IAudioMetadata) {
  const compilation = Object.values(metadata.native).some((tags) =>
    tags.some((tag) => /^(TXXX:)?(TCMP|COMPILATION)$/i.test(tag.id) && ['1', 'true'].includes(String(tag.value).trim().toLowerCase())),
  );
  return toTags(metadata.common, metadata.format, compilation);
}

/**
 * Checks that the fast reader takes the file (or leaves it, `expectFast` false) and, when it
 * takes it, gives the fields, pictures and content hash read.ts gets through music-metadata
 * (for Ogg, with read.ts's own length from the last page: music-metadata stops early).
 */
export async function assertSameAsMusicMetadata(path: string, expectFast: boolean, name = path): Promise<void> {
  const { size } = await stat(path);
  const fast = readFast(path, size);
  assert.equal(fast !== null, expectFast, `${name}: fast reader ${fast ? 'took' : 'left'} it`);
  if (!fast) return;
  const metadata = await parseFile(path, { duration: false, skipCovers: false });
  let expected = viaMusicMetadata(metadata);
  if (metadata.format.container === 'Ogg' && !metadata.format.duration) {
    // read.ts's own length for a long Ogg stream: compare with what it makes of the whole file.
    const duration = await oggDuration(path, size, metadata.format.codec === 'Opus' ? 48_000 : metadata.format.sampleRate);
    assert.ok(duration, `${name}: a length from the last page`);
    expected = viaMusicMetadata({ ...metadata, format: { ...metadata.format, duration, bitrate: metadata.format.bitrate ?? (size * 8) / duration } });
  }
  assert.deepEqual(toTags(fast.common, fast.format, fast.compilationFlag), expected, name);
  assert.equal(fast.contentHash, contentHash(path, size), `${name}: content hash`);
  const ours = fast.common.picture ?? [];
  const theirs = metadata.common.picture ?? [];
  assert.deepEqual(
    ours.map((p) => [p.format, p.type, Buffer.from(p.data).toString('base64')]),
    theirs.map((p) => [p.format, p.type, Buffer.from(p.data).toString('base64')]),
    `${name}: pictures`,
  );
}
