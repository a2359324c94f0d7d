import type { UserRow } from '../../accounts/service.ts';
import { decodePassword } from '../auth.ts';
import type { Call, Endpoints } from '../endpoint.ts';
import { notAuthorized, notFound } from '../errors.ts';
import { folderNumber } from '../map.ts';
import type { Node } from '../response.ts';

/**
 * Users in Subsonic's terms. Runnel has two roles: administrators may see and change every
 * user; everyone streams, makes playlists, scrobbles and changes their own settings. The
 * user's plan sets the bitrate and whether they may download. What Runnel does not have
 * (uploads, podcasts, shares, comments, video) is false for everyone; the jukebox is the
 * user's own devices (endpoints/jukebox.ts), so everyone has it.
 */

async function userNode(call: Call, user: UserRow): Promise<Node> {
  const { plans, library, libraries } = call.services;
  const [plan, all, scope] = await Promise.all([plans.get(user.tier), library.folders(), libraries.scopeFor(user)]);
  // The folders this user (not the asker) may reach.
  const folders = scope ? all.filter((f) => scope.folders.includes(f.id)) : all;
  return {
    username: user.username,
    scrobblingEnabled: true,
    maxBitRate: plan.max_bitrate,
    adminRole: user.role === 'admin',
    settingsRole: true,
    downloadRole: plan.downloads,
    uploadRole: false,
    playlistRole: true,
    coverArtRole: false,
    commentRole: false,
    podcastRole: false,
    streamRole: true,
    jukeboxRole: true,
    shareRole: true,
    videoConversionRole: false,
    folder: folders.map((f) => ({ value: folderNumber(f.id) })),
  };
}

/** The named user, when the caller may act on them: themself, or anyone for an administrator. */
async function target(call: Call, what: string): Promise<UserRow> {
  const username = call.params.require('username');
  if (username.toLowerCase() === call.user.username.toLowerCase()) return call.user;
  if (call.user.role !== 'admin') throw notAuthorized(`Only an administrator may ${what} another user`);
  const user = await call.services.accounts.userByName(username);
  if (!user) throw notFound(`User ${username}`);
  return user;
}

export const userEndpoints: Endpoints = {
  getUser: { handle: async (call) => ({ user: await userNode(call, await target(call, 'see')) }) },

  getUsers: {
    admin: true,
    async handle(call) {
      const { accounts } = call.services;
      const nodes: Node[] = [];
      for (let offset = 0; ; offset += 500) {
        const page = await accounts.listUsers(500, offset);
        for (const item of page.items) {
          const user = await accounts.userByName(item.username);
          if (user) nodes.push(await userNode(call, user));
        }
        if (offset + 500 >= page.total) break;
      }
      return { users: { user: nodes } };
    },
  },

  // `password` plain or `enc:` hex, like `p`.
  changePassword: {
    async handle(call) {
      const user = await target(call, 'change the password of');
      await call.services.accounts.setPassword(user.id, decodePassword(call.params.require('password')));
    },
  },
};
