import { ErrorBody, IdParams, Lyrics } from '@runnel/api';
import type { Api } from '../http/typed.ts';
import type { LyricsService } from './service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 404: ErrorBody };

export function lyricsRoutes(app: Api, lyrics: LyricsService) {
  app.get(
    '/api/v1/tracks/:id/lyrics',
    {
      schema: {
        tags: ['catalog'],
        summary: "A track's lyrics: from its tags, a .lrc file beside it, or LRCLIB (when the server asks it); synced when they are LRC",
        params: IdParams,
        response: { 200: Lyrics, ...errors },
      },
    },
    async (request) => lyrics.forTrack(request.params.id),
  );
}
