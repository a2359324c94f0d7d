import { useEffect, useState } from 'react';
import { errorText } from '../../i18n/errors.ts';
import type { SmartCount, SmartDefinition } from '@runnel/api';
import { countMatches } from './api.ts';
import type { MessageKey } from '../../i18n/languages.ts';
import { incomplete } from './rule-model.ts';

/** `incomplete`: what is missing, as a message; `error`: why counting failed, said in the user's language. */
export type MatchCount =
  { state: 'counting' } | { state: 'counted'; count: SmartCount } | { state: 'incomplete'; message: MessageKey } | { state: 'error'; message: string };

/** The live count: asked 250 ms after the rules stop changing; an answer for rules since changed is dropped. */
export function useMatchCount(definition: SmartDefinition): MatchCount {
  const key = JSON.stringify(definition);
  const [result, setResult] = useState<MatchCount>({ state: 'counting' });
  useEffect(() => {
    const missing = incomplete(definition.rules);
    if (missing) {
      setResult({ state: 'incomplete', message: missing });
      return;
    }
    setResult((r) => (r.state === 'counted' ? r : { state: 'counting' }));
    const abort = new AbortController();
    const timer = setTimeout(() => {
      countMatches(definition, abort.signal)
        .then((count) => setResult({ state: 'counted', count }))
        .catch((e: unknown) => !abort.signal.aborted && setResult({ state: 'error', message: errorText(e, 'smart.couldNotCount') }));
    }, 250);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
    // The definition is compared by its JSON: a new object with the same rules asks nothing.
  }, [key]);
  return result;
}
