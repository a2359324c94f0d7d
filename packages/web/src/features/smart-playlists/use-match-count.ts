import { useEffect, useState } from 'react';
import type { SmartCount, SmartDefinition } from '@runnel/api';
import { ApiError } from '../../api/client.ts';
import { countMatches } from './api.ts';
import { incomplete } from './rule-model.ts';

export type MatchCount = { state: 'counting' } | { state: 'counted'; count: SmartCount } | { state: 'incomplete' | 'error'; message: string };

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
        .catch((e: unknown) => !abort.signal.aborted && setResult({ state: 'error', message: e instanceof ApiError ? e.message : 'Could not count' }));
    }, 250);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
    // The definition is compared by its JSON: a new object with the same rules asks nothing.
  }, [key]);
  return result;
}
