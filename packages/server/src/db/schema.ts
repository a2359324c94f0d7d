import type { AccountsTables } from '../accounts/tables.ts';
import type { CatalogTables } from '../catalog/tables.ts';
import type { LibraryTables } from '../library/tables.ts';
import type { StreamingTables } from '../streaming/tables.ts';

/** Every table Runnel has; each module declares its own part. */
export type Database = AccountsTables & CatalogTables & LibraryTables & StreamingTables;
