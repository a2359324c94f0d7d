import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Me, Role, Tier } from '@runnel/api';
import { api } from '../../api/client.ts';
import { useT } from '../../i18n/use-t.ts';
import { errorText } from '../../i18n/errors.ts';
import { LibraryAdmin } from './LibraryAdmin.tsx';
import { LibrariesAdmin } from './LibrariesAdmin.tsx';
import { StreamingAdmin } from './StreamingAdmin.tsx';
import { PlansAdmin } from './PlansAdmin.tsx';
import { AdsAdmin } from './AdsAdmin.tsx';

/** Admin: users, their roles and tiers. */
export function AdminView({ me }: { me: Me }) {
  const t = useT();
  const client = useQueryClient();
  const users = useQuery({ queryKey: ['admin-users'], queryFn: () => api('GET /admin/users', { query: { limit: 500 } }) });
  const [error, setError] = useState<string | null>(null);
  const refresh = () => client.invalidateQueries({ queryKey: ['admin-users'] });
  const update = useMutation({
    mutationFn: ({ id, body }: { id: string; body: { role?: Role; product?: Tier } }) => api('PATCH /admin/users/:id', { params: { id }, body }),
    onSuccess: refresh,
    onError: (e) => setError(errorText(e, 'admin.failed')),
  });
  const remove = useMutation({
    mutationFn: (id: string) => api('DELETE /admin/users/:id', { params: { id } }),
    onSuccess: refresh,
    onError: (e) => setError(errorText(e, 'admin.failed')),
  });
  return (
    <section aria-labelledby="admin-title">
      <h1 id="admin-title">{t('topbar.admin')}</h1>
      <h2>{t('admin.users')}</h2>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t('auth.username')}</th>
            <th scope="col">{t('admin.name')}</th>
            <th scope="col">{t('admin.role')}</th>
            <th scope="col">{t('admin.tier')}</th>
            <th scope="col">
              <span className="sr-only">{t('tracks.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {users.data?.items.map((u) => (
            <tr key={u.id}>
              <td>{u.username}</td>
              <td>{u.display_name}</td>
              <td>
                <select
                  aria-label={t('admin.roleOf', { name: u.username })}
                  value={u.role}
                  onChange={(e) => update.mutate({ id: u.id, body: { role: e.target.value as Role } })}
                >
                  <option value="user">{t('admin.user')}</option>
                  <option value="admin">{t('topbar.admin')}</option>
                </select>
              </td>
              <td>
                <select
                  aria-label={t('admin.tierOf', { name: u.username })}
                  value={u.product}
                  onChange={(e) => update.mutate({ id: u.id, body: { product: e.target.value as Tier } })}
                >
                  <option value="free">{t('admin.free')}</option>
                  <option value="premium">{t('topbar.premium')}</option>
                </select>
              </td>
              <td>
                {u.id !== me.id && (
                  <button onClick={() => confirm(t('admin.deleteUser', { name: u.username })) && remove.mutate(u.id)}>{t('common.delete')}</button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <NewUser onCreated={refresh} />
      <LibraryAdmin />
      <LibrariesAdmin />
      <PlansAdmin />
      <AdsAdmin />
      <StreamingAdmin />
    </section>
  );
}

function NewUser({ onCreated }: { onCreated: () => void }) {
  const t = useT();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [product, setProduct] = useState<Tier>('free');
  const [message, setMessage] = useState<string | null>(null);
  async function submit(e: FormEvent) {
    e.preventDefault();
    try {
      await api('POST /admin/users', { body: { username, password, product } });
      setMessage(t('admin.created', { name: username }));
      setUsername('');
      setPassword('');
      onCreated();
    } catch (error) {
      setMessage(errorText(error, 'admin.createFailed'));
    }
  }
  return (
    <form className="card" onSubmit={submit}>
      <h2>{t('admin.invite')}</h2>
      <label>
        {t('auth.username')} <input required value={username} onChange={(e) => setUsername(e.target.value)} pattern="[A-Za-z0-9._@\-]+" />
      </label>
      <label>
        {t('auth.password')}{' '}
        <input type="password" autoComplete="new-password" minLength={8} required value={password} onChange={(e) => setPassword(e.target.value)} />
      </label>
      <label>
        {t('admin.tier')}
        <select value={product} onChange={(e) => setProduct(e.target.value as Tier)}>
          <option value="free">{t('admin.free')}</option>
          <option value="premium">{t('topbar.premium')}</option>
        </select>
      </label>
      <button type="submit">{t('admin.createUser')}</button>
      {message && <p role="status">{message}</p>}
    </form>
  );
}
