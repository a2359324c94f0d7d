import type { Call, Endpoints } from '../endpoint.ts';

/** The library scanner's state; `count` is the audio files the last (or running) scan found. */
async function scanStatus(call: Call, requested = false) {
  const status = await call.services.library.status();
  return {
    scanStatus: {
      // A requested scan starts in the background: it counts as scanning from the request on.
      scanning: requested || status.state === 'scanning',
      count: status.counts.walked,
      // OpenSubsonic
      folderCount: (await call.services.library.folders()).length,
      lastScan: status.finished_at ?? undefined,
    },
  };
}

export const scanningEndpoints: Endpoints = {
  getScanStatus: { handle: (call) => scanStatus(call) },

  // OpenSubsonic's `fullScan=true` re-reads every file; otherwise only changed ones.
  startScan: {
    admin: true,
    async handle(call) {
      await call.services.library.requestScan(call.params.bool('fullScan') ? 'full' : 'quick');
      return scanStatus(call, true);
    },
  },
};
