/**
 * bench/search/engine: the search engine alone, in this process — no HTTP, no database —
 * over bench/search's synthetic catalogue, to find and fix the slow keystrokes.
 *
 * Builds each kind's segment once (saved under bench/.work/search/engine-<tracks>/, read
 * back on later runs), then times every prefix of the typed queries, the way the API asks
 * (track, album and artist, 10 each), after a warm-up. Prints p50 / p99 / max of the three
 * kinds together and the slowest keystrokes with each kind's share. Its baseline is every
 * candidate scored with no early stopping (`--baseline`, the unit tests' reference), which
 * is far slower at scale, so only for a few keystrokes.
 *
 *   node_modules/.bin/node --max-old-space-size=12000 bench/search/engine.ts [--tracks 1000000]
 *        [--queries 200] [--slowest 25] [--passes 2]
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { SearchKind } from '../../packages/server/src/search/documents.ts';
import { evaluate } from '../../packages/server/src/search/evaluate.ts';
import { parseQuery } from '../../packages/server/src/search/query-parser.ts';
import { packStrings } from '../../packages/server/src/search/packed-strings.ts';
import { runNow, SegmentBuilder } from '../../packages/server/src/search/segment-build.ts';
import { readSegmentFile, writeSegmentFile } from '../../packages/server/src/search/segment-file.ts';
import { Segment } from '../../packages/server/src/search/segment.ts';
import { syntheticCatalogue } from './catalog.ts';

const { values } = parseArgs({
  options: {
    tracks: { type: 'string', default: '1000000' },
    queries: { type: 'string', default: '200' },
    slowest: { type: 'string', default: '25' },
    passes: { type: 'string', default: '2' },
    /** Only these keystrokes (comma-separated), e.g. to profile one. */
    only: { type: 'string' },
  },
});
const TRACKS = Number(values.tracks);
const KINDS: SearchKind[] = ['track', 'album', 'artist'];
const dir = join(import.meta.dirname, '..', '.work', 'search', `engine-${TRACKS}`);
mkdirSync(dir, { recursive: true });

const catalogue = syntheticCatalogue(TRACKS);
const segments = new Map<SearchKind, Segment>();
const started = performance.now();
// The catalogue's queries depend on its albums, so it is generated every run; only the
// segments are kept between runs.
const saved = await Promise.all(KINDS.map((kind) => readSegmentFile(join(dir, `${kind}.segment`), { kind, upTo: Number.MAX_SAFE_INTEGER })));
if (saved.every(Boolean)) {
  KINDS.forEach((kind, i) => segments.set(kind, saved[i]!.segment));
  // Only the albums are needed for the queries: stop at the first track.
  const enough = new Error('albums generated');
  await catalogue
    .generate((docs) => {
      if (docs.some((d) => d.kind === 'track')) throw enough;
    }, 50_000)
    .catch((error: unknown) => {
      if (error !== enough) throw error;
    });
  console.log(`segments read from ${dir} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
} else {
  // Kinds arrive in order (artists, albums, tracks), each tokenised as it comes and built
  // when the next begins, so the documents themselves are never all held.
  let builder: SegmentBuilder | undefined;
  let kind: SearchKind | undefined;
  const finish = async () => {
    const parts = runNow(builder!.finish());
    const segment = new Segment({ ...parts, ids: runNow(packStrings(parts.ids as string[])) });
    segments.set(kind!, segment);
    await writeSegmentFile(join(dir, `${kind!}.segment`), segment, { generation: 0, kind: kind! });
    console.log(`${kind!}: ${segment.size.toLocaleString('en')} documents built and saved (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  };
  await catalogue.generate(async (docs) => {
    for (const doc of docs) {
      if (doc.kind !== kind) {
        if (builder) await finish();
        builder = new SegmentBuilder(doc.kind);
        kind = doc.kind;
      }
      builder!.add(doc);
    }
  }, 10_000);
  if (builder) await finish();
}

const typedFrom = (queries: string[]) => queries.flatMap((query) => [...query].map((_, i) => query.slice(0, i + 1)).filter((q) => q.trim()));
const queries = catalogue.queries(Number(values.queries) + 40);
const typed = values.only ? values.only.split(',') : typedFrom(queries.slice(0, Number(values.queries)));
const warmUp = typedFrom(queries.slice(Number(values.queries)));

/** One keystroke as the API asks it: each kind's best 10; the time per kind. */
const keystroke = (q: string) => {
  const query = parseQuery(q);
  return KINDS.map((kind) => {
    const t0 = performance.now();
    evaluate(segments.get(kind)!, query, { k: 10 });
    return performance.now() - t0;
  });
};
for (const q of warmUp) keystroke(q);

const times: number[][] = typed.map(() => [0, 0, 0]);
for (let pass = 0; pass < Number(values.passes); pass++) {
  typed.forEach((q, i) => {
    const t = keystroke(q);
    // The best of the passes: a GC or another process on the core is not the engine's cost.
    if (pass === 0 || t.reduce((a, b) => a + b) < times[i]!.reduce((a, b) => a + b)) times[i] = t;
  });
}
const totals = times.map((t) => t.reduce((a, b) => a + b));
const sorted = [...totals].sort((a, b) => a - b);
const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
console.log(
  `${TRACKS.toLocaleString('en')} tracks, ${typed.length} keystrokes, engine only (track+album+artist, 10 each, best of ${values.passes}): ` +
    `p50 ${pct(0.5).toFixed(2)} ms  p90 ${pct(0.9).toFixed(2)} ms  p99 ${pct(0.99).toFixed(2)} ms  max ${sorted.at(-1)!.toFixed(2)} ms`,
);
const order = totals.map((_, i) => i).sort((a, b) => totals[b]! - totals[a]!);
console.log(`slowest ${values.slowest}:   total   (track / album / artist)`);
for (const i of order.slice(0, Number(values.slowest)))
  console.log(`  ${totals[i]!.toFixed(2).padStart(8)} ms  (${times[i]!.map((t) => t.toFixed(1)).join(' / ')})  ${JSON.stringify(typed[i])}`);
