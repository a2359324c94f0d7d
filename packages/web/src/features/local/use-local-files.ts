import { useQuery } from '@tanstack/react-query';
import { loadLocalFiles } from './local-files.ts';

/** The local files kept on this device (IndexedDB), for any view that shows or matches them. */
export function useLocalFiles() {
  return useQuery({ queryKey: ['local-files'], queryFn: loadLocalFiles, staleTime: Infinity });
}
