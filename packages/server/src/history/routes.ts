import { Readable } from 'node:stream';
import Type from 'typebox';
import {
  Empty,
  ErrorBody,
  HistoryExportQuery,
  HistoryImportResult,
  HistoryPage,
  HistoryQuery,
  MySummary,
  PublicSummary,
  SummaryLinkParams,
  SummaryParams,
  SummaryQuery,
  SummaryShare,
} from '@runnel/api';
import { AppError, badRequest } from '../errors.ts';
import { me } from '../http/auth.ts';
import { ownOrigin } from '../http/origin.ts';
import { typed, type Api } from '../http/typed.ts';
import { IMPORT_LIMIT, spool } from './import.ts';
import { bestLanguage } from '../language/negotiate.ts';
import { summaryPage, summaryPageGone } from './page.ts';
import { zoneOf, type History } from './service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 413: ErrorBody };
/** File types an import takes; the file is the request body. */
const IMPORT_TYPES = [
  'application/json',
  'application/x-ndjson',
  'application/jsonl',
  'application/zip',
  'application/x-zip-compressed',
  'application/octet-stream',
];

/**
 * The history module's routes: your history (paged, searched), its export and import as
 * ListenBrainz listens, your year summaries and their public links. Only a shared summary
 * (`/y/:id` and its JSON) is public.
 */
export function historyRoutes(app: Api, history: History) {
  const tags = ['history'];
  const origin = (request: Parameters<typeof ownOrigin>[0]) => ownOrigin(request) ?? '';

  app.get(
    '/api/v1/me/history',
    {
      schema: {
        tags,
        summary: 'What you played, newest first: paged by time, by days and by words',
        querystring: HistoryQuery,
        response: { 200: HistoryPage, ...errors },
      },
    },
    async (request) => history.page(me(request), request.query),
  );

  app.get(
    '/api/v1/me/history/export',
    {
      schema: {
        tags,
        summary: 'Your whole history as ListenBrainz listens (a JSON array, or JSON lines), oldest first',
        querystring: HistoryExportQuery,
        response: { 200: Type.Unknown({ description: 'The listens' }), ...errors },
      },
    },
    async (request, reply) => {
      const format = request.query.format ?? 'json';
      const day = new Date().toISOString().slice(0, 10);
      return reply
        .type(format === 'json' ? 'application/json; charset=utf-8' : 'application/x-ndjson; charset=utf-8')
        .header('content-disposition', `attachment; filename="runnel-listens-${day}.${format}"`)
        .header('cache-control', 'no-store')
        .send(Readable.from(history.export(me(request), format)));
    },
  );

  // The file is the body, read as a stream onto disk (never whole into memory).
  app.register(async (plain) => {
    const scope = typed(plain);
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(IMPORT_TYPES, (_request, payload, done) => done(null, payload));
    scope.post(
      '/api/v1/me/history/import',
      {
        schema: {
          tags,
          summary: 'Add a ListenBrainz export to your history (a JSON array, JSON lines or the export zip); already there: skipped',
          response: { 200: HistoryImportResult, ...errors },
        },
      },
      async (request) => {
        if (!(request.body instanceof Readable)) throw badRequest('Send the ListenBrainz file as the request body', 'history_import_invalid');
        const file = await spool(request.body, IMPORT_LIMIT);
        try {
          return await history.import(me(request), file.path);
        } finally {
          await file.done();
        }
      },
    );
  });

  app.get(
    '/api/v1/me/summary/:year',
    {
      schema: {
        tags,
        summary: 'Your year in music (in the time zone `tz`, UTC without it), and its public link if you shared it',
        params: SummaryParams,
        querystring: SummaryQuery,
        response: { 200: MySummary, ...errors },
      },
    },
    async (request) => {
      const userId = me(request);
      const zone = zoneOf(request.query.tz);
      const [summary, share] = await Promise.all([
        history.summary(userId, request.params.year, zone),
        history.shareOf(userId, request.params.year, origin(request)),
      ]);
      return { summary, share };
    },
  );

  app.put(
    '/api/v1/me/summary/:year/share',
    {
      schema: {
        tags,
        summary:
          "Share a year's summary by a public link (the same link if it is shared), counted in the time zone `tz` (kept from before without it; UTC for a new link)",
        params: SummaryParams,
        querystring: SummaryQuery,
        response: { 200: SummaryShare, ...errors },
      },
    },
    async (request) => history.share(me(request), request.params.year, origin(request), request.query.tz === undefined ? undefined : zoneOf(request.query.tz)),
  );

  app.delete(
    '/api/v1/me/summary/:year/share',
    { schema: { tags, summary: "Turn a year's public link off for good", params: SummaryParams, response: { 204: Empty, ...errors } } },
    async (request, reply) => {
      await history.unshare(me(request), request.params.year);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/summaries/:id',
    {
      config: { public: true },
      schema: { tags, summary: 'A shared year summary (no account needed)', params: SummaryLinkParams, response: { 200: PublicSummary, ...errors } },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return history.publicSummary(request.params.id);
    },
  );

  // The page people open from a post: HTML with the preview tags.
  app.get('/y/:id', { config: { public: true }, schema: { hide: true, params: SummaryLinkParams } }, async (request, reply) => {
    // In the visitor's language, as their browser asks for it (they have no account to choose one).
    const language = bestLanguage(request.headers['accept-language']);
    reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').header('vary', 'accept-language');
    try {
      return summaryPage(await history.publicSummary(request.params.id), `${origin(request)}/y/${request.params.id}`, language);
    } catch (error) {
      if (!(error instanceof AppError) || error.status !== 404) throw error;
      reply.code(404);
      return summaryPageGone(language);
    }
  });
}
