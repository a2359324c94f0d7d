import Type from 'typebox';
import { DownloadPage, DownloadsQuery, Empty, ErrorBody, IdParams, PlaylistParams } from '@runnel/api';
import type { Api } from '../http/typed.ts';
import { clientGone, sendOutcome, streamRequest } from '../streaming/reply.ts';
import { attachment } from './names.ts';
import type { Downloads } from './service.ts';
import { zipStream } from './zip.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const tags = ['downloads'];
const File = Type.Unknown({ description: 'The file, offered for saving (`Content-Disposition: attachment`)' });
const Zip = Type.Unknown({
  description: 'A zip of the tracks (`NN Artist - Title.ext`), an M3U and, for an album, its cover; streamed as it is built, with its exact length',
});
const NEEDS = 'Needs a plan with downloads: otherwise 403 `premium_required`, before anything else.';

/**
 * HTTP routes of the downloads module. Each download asks the plan first, and a GET (not a
 * HEAD) is recorded in the user's Downloads list once the checks have passed.
 */
export function downloadsRoutes(app: Api, downloads: Downloads) {
  app.route({
    method: ['GET', 'HEAD'],
    url: '/api/v1/tracks/:id/download',
    schema: {
      tags,
      summary: 'Download a track: its stored file as `NN Artist - Title.ext`, with byte ranges',
      description: NEEDS,
      params: IdParams,
      response: { 200: File, 206: File, 304: Empty, 416: Empty, ...errors },
    },
    handler: async (request, reply) => {
      const user = request.principal!.user;
      await downloads.allow(user.tier);
      const { outcome, name, fileName } = await downloads.track({ userId: user.id, tier: user.tier }, request.params.id, streamRequest(request, reply));
      if (request.method === 'GET') await downloads.record(user.id, 'track', request.params.id, name);
      return sendOutcome(reply, outcome, { 'content-disposition': attachment(fileName) });
    },
  });

  for (const kind of ['album', 'playlist'] as const) {
    app.route({
      method: ['GET', 'HEAD'],
      url: `/api/v1/${kind}s/:id/download`,
      schema: {
        tags,
        summary: kind === 'album' ? 'Download an album as one zip: `Artist - Album.zip`' : 'Download a playlist you can see as one zip: `Name.zip`',
        description: `${NEEDS} Tracks whose file is missing are left out (the M3U names them)${kind === 'playlist' ? ', and so are local files' : ''}.`,
        params: kind === 'album' ? IdParams : PlaylistParams,
        response: { 200: Zip, ...errors },
      },
      handler: async (request, reply) => {
        const user = request.principal!.user;
        const { id } = request.params;
        await downloads.allow(user.tier);
        const archive = kind === 'album' ? await downloads.album(id) : await downloads.playlist(id, user.id);
        reply.code(200).headers({
          'content-type': 'application/zip',
          'content-length': String(archive.size),
          'content-disposition': attachment(archive.fileName),
          'accept-ranges': 'none',
          'cache-control': 'private, no-store',
        });
        if (request.method === 'HEAD') return reply.send();
        await downloads.record(user.id, kind, id, archive.name);
        return reply.send(zipStream(archive.entries, { signal: clientGone(reply) }));
      },
    });
  }

  app.get(
    '/api/v1/me/downloads',
    {
      schema: {
        tags,
        summary: 'What you downloaded, newest first, each once, with its link to download it again',
        querystring: DownloadsQuery,
        response: { 200: DownloadPage, ...errors },
      },
    },
    async (request) => downloads.list(request.principal!.user.id, request.query.limit ?? 20, request.query.offset ?? 0),
  );
}
