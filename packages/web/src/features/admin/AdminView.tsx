import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Me, Role, Tier } from '@runnel/api';
import { api, ApiError } from '../../api/client.ts';
import { LibraryAdmin } from './LibraryAdmin.tsx';
import { StreamingAdmin } from './StreamingAdmin.tsx';
import { PlansAdmin } from './PlansAdmin.tsx';
import { AdsAdmin } from './AdsAdmin.tsx';

/** Admin: users, their roles and tiers. */
export function AdminView({ me }: { me: Me }) {
  const client = useQueryClient();
  const users = useQuery({ queryKey: ['admin-users'], queryFn: () => api('GET /admin/users', { query: { limit: 500 } }) });
  const [error, setError] = useState<string | null>(null);
  const refresh = () => client.invalidateQueries({ queryKey: ['admin-users'] });
  const update = useMutation({
    mutationFn: ({ id, body }: { id: string; body: { role?: Role; product?: Tier } }) => api('PATCH /admin/users/:id', { params: { id }, body }),
    onSuccess: refresh,
    onError: (e) => setError(e instanceof ApiError ? e.message : 'Failed'),
  });
  const remove = useMutation({
    mutationFn: (id: string) => api('DELETE /admin/users/:id', { params: { id } }),
    onSuccess: refresh,
    onError: (e) => setError(e instanceof ApiError ? e.message : 'Failed'),
  });
  return (
    <section aria-labelledby="admin-title">
      <h1 id="admin-title">Admin</h1>
      <h2>Users</h2>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Username</th>
            <th scope="col">Name</th>
            <th scope="col">Role</th>
            <th scope="col">Tier</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
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
                  aria-label={`Role of ${u.username}`}
                  value={u.role}
                  onChange={(e) => update.mutate({ id: u.id, body: { role: e.target.value as Role } })}
                >
                  <option value="user">User</option>
                  <option value="admin">Admin</option>
                </select>
              </td>
              <td>
                <select
                  aria-label={`Tier of ${u.username}`}
                  value={u.product}
                  onChange={(e) => update.mutate({ id: u.id, body: { product: e.target.value as Tier } })}
                >
                  <option value="free">Free</option>
                  <option value="premium">Premium</option>
                </select>
              </td>
              <td>
                {u.id !== me.id && <button onClick={() => confirm(`Delete ${u.username} and all their playlists?`) && remove.mutate(u.id)}>Delete</button>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <NewUser onCreated={refresh} />
      <LibraryAdmin />
      <PlansAdmin />
      <AdsAdmin />
      <StreamingAdmin />
    </section>
  );
}

function NewUser({ onCreated }: { onCreated: () => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [product, setProduct] = useState<Tier>('free');
  const [message, setMessage] = useState<string | null>(null);
  async function submit(e: FormEvent) {
    e.preventDefault();
    try {
      await api('POST /admin/users', { body: { username, password, product } });
      setMessage(`Created ${username}.`);
      setUsername('');
      setPassword('');
      onCreated();
    } catch (error) {
      setMessage(error instanceof ApiError ? error.message : 'Could not create the user');
    }
  }
  return (
    <form className="card" onSubmit={submit}>
      <h2>Invite someone</h2>
      <label>
        Username <input required value={username} onChange={(e) => setUsername(e.target.value)} pattern="[A-Za-z0-9._@\-]+" />
      </label>
      <label>
        Password <input type="password" autoComplete="new-password" minLength={8} required value={password} onChange={(e) => setPassword(e.target.value)} />
      </label>
      <label>
        Tier
        <select value={product} onChange={(e) => setProduct(e.target.value as Tier)}>
          <option value="free">Free</option>
          <option value="premium">Premium</option>
        </select>
      </label>
      <button type="submit">Create user</button>
      {message && <p role="status">{message}</p>}
    </form>
  );
}
