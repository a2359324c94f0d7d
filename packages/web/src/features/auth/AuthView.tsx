import { useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import { useT } from '../../i18n/use-t.ts';
import { errorText } from '../../i18n/errors.ts';

/**
 * Sign-in, or on a brand-new server the creation of the administrator account.
 */
export function AuthView({ setup }: { setup: boolean }) {
  const t = useT();
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
      setError(errorText(e, 'app.unreachable'));
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
        <h1 id="auth-title">{setup ? t('auth.welcome') : t('auth.signIn')}</h1>
        {setup && <p className="muted">{t('auth.setupIntro')}</p>}
        <label>
          {t('auth.username')}
          <input
            name="username"
            autoComplete="username"
            autoFocus
            required
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            pattern="[A-Za-z0-9._@\-]+"
            title={t('auth.usernameHint')}
          />
        </label>
        <label>
          {t('auth.password')}
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
        {setup && <p className="hint">{t('auth.passwordHint')}</p>}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button className="primary" type="submit" disabled={busy}>
          {setup ? t('auth.createAccount') : t('auth.signIn')}
        </button>
      </form>
    </main>
  );
}
