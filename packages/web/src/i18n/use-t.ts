import { useMemo, type ReactNode } from 'react';
import { useIntl, type IntlShape } from 'react-intl';
import type { MessageKey } from './languages.ts';
import type { MessageValues } from './translate.ts';

/** Rich placeholders: React nodes, or a tag's function (`<b>{name}</b>` → `b: (chunks) => <b>{chunks}</b>`). */
export type RichValues = Record<string, ReactNode | ((chunks: ReactNode[]) => ReactNode)>;

/** `t(key, values)`: a message as text; `t.rich` with elements in it; `t.intl` for numbers, dates and lists. */
export interface Translator {
  (key: MessageKey, values?: MessageValues): string;
  rich(key: MessageKey, values: RichValues): ReactNode;
  intl: IntlShape;
}

/** The current language's messages, typed by key: a key not in en.json does not compile. */
export function useT(): Translator {
  const intl = useIntl();
  return useMemo(() => {
    const t = (key: MessageKey, values?: MessageValues) => intl.formatMessage({ id: key }, values);
    const rich = (key: MessageKey, values: RichValues): ReactNode => intl.formatMessage({ id: key }, values);
    return Object.assign(t, { rich, intl });
  }, [intl]);
}
