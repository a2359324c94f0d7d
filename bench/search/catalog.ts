/**
 * A deterministic synthetic catalogue for the search bench: artists, albums and tracks
 * with realistic name lengths (1–6 words, mostly 2–3), a Zipf-distributed vocabulary (a
 * few words very common, most rare), some accented and CJK names, and Zipf popularity.
 * The same seed always gives the same catalogue and the same queries.
 */
import type { SearchDocument } from '../../packages/server/src/search/documents.ts';

/** A small fast PRNG (mulberry32); deterministic across runs and machines. */
export function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COMMON = `love night heart baby time life girl world dream day light fire rain home away go back down
 love song blue heaven summer dance tonight forever gold river road wild young free blood moon star sun ocean
 city lights shadow ghost angel devil sweet lonely broken fall rise run stay wait hold remember always never
 little big black white red green silver glass stone paper song feel better again alone together way street
 sky world kiss lie truth money crazy fever storm thunder winter spring morning midnight sugar honey diamond`
  .split(/\s+/)
  .filter(Boolean);
const ACCENTED = [
  'kärlek',
  'över',
  'främling',
  'sommarnatt',
  'månsken',
  'hjärta',
  'fröken',
  'müde',
  'straße',
  'schön',
  'brûlée',
  'café',
  'niño',
  'corazón',
  'søndag',
  'blåbær',
  'ærlig',
  'glück',
  'für',
  'déjà',
];
const CJK = [
  '夜に駆ける',
  '東京',
  '恋',
  '花火',
  '桜',
  '青春',
  '月光',
  '夢',
  '風の歌',
  '雨の日',
  '光',
  '星空',
  '海',
  '愛してる',
  '千本桜',
  '紅蓮華',
  '後来',
  '晴天',
  '月亮代表我的心',
  '青花瓷',
];
const FIRST = `anna erik johan karin lars maria nils sara oskar emma felix hanna jonas lisa max nora olivia peter ruth sam tom
 victor will zoe alex ben chris david ella frank grace henry iris jack kate leo mia nick owen paul quinn rosa`
  .split(/\s+/)
  .filter(Boolean);
/** Syllables for invented words: every consonant (cluster) with every vowel, plus some endings. */
const SYLLABLES = ['b', 'd', 'f', 'g', 'h', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'w', 'z', 'br', 'st', 'tr', 'sh']
  .flatMap((c) => ['a', 'e', 'i', 'o', 'u', 'y'].map((v) => c + v))
  .concat(['an', 'el', 'or', 'in', 'us', 'ax', 'ly', 'ov', 'ber', 'son', 'dal', 'ström', 'berg', 'lund', 'gren', 'ick', 'ers']);

/** Picks an index in [0, n) with probability ∝ 1/(i+1)^s (inverse CDF over a table). */
function zipf(n: number, s: number, random: () => number) {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) cdf[i] = sum += 1 / Math.pow(i + 1, s);
  return () => {
    const x = random() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

export interface Catalogue {
  /** Calls `each` with batches of documents: artists, then albums, then tracks. */
  generate(each: (docs: SearchDocument[]) => Promise<void> | void, batch?: number): Promise<void>;
  /** `count` queries as a person would type them (some with typos, accents dropped, filters). */
  queries(count: number): string[];
}

/** A catalogue of `tracks` tracks (artists ≈ tracks/10, albums ≈ tracks/5). */
export function syntheticCatalogue(tracks: number, seed = 2011): Catalogue {
  const random = rng(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  // Vocabulary: common words first (so Zipf makes them frequent), then many invented ones.
  const vocabulary = [...COMMON, ...ACCENTED];
  const seen = new Set(vocabulary);
  const target = Math.max(5_000, Math.min(200_000, tracks / 5));
  while (vocabulary.length < target) {
    const parts = 2 + Math.floor(random() * 2);
    let word = '';
    for (let i = 0; i < parts; i++) word += pick(SYLLABLES);
    if (!seen.has(word)) {
      seen.add(word);
      vocabulary.push(word);
    }
  }
  const nextWord = zipf(vocabulary.length, 1.0, random);
  const capital = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);
  const phrase = (min: number, max: number) => {
    if (random() < 0.01) return pick(CJK);
    const n = min + Math.floor(random() * random() * (max - min + 1));
    return Array.from({ length: n }, () => capital(vocabulary[nextWord()]!)).join(' ');
  };
  const artistCount = Math.max(100, Math.floor(tracks / 10));
  const albumCount = Math.max(200, Math.floor(tracks / 5));
  const artistName = (i: number) => {
    const r = rng(seed * 31 + i)();
    if (r < 0.4) return `${capital(FIRST[i % FIRST.length]!)} ${capital(vocabulary[(i * 7919) % vocabulary.length]!)}`;
    if (r < 0.6) return `The ${capital(vocabulary[(i * 104729) % vocabulary.length]!)}s`;
    if (r < 0.62) return CJK[i % CJK.length]!;
    return `${capital(vocabulary[(i * 15485863) % vocabulary.length]!)} ${capital(vocabulary[(i * 32452843 + 1) % vocabulary.length]!)}`;
  };
  const id = (prefix: string, i: number) => `${prefix}${i.toString(36).padStart(6, '0')}${Math.floor(rng(i + seed)() * 1e9).toString(36)}`;
  const popularity = (i: number, n: number) => Math.floor(1_000_000 / Math.pow(1 + ((i * 2654435761) % n), 1.1));
  const albums: Array<{ title: string; artist: number; year: number }> = [];

  return {
    async generate(each, batch = 5_000) {
      let docs: SearchDocument[] = [];
      const push = async (doc: SearchDocument) => {
        docs.push(doc);
        if (docs.length >= batch) {
          await each(docs);
          docs = [];
        }
      };
      for (let a = 0; a < artistCount; a++) {
        await push({
          id: id('ar', a),
          kind: 'artist',
          title: artistName(a),
          artists: [],
          genres: [pick(['pop', 'rock', 'indie', 'electronic', 'hip hop', 'jazz', 'folk', 'metal'])],
          popularity: popularity(a, artistCount),
        });
      }
      for (let b = 0; b < albumCount; b++) {
        const artist = nextWord() % artistCount;
        const album = { title: phrase(1, 4), artist, year: 1960 + Math.floor(random() * 66) };
        albums.push(album);
        await push({
          id: id('al', b),
          kind: 'album',
          title: album.title,
          artists: [artistName(artist)],
          year: album.year,
          popularity: popularity(b, albumCount),
        });
      }
      for (let t = 0; t < tracks; t++) {
        const album = albums[Math.floor(random() * albums.length)]!;
        const artists = [artistName(album.artist)];
        if (random() < 0.08) artists.push(artistName(Math.floor(random() * artistCount)));
        await push({ id: id('tr', t), kind: 'track', title: phrase(1, 6), artists, album: album.title, year: album.year, popularity: popularity(t, tracks) });
      }
      if (docs.length) await each(docs);
    },

    queries(count) {
      const q = rng(seed + 7);
      const out: string[] = [];
      const typo = (word: string) => {
        if (word.length < 5) return word;
        const at = 1 + Math.floor(q() * (word.length - 2));
        return word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2);
      };
      while (out.length < count) {
        const album = albums[Math.floor(q() * albums.length)]!;
        const artist = artistName(album.artist).toLowerCase();
        const title = album.title.toLowerCase();
        const form = out.length % 5;
        if (form === 0) out.push(`${artist.split(' ')[0]} ${title.split(' ')[0]}`);
        else if (form === 1) out.push(title);
        else if (form === 2) out.push(`${typo(title.split(' ')[0]!)} ${artist}`);
        else if (form === 3) out.push(`artist:${artist.split(' ').pop()} ${title.split(' ')[0]!.slice(0, 3)}`);
        else out.push(artist.normalize('NFD').replace(/\p{M}/gu, ''));
      }
      return out;
    },
  };
}
