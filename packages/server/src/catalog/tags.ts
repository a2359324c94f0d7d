import type { TrackTags } from './types.ts';

/**
 * A file's tags as the scanner would hand them over: the fields given, and the rest as an
 * untagged file has them (no names, no numbers, no MusicBrainz ids, no ReplayGain). For
 * catalogues built without audio files: tests, benches and synthetic libraries.
 */
export function tagsWith(given: Partial<TrackTags> & Pick<TrackTags, 'durationMs'>): TrackTags {
  return {
    title: null,
    artists: [],
    artistSort: null,
    album: null,
    albumSort: null,
    albumArtists: [],
    albumArtistSort: null,
    compilation: false,
    trackNumber: null,
    trackTotal: null,
    discNumber: null,
    discTotal: null,
    year: null,
    date: null,
    genres: [],
    bitrate: null,
    sampleRate: null,
    channels: null,
    codec: null,
    container: null,
    lossless: false,
    mbRecordingId: null,
    mbTrackId: null,
    mbAlbumId: null,
    mbArtistIds: [],
    mbAlbumArtistIds: [],
    rgTrackGain: null,
    rgTrackPeak: null,
    rgAlbumGain: null,
    rgAlbumPeak: null,
    lyrics: null,
    ...given,
  };
}
