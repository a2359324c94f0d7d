import type { ScanCounts, ScanStatus } from '@runnel/api';
import type { EventBus } from '../events/bus.ts';
import { emptyCounts, type Phase } from './scanner.ts';

/** The scan state every node shows: the node that scans publishes it, the others mirror it. */
export interface ScanState {
  state: 'idle' | 'scanning';
  kind: ScanStatus['kind'];
  phase: Phase | null;
  startedAt: number | null;
  finishedAt: number | null;
  counts: ScanCounts;
  filesPerSecond: number;
}

const TYPE = 'library.scan.status';
/** Progress is published at most this often (the start and the end always). */
const EVERY_MS = 500;

/**
 * The scan status of the cluster. A scan runs on one node (a worker); it publishes its state
 * on the bus (to no live client: `users: []`) and every other node keeps the last one, so
 * `GET /library/scan` says the same on every node.
 */
export function createScanStatus(events: EventBus, onError: (error: unknown) => void) {
  const state: ScanState = { state: 'idle', kind: null, phase: null, startedAt: null, finishedAt: null, counts: emptyCounts(), filesPerSecond: 0 };
  let scanningHere = false;
  let sentAt = 0;
  const publish = () => {
    sentAt = performance.now();
    events.publish({ type: TYPE, data: { ...state }, users: [] }).catch(onError);
  };
  const stop = events.subscribe((event) => {
    if (event.type !== TYPE || scanningHere) return;
    Object.assign(state, event.data as ScanState);
  });
  return {
    state,
    /** This node starts a scan. */
    begin(fields: Partial<ScanState>) {
      scanningHere = true;
      Object.assign(state, fields);
      publish();
    },
    /** This node's scan moved on (published every EVERY_MS at most). */
    update(fields: Partial<ScanState>) {
      Object.assign(state, fields);
      if (performance.now() - sentAt >= EVERY_MS) publish();
    },
    end(fields: Partial<ScanState>) {
      Object.assign(state, fields);
      publish();
      scanningHere = false;
    },
    close: stop,
  };
}
