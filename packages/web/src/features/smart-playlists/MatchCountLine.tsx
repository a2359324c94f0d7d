import type { MatchCount } from './use-match-count.ts';

const tracks = (n: number) => `${n.toLocaleString()} ${n === 1 ? 'track' : 'tracks'}`;

/** The editor's live count, said aloud politely as it changes. */
export function MatchCountLine({ count }: { count: MatchCount }) {
  let text = 'Counting…';
  if (count.state === 'incomplete' || count.state === 'error') text = count.message;
  else if (count.state === 'counted') {
    const { matched, total } = count.count;
    const verb = matched === 1 ? 'matches' : 'match';
    text = matched === total ? `${tracks(matched)} ${verb}` : `${tracks(matched)} ${verb}; the playlist keeps ${total.toLocaleString()}`;
  }
  return (
    <p className={`match-count ${count.state}`} role="status" data-testid="match-count">
      {text}
    </p>
  );
}
