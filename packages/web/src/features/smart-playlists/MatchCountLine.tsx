import { useT } from '../../i18n/use-t.ts';
import type { MatchCount } from './use-match-count.ts';

/** The editor's live count, said aloud politely as it changes. */
export function MatchCountLine({ count }: { count: MatchCount }) {
  const t = useT();
  let text = t('smart.counting');
  if (count.state === 'incomplete') text = t(count.message);
  else if (count.state === 'error') text = count.message;
  else if (count.state === 'counted') {
    const { matched, total } = count.count;
    text = matched === total ? t('smart.matches', { matched }) : t('smart.matchesKept', { matched, total });
  }
  return (
    <p className={`match-count ${count.state}`} role="status" data-testid="match-count">
      {text}
    </p>
  );
}
