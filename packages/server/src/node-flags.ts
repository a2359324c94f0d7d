/**
 * V8 flags the Runnel server runs with (bin/runnel.mjs starts Node with them; bench/scan
 * starts its scanner process the same way).
 *
 * `--max-semi-space-size=16`: V8 sizes the young generation by the machine's memory and,
 * on a large one, lets it grow to 2 × 64 MB when much of what is allocated lives a little
 * while — a library scan batching files for the database. 16 MB semi-spaces (V8's long-time
 * default) keep a 20,000-file scan under ~270 MB instead of ~330 MB, at no measurable cost.
 */
export const NODE_FLAGS = ['--max-semi-space-size=16'];
