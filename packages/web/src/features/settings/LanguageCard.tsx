import { useMutation, useQueryClient } from '@tanstack/react-query';
import { LANGUAGE_NAMES, LANGUAGES, type Language, type Me } from '@runnel/api';
import { api } from '../../api/client.ts';
import { useT } from '../../i18n/use-t.ts';

/** The language the player speaks and A–Z lists sort in (Swedish files Å, Ä, Ö after Z); by default the browser's. */
export function LanguageCard({ me }: { me: Me }) {
  const t = useT();
  const client = useQueryClient();
  const save = useMutation({
    mutationFn: (language: Language | null) => api('PATCH /me', { body: { language } }),
    // Every list already read was sorted in the old language.
    onSuccess: () => client.invalidateQueries(),
  });
  const chosen = save.isPending ? save.variables : me.language;
  return (
    <div className="card">
      <h2>{t('language.title')}</h2>
      <label>
        {t('language.label')}
        <select value={chosen ?? ''} disabled={save.isPending} onChange={(e) => save.mutate(e.target.value === '' ? null : (e.target.value as Language))}>
          <option value="">{t('language.browser')}</option>
          {LANGUAGES.map((code) => (
            <option key={code} value={code} lang={code}>
              {LANGUAGE_NAMES[code]}
            </option>
          ))}
        </select>
      </label>
      <p className="muted">{t('language.note')}</p>
    </div>
  );
}
