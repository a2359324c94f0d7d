// The bench library's files, written the way taggers write them around ffmpeg-made audio
// (one ffmpeg run per format, then milliseconds per file): MP3 with ID3v2.4 (UTF-8, NUL
// between values) or ID3v2.3 (UTF-16, '/' between artists), FLAC and Ogg with Vorbis
// comments (repeated fields), M4A with iTunes atoms and Picard's freeform MusicBrainz ones.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ffmpeg } from '../../packages/server/src/library/generate.ts';
import { flacPicture, m4aWithItems, mp4Item as item, oggWithComments, vorbisComments } from '../../packages/server/src/library/retag.ts';

export const KINDS = ['mp3v24', 'mp3v23', 'flac', 'aac', 'alac', 'ogg', 'opus'] as const;
export type Kind = (typeof KINDS)[number];
export const EXTENSION: Record<Kind, string> = { mp3v24: 'mp3', mp3v23: 'mp3', flac: 'flac', aac: 'm4a', alac: 'm4a', ogg: 'ogg', opus: 'opus' };

export interface Tags {
  title: string;
  artists: string[];
  albumArtist: string;
  album: string;
  track: number;
  tracks: number;
  disc: number;
  discs: number;
  year: number;
  genres: string[];
  compilation: boolean;
  /** MusicBrainz recording, album and artist ids, as Picard writes them. */
  mb: { recording: string; album: string; artists: string[] };
}

const ENCODER: Record<Kind, string[]> = {
  mp3v24: ['-c:a', 'libmp3lame', '-b:a', '128k', '-id3v2_version', '0'],
  mp3v23: ['-c:a', 'libmp3lame', '-b:a', '128k', '-id3v2_version', '0'],
  flac: ['-c:a', 'flac', '-fflags', '+bitexact'],
  aac: ['-c:a', 'aac', '-b:a', '128k'],
  alac: ['-c:a', 'alac'],
  ogg: ['-c:a', 'libvorbis', '-q:a', '3'],
  opus: ['-c:a', 'libopus', '-b:a', '96k'],
};
export type Templates = Record<Kind, Buffer>;
/** One untagged 1.5 s file per format. */
export async function makeTemplates(dir: string): Promise<Templates> {
  const out = {} as Templates;
  for (const [i, kind] of KINDS.entries()) {
    const path = join(dir, `t-${kind}.${EXTENSION[kind]}`);
    // Vorbis squeezes a sine into ~8 KiB; noise gives a file of a real one's ~190 kbps (and over the fast reader's 12 KiB minimum).
    const source = kind === 'ogg' ? 'anoisesrc=color=pink:amplitude=0.2:duration=1.5' : `sine=frequency=${330 + 40 * i}:duration=1.5`;
    await ffmpeg(['-f', 'lavfi', '-i', source, '-ac', '2', ...ENCODER[kind], '-map_metadata', '-1', path]);
    out[kind] = await readFile(path);
  }
  return out;
}

const syncsafe = (n: number) => Buffer.from([(n >> 21) & 0x7f, (n >> 14) & 0x7f, (n >> 7) & 0x7f, n & 0x7f]);
const u32be = (n: number) => Buffer.from([n >>> 24, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff]);
function id3(version: 3 | 4, tags: Tags, picture: Buffer | null): Buffer {
  const frame = (id: string, body: Buffer) =>
    Buffer.concat([Buffer.from(id, 'latin1'), version === 4 ? syncsafe(body.length) : u32be(body.length), Buffer.alloc(2), body]);
  // v2.4: UTF-8, values NUL-separated; v2.3: UTF-16 with BOM, artists '/'-separated (what Mp3tag writes).
  const text = (id: string, values: string[]) =>
    frame(
      id,
      version === 4
        ? Buffer.concat([Buffer.from([3]), Buffer.from(values.join('\0'), 'utf8')])
        : Buffer.concat([Buffer.from([1, 0xff, 0xfe]), Buffer.from(values.join(id === 'TCON' ? ';' : '/'), 'utf16le')]),
    );
  const txxx = (description: string, value: string) => frame('TXXX', Buffer.concat([Buffer.from([3]), Buffer.from(`${description}\0${value}`, 'utf8')]));
  const frames = [
    text('TIT2', [tags.title]),
    text('TPE1', tags.artists),
    text('TPE2', [tags.albumArtist]),
    text('TALB', [tags.album]),
    text('TRCK', [`${tags.track}/${tags.tracks}`]),
    text('TPOS', [`${tags.disc}/${tags.discs}`]),
    text(version === 4 ? 'TDRC' : 'TYER', [String(tags.year)]),
    text('TCON', tags.genres),
    txxx('MusicBrainz Album Id', tags.mb.album),
    txxx('MusicBrainz Artist Id', tags.mb.artists.join(version === 4 ? '\0' : '/')),
    frame('UFID', Buffer.from(`http://musicbrainz.org\0${tags.mb.recording}`, 'latin1')),
  ];
  if (tags.compilation) frames.push(text('TCMP', ['1']));
  if (picture) frames.push(frame('APIC', Buffer.concat([Buffer.from('\0image/jpeg\0\x03\0', 'latin1'), picture])));
  const body = Buffer.concat(frames);
  return Buffer.concat([Buffer.from([0x49, 0x44, 0x33, version, 0, 0]), syncsafe(body.length), body]);
}

function vorbis(tags: Tags, extra: string[] = []): Buffer {
  return vorbisComments(
    [
      `TITLE=${tags.title}`,
      ...tags.artists.map((a) => `ARTIST=${a}`),
      `ALBUMARTIST=${tags.albumArtist}`,
      `ALBUM=${tags.album}`,
      `TRACKNUMBER=${tags.track}`,
      `TRACKTOTAL=${tags.tracks}`,
      `DISCNUMBER=${tags.disc}`,
      `DISCTOTAL=${tags.discs}`,
      `DATE=${tags.year}`,
      ...tags.genres.map((g) => `GENRE=${g}`),
      `MUSICBRAINZ_TRACKID=${tags.mb.recording}`,
      `MUSICBRAINZ_ALBUMID=${tags.mb.album}`,
      ...tags.mb.artists.map((id) => `MUSICBRAINZ_ARTISTID=${id}`),
      ...(tags.compilation ? ['COMPILATION=1'] : []),
      ...extra,
    ],
    'reference libVorbis I 20200704 (Reducing Environment)',
  );
}

function flacFile(template: Buffer, tags: Tags, picture: Buffer | null): Buffer {
  let offset = 4;
  let streamInfo: Buffer | null = null;
  for (;;) {
    const last = (template[offset]! & 0x80) !== 0;
    const length = template.readUIntBE(offset + 1, 3);
    if ((template[offset]! & 0x7f) === 0) streamInfo = template.subarray(offset + 4, offset + 4 + length);
    offset += 4 + length;
    if (last) break;
  }
  const blocks: [number, Buffer][] = [
    [0, streamInfo!],
    [4, vorbis(tags)],
    ...(picture ? [[6, flacPicture(3, 'image/jpeg', picture)] as [number, Buffer]] : []),
  ];
  const encoded = blocks.map(([type, body], i) =>
    Buffer.concat([Buffer.from([(i === blocks.length - 1 ? 0x80 : 0) | type, body.length >> 16, (body.length >> 8) & 0xff, body.length & 0xff]), body]),
  );
  return Buffer.concat([Buffer.from('fLaC'), ...encoded, template.subarray(offset)]);
}

function m4a(template: Buffer, tags: Tags, picture: Buffer | null): Buffer {
  return m4aWithItems(template, [
    item.text('©nam', tags.title),
    item.text('©ART', tags.artists.join(' & ')),
    item.freeform('ARTISTS', ...tags.artists),
    item.text('aART', tags.albumArtist),
    item.text('©alb', tags.album),
    item.pair('trkn', tags.track, tags.tracks),
    item.pair('disk', tags.disc, tags.discs),
    item.text('©day', String(tags.year)),
    item.text('©gen', ...tags.genres),
    item.flag('cpil', tags.compilation),
    item.freeform('MusicBrainz Track Id', tags.mb.recording),
    item.freeform('MusicBrainz Album Id', tags.mb.album),
    item.freeform('MusicBrainz Artist Id', ...tags.mb.artists),
    ...(picture ? [item.cover(picture)] : []),
  ]);
}

/** A tagged file of `kind`, with `picture` embedded when given. */
export function taggedFile(kind: Kind, templates: Templates, tags: Tags, picture: Buffer | null): Buffer {
  const template = templates[kind];
  switch (kind) {
    case 'mp3v24':
    case 'mp3v23':
      return Buffer.concat([id3(kind === 'mp3v24' ? 4 : 3, tags, picture), template]);
    case 'flac':
      return flacFile(template, tags, picture);
    case 'aac':
    case 'alac':
      return m4a(template, tags, picture);
    default:
      return oggWithComments(template, vorbis(tags, picture ? [`METADATA_BLOCK_PICTURE=${flacPicture(3, 'image/jpeg', picture).toString('base64')}`] : []));
  }
}
