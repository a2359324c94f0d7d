import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateLibraryBody, Library } from '@runnel/api';
import { api } from '../../api/client.ts';
import { useT } from '../../i18n/use-t.ts';
import { errorText } from '../../i18n/errors.ts';
import { LibraryForm } from './LibraryForm.tsx';

/**
 * Libraries (libraries/README.md on the server): music folders grouped and granted to users.
 * Each library is listed with its folders and people; one at a time is edited in place, and a
 * delete asks in place first.
 */
export function LibrariesAdmin() {
  const t = useT();
  const client = useQueryClient();
  const libraries = useQuery({ queryKey: ['admin-libraries'], queryFn: () => api('GET /admin/libraries') });
  const folders = useQuery({ queryKey: ['folders'], queryFn: () => api('GET /library/folders') });
  // The same query as the users table above it (AdminView), so one answer serves both.
  const users = useQuery({ queryKey: ['admin-users'], queryFn: () => api('GET /admin/users', { query: { limit: 500 } }) });
  /** The library being edited: its id, 'new', or none. */
  const [editing, setEditing] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const refresh = () => client.invalidateQueries({ queryKey: ['admin-libraries'] });
  const folderPath = new Map(folders.data?.items.map((f) => [f.id, f.path]));
  const username = new Map(users.data?.items.map((u) => [u.id, u.username]));
  const list = (ids: string[], names: Map<string, string>) => t.intl.formatList(ids.map((id) => names.get(id) ?? id));

  async function save(body: CreateLibraryBody, library?: Library) {
    if (library) await api('PATCH /admin/libraries/:id', { params: { id: library.id }, body });
    else await api('POST /admin/libraries', { body });
    setEditing(null);
    await refresh();
  }
  async function remove(library: Library) {
    setError(null);
    try {
      await api('DELETE /admin/libraries/:id', { params: { id: library.id } });
      setDeleting(null);
      await refresh();
    } catch (err) {
      setError(errorText(err, 'libraries.failed'));
    }
  }
  const form = (library?: Library) => (
    <LibraryForm
      library={library}
      folders={folders.data?.items ?? []}
      users={users.data?.items ?? []}
      onSave={(body) => save(body, library)}
      onCancel={() => setEditing(null)}
    />
  );

  return (
    <section className="card wide" aria-labelledby="libraries-title">
      <h2 id="libraries-title">{t('libraries.title')}</h2>
      <p className="muted">{t('libraries.help')}</p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {libraries.data?.items.length === 0 && <p>{t('libraries.none')}</p>}
      <ul className="plain libraries" aria-label={t('libraries.title')}>
        {libraries.data?.items.map((library) => (
          <li key={library.id}>
            {editing === library.id ? (
              form(library)
            ) : (
              <>
                <strong>{library.name}</strong>
                <p className="muted">
                  {library.folders.length ? t('libraries.foldersOf', { list: list(library.folders, folderPath) }) : t('libraries.noFolders')}
                  <br />
                  {library.members.length ? t('libraries.membersOf', { list: list(library.members, username) }) : t('libraries.noMembers')}
                </p>
                <div className="inline-actions">
                  <button onClick={() => setEditing(library.id)} aria-label={t('libraries.editLabel', { name: library.name })}>
                    {t('libraries.edit')}
                  </button>
                  <button
                    aria-expanded={deleting === library.id}
                    onClick={() => setDeleting(library.id)}
                    aria-label={t('libraries.deleteLabel', { name: library.name })}
                  >
                    {t('common.delete')}
                  </button>
                </div>
                {deleting === library.id && (
                  <div className="confirm" role="group" aria-label={t('libraries.deleteLabel', { name: library.name })}>
                    <span>{t('libraries.deleteQuestion', { name: library.name })}</span>
                    <button className="danger" onClick={() => void remove(library)}>
                      {t('libraries.delete')}
                    </button>
                    <button onClick={() => setDeleting(null)}>{t('common.cancel')}</button>
                  </div>
                )}
              </>
            )}
          </li>
        ))}
      </ul>
      {editing === 'new' ? form() : <button onClick={() => setEditing('new')}>{t('libraries.new')}</button>}
    </section>
  );
}
