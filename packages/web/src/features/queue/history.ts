import { useEffect, useMemo } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import { live } from '../../api/live-instance.ts';
import { usePlayer } from '../../audio/player.ts';
import type { QueueTrack } from '../../audio/queue.ts';
import type { TrackListItem } from '../../tracks/row.ts';
import { serverRow } from '../../tracks/server-rows.ts';
import { itemUri } from '../../tracks/to-queue.ts';
import { useLocalFiles } from '../local/use-local-files.ts';

/**
 * What played, newest first. With the player module it is the server's history, from
 * every device of the user, refreshed when a play is recorded (the live queue event);
 * without it, what played in this tab.
 */
export function useHistory(fromServer: boolean): { rows: TrackListItem[]; ready: boolean } {
  const client = useQueryClient();
  const local = useLocalFiles();
  const session = usePlayer().history;
  const server = useQuery({
    queryKey: ['recently-played'],
    queryFn: () => api('GET /me/player/recently-played', { query: { limit: 50 } }),
    enabled: fromServer,
    staleTime: 0,
  });
  useEffect(
    () => (fromServer ? live.on('player.queue.changed', () => void client.invalidateQueries({ queryKey: ['recently-played'] })) : undefined),
    [client, fromServer],
  );
  const rows = useMemo(() => {
    if (!fromServer) return session.map(sessionRow);
    const keys = new Set((local.data ?? []).map((f) => f.key));
    return (server.data?.items ?? []).filter((i) => i.track).map((i) => serverRow(i.track, keys, ''));
  }, [fromServer, session, server.data, local.data]);
  return { rows, ready: !fromServer || server.isSuccess };
}

/** A track that played in this tab (so it can play here again). */
function sessionRow(track: QueueTrack): TrackListItem {
  return {
    track: {
      id: track.localKey ? null : track.id,
      uri: itemUri(track),
      name: track.title,
      artists: [{ id: null, name: track.artist }],
      album: track.album ? { id: null, name: track.album } : undefined,
      duration_ms: track.durationMs,
    },
    queue: track,
  };
}
