import { useState, type FormEvent } from 'react';
import type { AdminUser, CreateLibraryBody, Library, MusicFolder } from '@runnel/api';
import { useT } from '../../i18n/use-t.ts';
import { errorText } from '../../i18n/errors.ts';

/** A library's name, its music folders and the users granted it, as checkboxes: to make one, or to change one. */
export function LibraryForm({
  library,
  folders,
  users,
  onSave,
  onCancel,
}: {
  /** The library being changed; none: a new one. */
  library?: Library;
  folders: MusicFolder[];
  users: AdminUser[];
  /** Saves the whole new state (each list the whole new set). */
  onSave(body: CreateLibraryBody): Promise<unknown>;
  onCancel(): void;
}) {
  const t = useT();
  const [name, setName] = useState(library?.name ?? '');
  const [chosenFolders, setFolders] = useState(new Set(library?.folders));
  const [members, setMembers] = useState(new Set(library?.members));
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  // Admins reach every folder anyway: only users are offered, and admins already granted kept.
  const grantable = users.filter((u) => u.role === 'user' || members.has(u.id));
  const toggle = (set: Set<string>, id: string, on: boolean) => {
    const next = new Set(set);
    if (on) next.add(id);
    else next.delete(id);
    return next;
  };
  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setSaving(true);
    try {
      await onSave({ name: name.trim(), folders: [...chosenFolders], members: [...members] });
    } catch (err) {
      setError(errorText(err, 'libraries.failed'));
    } finally {
      setSaving(false);
    }
  }
  return (
    <form className="library-form" onSubmit={submit} aria-label={library ? t('libraries.editLabel', { name: library.name }) : t('libraries.new')}>
      <label>
        {t('libraries.name')} <input required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <fieldset>
        <legend>{t('admin.folders')}</legend>
        {folders.map((f) => (
          <label key={f.id} className="check">
            <input type="checkbox" checked={chosenFolders.has(f.id)} onChange={(e) => setFolders(toggle(chosenFolders, f.id, e.target.checked))} />
            <code>{f.path}</code>
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t('libraries.users')}</legend>
        {grantable.length === 0 && <p className="muted">{t('libraries.noUsers')}</p>}
        {grantable.map((u) => (
          <label key={u.id} className="check">
            <input type="checkbox" checked={members.has(u.id)} onChange={(e) => setMembers(toggle(members, u.id, e.target.checked))} />
            {u.username}
          </label>
        ))}
      </fieldset>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="inline-actions">
        <button type="submit" disabled={saving}>
          {library ? t('common.save') : t('libraries.create')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
