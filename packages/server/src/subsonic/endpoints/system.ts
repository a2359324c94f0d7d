import type { Endpoints } from '../endpoint.ts';

/**
 * OpenSubsonic extensions Runnel supports in full (advertised only then): every endpoint
 * takes form POST, API keys work, lyrics come from tags, and `timeOffset` seeks transcodes.
 */
export const EXTENSIONS = [
  { name: 'apiKeyAuthentication', versions: [1] },
  { name: 'formPost', versions: [1] },
  { name: 'songLyrics', versions: [1] },
  { name: 'transcodeOffset', versions: [1] },
];

export const systemEndpoints: Endpoints = {
  // Answers strangers too, so an app can see what server this is before signing in;
  // credentials, when sent, are checked (that is how apps test a login).
  ping: { public: true, handle: () => undefined },

  getOpenSubsonicExtensions: { public: true, handle: () => ({ openSubsonicExtensions: EXTENSIONS }) },

  // Runnel is free software: the licence is always valid.
  getLicense: { handle: () => ({ license: { valid: true } }) },

  tokenInfo: { handle: ({ user }) => ({ tokenInfo: { username: user.username } }) },
};
