import type { Listener, Streaming, StreamHttpRequest, StreamOutcome } from '../streaming/service.ts';
import type { Ads } from './service.ts';

/**
 * A Subsonic app's stream of a track, with the listener's due ad in front of it. An app
 * cannot be asked to play an ad, so the server makes one continuous transcode of the ad
 * then the track: the one way ads hold in any client. Only a new play is spliced (from the
 * start, not a range further on, a seek or a HEAD); the ad counts once its bytes were sent,
 * and the track then counts toward the next break. Without a due ad the track counts at once.
 */
export async function streamWithAds(ads: Ads, streaming: Streaming, listener: Listener, trackId: string, request: StreamHttpRequest): Promise<StreamOutcome> {
  const fromStart = request.method === 'GET' && !request.options.offset && (request.range === undefined || /^bytes=0-/.test(request.range.trim()));
  if (!fromStart || !(await ads.hasAds(listener.tier))) return streaming.stream(listener, trackId, request);
  const due = await ads.streamBreak(listener.userId, listener.tier);
  const outcome = await streaming.stream(listener, trackId, request, due?.prefix);
  const counted = () => ads.trackStarted(listener.userId, trackId, outcome.durationMs ?? 0);
  if (!due || outcome.prefixBytes === 0) {
    await counted();
    return outcome;
  }
  const finished = outcome.finished;
  outcome.finished = (completed) => {
    const sent = finished(completed);
    if (completed || sent >= outcome.prefixBytes) void ads.played(listener.userId, due.breakId).then(counted, () => {});
    return sent;
  };
  return outcome;
}
