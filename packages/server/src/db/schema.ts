import type { AccountsTables } from '../accounts/tables.ts';

/** Every table Runnel has; each module declares its own part. */
export type Database = AccountsTables;
