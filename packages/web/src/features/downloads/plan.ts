import { usePlanRight } from '../../ui/use-plan-right.ts';

/** Whether your plan lets you download (undefined while it loads), and the name of the plan that does. */
export const useDownloadRight = () => usePlanRight('downloads');

/** Where your Downloads list is cached; a download's link makes it stale. */
export const DOWNLOADS_KEY = ['downloads'];
