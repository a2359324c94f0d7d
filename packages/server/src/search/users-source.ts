import type { DocumentSource, SearchDocument } from './documents.ts';

/** What search needs from accounts: names of users, all or by id. */
export interface UserNames {
  usersForIndex(ids?: readonly string[]): Promise<Array<{ id: string; username: string; display_name: string }>>;
}

/** Users as search documents: found by display name (the title) and by username. */
export function usersSource(accounts: UserNames): DocumentSource {
  return {
    kinds: ['user'],
    async *documents(_kind, ids) {
      const users = await accounts.usersForIndex(ids);
      yield users.map((u): SearchDocument => ({ id: u.id, kind: 'user', title: u.display_name, artists: [], names: [u.username] }));
    },
  };
}
