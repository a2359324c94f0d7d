import type { AdminUser, Me } from '@runnel/api';
import { iso } from '../time.ts';
import type { UserRow } from './repository.ts';

/** A user as they see themself (`/me`, and `user.updated` events). */
export function toMe(user: UserRow): Me {
  return {
    id: user.id,
    display_name: user.display_name,
    type: 'user',
    uri: `runnel:user:${user.id}`,
    href: `/api/v1/users/${user.id}`,
    product: user.tier,
    role: user.role,
    username: user.username,
    images: [],
    followers: { href: null, total: 0 },
    language: user.language,
  };
}

/** A user as an administrator's list shows them. */
export function toAdminUser(user: UserRow): AdminUser {
  return {
    id: user.id,
    username: user.username,
    display_name: user.display_name,
    role: user.role,
    product: user.tier,
    created_at: iso(user.created_at),
  };
}
