import type { FastifyInstance } from 'fastify';
import { sendError } from '../http/errors.ts';

/** What a node of a cluster does (`runnel serve --role`); see README.md. */
export const ROLES = ['all', 'api', 'stream', 'worker'] as const;
export type Role = (typeof ROLES)[number];

/** Audio: the stream and download routes, native and Subsonic (with or without `.view`). */
const AUDIO = /^\/(api\/v1\/(tracks\/[^/]+\/(stream|download)|(albums|playlists)\/[^/]+\/download)|rest\/(stream|download)(\.view)?)$/;
/** Every node answers these: the balancer's health checks and the metrics scrapers. */
const EVERY_NODE = /^\/(health|metrics)$/;

/** Whether a node of `role` serves `path` (no query). */
export function serves(role: Role, path: string): boolean {
  if (role === 'all' || EVERY_NODE.test(path)) return true;
  if (role === 'worker') return false;
  return AUDIO.test(path) === (role === 'stream');
}

/** Works jobs, schedules and the watcher. */
export const works = (role: Role) => role === 'all' || role === 'worker';

/**
 * Answers 421 `wrong_node_role` to what this node's role does not serve: a balancer that
 * sends audio to an api node (or the rest to a stream node) is misconfigured, and says so.
 */
export function installRole(http: FastifyInstance, role: Role) {
  if (role === 'all') return;
  http.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?', 1)[0]!;
    if (serves(role, path)) return;
    const what = role === 'stream' ? 'audio only' : role === 'api' ? 'everything but audio' : 'health only (it runs jobs)';
    return sendError(reply, 421, 'wrong_node_role', `This node's role is ${role}: it serves ${what}. Check the balancer's routing (deploy/cluster).`);
  });
}
