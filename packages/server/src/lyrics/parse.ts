/** One line of lyrics: its text, and when it is sung (ms from the start) for synced lyrics. */
export interface LyricLine {
  start_ms: number | null;
  text: string;
}

export interface ParsedLyrics {
  synced: boolean;
  lines: LyricLine[];
}

const LRC_LINE = /^((?:\[\d{1,3}:\d{2}(?:[.:]\d{1,3})?\])+)(.*)$/;
const LRC_STAMP = /\[(\d{1,3}):(\d{2})(?:[.:](\d{1,3}))?\]/g;
/** `[ar:…]`, `[offset:+120]` and the like: LRC's header tags. */
const LRC_TAG = /^\[([a-z]+):(.*)\]$/i;

/**
 * Lyrics as text: LRC (every line after the header tags starts with one or more
 * `[mm:ss.xx]` stamps) is synced, its lines in time order, `[offset:±ms]` applied; anything
 * else is plain text, one line per line.
 */
export function parseLyrics(text: string): ParsedLyrics {
  const all = text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .split('\n');
  let offset = 0;
  const content: string[] = [];
  for (const raw of all) {
    const line = raw.trim();
    const tag = LRC_TAG.exec(line);
    if (tag && !LRC_LINE.test(line)) {
      if (tag[1]!.toLowerCase() === 'offset' && /^[+-]?\d{1,7}$/.test(tag[2]!.trim())) offset = Number(tag[2]!.trim());
      continue;
    }
    if (line !== '') content.push(line);
  }
  const synced = content.length > 0 && content.every((l) => LRC_LINE.test(l));
  if (!synced) {
    // Plain lyrics keep their blank lines (verses).
    const lines = all.map((l) => ({ start_ms: null, text: l.trim() }));
    while (lines.length && lines.at(-1)!.text === '') lines.pop();
    while (lines.length && lines[0]!.text === '') lines.shift();
    return { synced: false, lines };
  }
  const lines: LyricLine[] = [];
  for (const line of content) {
    const [, stamps, words] = LRC_LINE.exec(line)!;
    // A line sung several times carries several stamps: one line each.
    for (const [, min, sec, frac = '0'] of stamps!.matchAll(LRC_STAMP)) {
      const ms = Number(min) * 60_000 + Number(sec) * 1000 + Math.round(Number(`0.${frac}`) * 1000);
      // LRC's offset is how much earlier the lyrics should come: a positive one shows them sooner.
      lines.push({ start_ms: Math.max(0, ms - offset), text: words!.trim() });
    }
  }
  lines.sort((a, b) => a.start_ms! - b.start_ms!);
  return { synced: true, lines };
}
