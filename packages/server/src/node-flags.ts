import flags from './node-flags.json' with { type: 'json' };

/**
 * V8 flags the Runnel server runs with (bin/runnel.mjs starts Node with them; bench/scan
 * starts its scanner process the same way).
 *
 * `--max-semi-space-size=16`: V8 sizes the young generation by the machine's memory and,
 * on a large one, lets it grow to 2 × 64 MB when much of what is allocated lives a little
 * while — a library scan batching files for the database. 16 MB semi-spaces (V8's long-time
 * default) keep a 20,000-file scan under ~270 MB instead of ~330 MB, at no measurable cost.
 *
 * The list itself is node-flags.json: bin/runnel.mjs reads it before any TypeScript is loaded,
 * since the first TypeScript module a process imports costs ~45 ms (type stripping's loader),
 * paid twice when the command restarts itself with these flags.
 */
export const NODE_FLAGS: readonly string[] = flags;
