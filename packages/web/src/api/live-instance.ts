import { createLiveChannel } from './live.ts';

/** This tab's one live channel; the shell starts it after sign-in. */
export const live = createLiveChannel();
