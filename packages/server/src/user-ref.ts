import type { UserRef } from '@runnel/api';

/** A user as other objects refer to them (`added_by`, `owner`, `from`); with a display name when one is given. */
export function userRef(id: string, displayName?: string | null): UserRef {
  const ref: UserRef = { id, type: 'user', uri: `runnel:user:${id}`, href: `/api/v1/users/${id}` };
  return displayName === undefined ? ref : { ...ref, display_name: displayName };
}
