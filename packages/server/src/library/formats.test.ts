import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { testApp, type TestApp, type TestUser } from '../testing/app.ts';
import { FORMATS, generatePicture, generateTone, type FormatName } from './generate.ts';

/**
 * The format × field matrix. Every format is made by ffmpeg with the same tags; `extended`
 * lists the fields beyond the core ones that the format's tag system carries as ffmpeg
 * writes it (ID3v1 has no album artist, disc or genre text; ffmpeg's MP4 muxer writes no
 * MusicBrainz or ReplayGain atoms; ffmpeg puts ID3 lyrics in a TXXX frame, not USLT).
 */
const EXTENDED: Record<
  FormatName,
  {
    albumArtist: boolean;
    disc: boolean;
    mbid: boolean;
    replayGain: boolean;
    lyrics: boolean;
    compilation: boolean;
    date: boolean;
    picture: boolean;
    codec: RegExp;
    lossless: boolean;
  }
> = {
  mp3v1: {
    albumArtist: false,
    disc: false,
    mbid: false,
    replayGain: false,
    lyrics: false,
    compilation: false,
    date: false,
    picture: false,
    codec: /MPEG 1 Layer 3/,
    lossless: false,
  },
  mp3v23: {
    albumArtist: true,
    disc: true,
    mbid: true,
    replayGain: true,
    lyrics: false,
    compilation: true,
    date: false,
    picture: true,
    codec: /MPEG 1 Layer 3/,
    lossless: false,
  },
  mp3v24: {
    albumArtist: true,
    disc: true,
    mbid: true,
    replayGain: true,
    lyrics: false,
    compilation: true,
    date: true,
    picture: true,
    codec: /MPEG 1 Layer 3/,
    lossless: false,
  },
  flac: {
    albumArtist: true,
    disc: true,
    mbid: true,
    replayGain: true,
    lyrics: true,
    compilation: true,
    date: true,
    picture: true,
    codec: /FLAC/,
    lossless: true,
  },
  ogg: {
    albumArtist: true,
    disc: true,
    mbid: true,
    replayGain: true,
    lyrics: true,
    compilation: true,
    date: true,
    picture: false,
    codec: /Vorbis/,
    lossless: false,
  },
  opus: {
    albumArtist: true,
    disc: true,
    mbid: true,
    replayGain: true,
    lyrics: true,
    compilation: true,
    date: true,
    picture: false,
    codec: /Opus/,
    lossless: false,
  },
  aac: {
    albumArtist: true,
    disc: true,
    mbid: false,
    replayGain: false,
    lyrics: true,
    compilation: true,
    date: true,
    picture: true,
    codec: /AAC/,
    lossless: false,
  },
  alac: {
    albumArtist: true,
    disc: true,
    mbid: false,
    replayGain: false,
    lyrics: true,
    compilation: true,
    date: true,
    picture: true,
    codec: /ALAC/,
    lossless: true,
  },
  wav: {
    albumArtist: true,
    disc: true,
    mbid: true,
    replayGain: true,
    lyrics: false,
    compilation: true,
    date: true,
    picture: true,
    codec: /PCM/,
    lossless: true,
  },
  aiff: {
    albumArtist: true,
    disc: true,
    mbid: true,
    replayGain: true,
    lyrics: false,
    compilation: true,
    date: true,
    picture: true,
    codec: /PCM/,
    lossless: true,
  },
};

// Long enough that Ogg streams span many pages (their length is not in the headers).
const SECONDS = 12.5;

describe('format × field matrix', () => {
  let t: TestApp;
  let u: TestUser;
  let dir: string;
  const formats = Object.keys(FORMATS) as FormatName[];

  before(async () => {
    t = await testApp();
    u = await t.makeUser();
    dir = await mkdtemp(join(tmpdir(), 'runnel-formats-'));
    const picture = join(dir, 'pic.jpg');
    await generatePicture(picture, 320, 30);
    await Promise.all(
      formats.map((format, i) =>
        generateTone({
          path: join(dir, format, `Ström ${format}.${FORMATS[format].ext}`),
          format,
          seconds: SECONDS,
          frequency: 300 + 40 * i,
          picture,
          tags: {
            title: `Kraniche ${format} 日本語`,
            artist: 'Bosse feat. Anna Åslund',
            album_artist: 'Bosse',
            album: `Kraniche (${format})`,
            track: '3/12',
            disc: '2/2',
            date: '2013-03-08',
            genre: 'Deutschpop;Indie',
            compilation: '1',
            lyrics: 'Schönste Zeit',
            MUSICBRAINZ_TRACKID: '8f3a9a7e-6d43-4c36-9f00-000000000001',
            'MusicBrainz Album Id': '5b11f4ce-a62d-471e-81fc-a69a8278c7da',
            'MusicBrainz Release Track Id': '8f3a9a7e-6d43-4c36-9f00-000000000002',
            REPLAYGAIN_TRACK_GAIN: '-7.25 dB',
            REPLAYGAIN_TRACK_PEAK: '0.988',
          },
        }),
      ),
    );
    await t.library.addFolder(dir);
    const counts = await t.library.scan();
    assert.equal(counts.failed, 0, JSON.stringify(await t.library.status()));
    assert.equal(counts.added, formats.length);
  });
  after(async () => {
    await t.close();
    await rm(dir, { recursive: true, force: true });
  });

  for (const format of formats) {
    test(format, async () => {
      const row = await t.catalog.trackByPath(join(dir, format, `Ström ${format}.${FORMATS[format].ext}`));
      assert.ok(row, 'scanned');
      const response = await t.http.inject({ method: 'GET', url: `/api/v1/tracks/${row.id}`, headers: u.auth });
      assert.equal(response.statusCode, 200);
      const track = response.json();
      const x = EXTENDED[format];
      const v1 = format === 'mp3v1';
      // core fields (ID3v1 truncates to 30 Latin-1 characters)
      if (v1) assert.ok(track.name.startsWith(`Kraniche ${format} `), 'ID3v1 is Latin-1: the Japanese part cannot survive');
      else assert.equal(track.name, `Kraniche ${format} 日本語`);
      assert.deepEqual(
        track.artists.map((a: { name: string }) => a.name),
        ['Bosse', 'Anna Åslund'],
      );
      assert.equal(track.album.name, `Kraniche (${format})`);
      assert.equal(track.track_number, 3);
      assert.equal(track.year, 2013);
      assert.ok(Math.abs(track.duration_ms - SECONDS * 1000) <= 100, `duration ${track.duration_ms} ms`);
      assert.equal(track.uri, `runnel:track:${row.id}`);
      assert.match(track.codec, x.codec);
      assert.equal(track.lossless, x.lossless);
      assert.ok(track.bitrate > 0 && track.sample_rate >= 44100 && track.channels === 2 && track.size > 0);
      assert.deepEqual(track.genres, v1 ? ['Pop'] : ['Deutschpop', 'Indie']);
      // extended fields
      assert.deepEqual(
        track.album.artists.map((a: { name: string }) => a.name),
        x.albumArtist ? ['Bosse'] : x.compilation ? ['Various Artists'] : ['Bosse'],
      );
      if (x.disc) assert.equal(track.disc_number, 2);
      if (x.disc) assert.equal(track.album.total_discs, 2);
      if (x.date) assert.equal(track.album.release_date, '2013-03-08');
      if (x.mbid) assert.ok(row.mbid || row.mb_track_id, 'a MusicBrainz id');
      if (x.replayGain) {
        assert.equal(track.replay_gain.track_gain, -7.25);
        assert.ok(Math.abs(track.replay_gain.track_peak - 0.988) < 0.001);
      }
      assert.equal(track.has_lyrics, x.lyrics);
      if (x.lyrics) assert.equal(row.lyrics, 'Schönste Zeit');
      if (x.compilation) assert.equal(track.album.album_type, 'compilation');
      // artwork
      if (x.picture) {
        assert.equal(track.album.images.length, 3);
        const image = await t.http.inject({ method: 'GET', url: track.album.images[2].url, headers: u.auth });
        assert.equal(image.statusCode, 200);
        assert.equal(image.headers['content-type'], 'image/jpeg');
        const meta = await sharp(image.rawPayload).metadata();
        assert.equal(meta.width, 64);
      } else {
        assert.deepEqual(track.album.images, []);
      }
    });
  }

  test('folder pictures are used when a file has none', async () => {
    const { generatePicture: picture } = await import('./generate.ts');
    await picture(join(dir, 'ogg', 'folder.png'), 200, 200);
    await generateTone({
      path: join(dir, 'ogg', 'second.ogg'),
      format: 'ogg',
      seconds: 1,
      tags: { title: 'Zwei', artist: 'Bosse', album_artist: 'Bosse', album: 'Kraniche (ogg)', track: '4' },
    });
    await t.library.scan();
    const row = await t.catalog.trackByPath(join(dir, 'ogg', 'second.ogg'));
    const album = (await t.http.inject({ method: 'GET', url: `/api/v1/albums/${row!.album_id}`, headers: u.auth })).json();
    assert.equal(album.total_tracks, 2);
    assert.equal(album.images.length, 3);
    const original = await t.http.inject({ method: 'GET', url: album.images[0].url.replace(/\?size=\d+/, ''), headers: u.auth });
    assert.equal(original.headers['content-type'], 'image/png');
    const thumb = await t.http.inject({ method: 'GET', url: `${album.images[0].url.replace(/\?size=\d+/, '')}?size=100`, headers: u.auth });
    assert.equal((await sharp(thumb.rawPayload).metadata()).width, 100);
  });
});
