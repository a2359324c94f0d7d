import type { SmartDefinition } from '@runnel/api';

/** Rule sets a listener would write (the examples first). */
export const RULE_SETS: Record<string, SmartDefinition> = {
  'Jazz 1955–1965, never played': {
    rules: {
      all: [
        { field: 'genre', op: 'is', value: 'Jazz' },
        { field: 'year', op: 'in_range', value: [1955, 1965] },
        { field: 'play_count', op: 'is', value: 0 },
      ],
    },
  },
  'most played, last 30 days (top 50)': {
    rules: { all: [{ field: 'recent_plays', days: 30, op: 'gt', value: 0 }] },
    sort: [{ field: 'recent_plays', days: 30, order: 'desc' }],
    limit: 50,
  },
  'starred or rated 4+, newest first': {
    rules: {
      any: [
        { field: 'starred', op: 'is_true' },
        { field: 'rating', op: 'gt', value: 3 },
      ],
    },
    sort: [{ field: 'added', order: 'desc' }],
  },
  'title or album contains a word': {
    rules: {
      any: [
        { field: 'title', op: 'contains', value: 'love' },
        { field: 'album', op: 'contains', value: 'night' },
      ],
    },
    sort: [{ field: 'artist' }, { field: 'album' }],
  },
  'added last 90 days, not played last 30': {
    rules: {
      all: [
        { field: 'added', op: 'in_the_last', value: 90 },
        { field: 'last_played', op: 'not_in_the_last', value: 30 },
      ],
    },
  },
  'nested: (Rock or Metal) and hi-fi, 3–5 min, not heard this year': {
    rules: {
      all: [
        {
          any: [
            { field: 'genre', op: 'is', value: 'Rock' },
            { field: 'genre', op: 'is', value: 'Metal' },
          ],
        },
        {
          any: [
            { field: 'format', op: 'is', value: 'flac' },
            { field: 'bitrate', op: 'gt', value: 256 },
          ],
        },
        { field: 'duration', op: 'in_range', value: [180, 300] },
        { field: 'last_played', op: 'not_in_the_last', value: 365 },
      ],
    },
    sort: [{ field: 'random' }],
    limit: 100,
  },
};
