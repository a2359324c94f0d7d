import Type, { type Static } from 'typebox';
import { Id, Strict } from './common.ts';

/**
 * A library: a named set of music folders. Its folders are reachable only by the users it
 * is granted to (and administrators); a folder in no library is everyone's.
 */
export const Library = Type.Object({
  id: Type.String(),
  name: Type.String(),
  folders: Type.Array(Type.String(), { description: 'Ids of its music folders' }),
  members: Type.Array(Type.String(), { description: 'Ids of the users granted it' }),
  created_at: Type.String({ format: 'date-time' }),
});
export type Library = Static<typeof Library>;
export const LibraryList = Type.Object({ items: Type.Array(Library) });
export type LibraryList = Static<typeof LibraryList>;

const LibraryName = Type.String({ minLength: 1, maxLength: 100 });
const Ids = Type.Array(Id, { maxItems: 1000, uniqueItems: true });

export const CreateLibraryBody = Strict({ name: LibraryName, folders: Type.Optional(Ids), members: Type.Optional(Ids) });
export type CreateLibraryBody = Static<typeof CreateLibraryBody>;
export const UpdateLibraryBody = Strict({ name: Type.Optional(LibraryName), folders: Type.Optional(Ids), members: Type.Optional(Ids) }, { minProperties: 1 });
export type UpdateLibraryBody = Static<typeof UpdateLibraryBody>;
