import type { AccountsTables } from '../accounts/tables.ts';
import type { SearchTables } from '../search/tables.ts';

/** Every table Runnel has; each module declares its own part. */
export type Database = AccountsTables & SearchTables;
