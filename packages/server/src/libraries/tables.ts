/** A library: a named set of music folders that an administrator grants people access to. */
export interface LibrariesTable {
  id: string;
  name: string;
  created_at: number;
}

/** A music folder in a library (a folder may be in several). */
export interface LibrariesFoldersTable {
  library_id: string;
  folder_id: string;
}

/** A user granted a library. */
export interface LibrariesMembersTable {
  library_id: string;
  user_id: string;
}

export interface LibrariesTables {
  libraries: LibrariesTable;
  libraries_folders: LibrariesFoldersTable;
  libraries_members: LibrariesMembersTable;
}
