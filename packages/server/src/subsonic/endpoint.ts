import type { FastifyReply, FastifyRequest } from 'fastify';
import type { UserRow } from '../accounts/service.ts';
import type { App } from '../app.ts';
import type { Params } from './params.ts';
import type { Format, Node } from './response.ts';

/** Runnel's modules as the Subsonic surface uses them: every rule lives in the module, not here. */
export type SubsonicServices = Pick<
  App,
  | 'accounts'
  | 'catalog'
  | 'library'
  | 'libraries'
  | 'streaming'
  | 'plans'
  | 'ads'
  | 'collection'
  | 'playlists'
  | 'player'
  | 'devices'
  | 'discovery'
  | 'radio'
  | 'search'
  | 'social'
  | 'shareLinks'
  | 'lyrics'
  | 'clock'
>;

/** One request to an endpoint. */
export interface Call {
  params: Params;
  user: UserRow;
  services: SubsonicServices;
  format: Format;
  request: FastifyRequest;
  reply: FastifyReply;
}

/** The endpoint wrote the response itself (audio, images). */
export const SENT = Symbol('sent');

/** What goes inside `subsonic-response` on success (nothing for a bare `status="ok"`). */
export type Outcome = Node | typeof SENT | void;

export type Endpoint =
  | { public: true; handle(call: Omit<Call, 'user'> & { user?: UserRow }): Promise<Outcome> | Outcome }
  | { public?: false; admin?: boolean; handle(call: Call): Promise<Outcome> | Outcome };

export type Endpoints = Record<string, Endpoint>;
