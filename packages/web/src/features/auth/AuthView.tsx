import { useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from '../../api/client.ts';

/**
 * Sign-in, or on a brand-new server the creation of the administrator account.
 */
export function AuthView({ setup }: { setup: boolean }) {
  const client = useQueryClient();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api(setup ? 'POST /auth/setup' : 'POST /auth/login', { body: { username, password } });
      await client.invalidateQueries();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : 'Runnel could not be reached');
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="auth">
      <form className="auth-card" onSubmit={submit} aria-labelledby="auth-title">
        <div className="brand" aria-hidden="true">
          <span className="brand-dot" /> Runnel
        </div>
        <h1 id="auth-title">{setup ? 'Welcome to Runnel' : 'Sign in'}</h1>
        {setup && <p className="muted">Create the administrator account. You can invite everyone else from Admin.</p>}
        <label>
          Username
          <input
            name="username"
            autoComplete="username"
            autoFocus
            required
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            pattern="[A-Za-z0-9._@\-]+"
            title="Letters, digits and . _ @ -"
          />
        </label>
        <label>
          Password
          <input
            name="password"
            type="password"
            autoComplete={setup ? 'new-password' : 'current-password'}
            required
            minLength={setup ? 8 : 1}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {setup && <p className="hint">At least 8 characters.</p>}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button className="primary" type="submit" disabled={busy}>
          {setup ? 'Create account' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
