import { useMutation, useQueryClient } from '@tanstack/react-query';
import { LANGUAGE_NAMES, LANGUAGES, type Language, type Me } from '@runnel/api';
import { api } from '../../api/client.ts';

/** The language A–Z lists sort in (Swedish files Å, Ä, Ö after Z); by default the browser's. */
export function LanguageCard({ me }: { me: Me }) {
  const client = useQueryClient();
  const save = useMutation({
    mutationFn: (language: Language | null) => api('PATCH /me', { body: { language } }),
    // Every list already read was sorted in the old language.
    onSuccess: () => client.invalidateQueries(),
  });
  const chosen = save.isPending ? save.variables : me.language;
  return (
    <div className="card">
      <h2>Language</h2>
      <label>
        Sort lists in
        <select value={chosen ?? ''} disabled={save.isPending} onChange={(e) => save.mutate(e.target.value === '' ? null : (e.target.value as Language))}>
          <option value="">From your browser</option>
          {LANGUAGES.map((code) => (
            <option key={code} value={code} lang={code}>
              {LANGUAGE_NAMES[code]}
            </option>
          ))}
        </select>
      </label>
      <p className="muted">A–Z lists of artists and albums follow it, in your Subsonic apps too: in Svenska, Å, Ä and Ö come after Z.</p>
    </div>
  );
}
