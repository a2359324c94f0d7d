import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Me, NewApiToken } from '@runnel/api';
import { api, ApiError } from '../../api/client.ts';
import { getQuality, setQuality, type Quality } from '../../audio/quality.ts';
import { AppsCard } from './AppsCard.tsx';
import { NormalisationCard } from './NormalisationCard.tsx';
import { LanguageCard } from './LanguageCard.tsx';
import { PrivacyCard } from './PrivacyCard.tsx';
import { LinksCard } from '../share-links/LinksCard.tsx';
import { ScrobblingCard } from '../scrobbling/ScrobblingCard.tsx';

/** Settings: your name, language, quality, volume normalisation, privacy, public links, scrobbling, password, Subsonic apps, and personal API tokens for scripts and apps. */
export function SettingsView({ me, social }: { me: Me; social: boolean }) {
  return (
    <section aria-labelledby="settings-title" className="settings">
      <h1 id="settings-title">Settings</h1>
      <Profile me={me} />
      <LanguageCard me={me} />
      <StreamingQuality premium={me.product === 'premium'} />
      <NormalisationCard />
      {social && <PrivacyCard />}
      <LinksCard />
      <ScrobblingCard />
      <Password />
      <AppsCard username={me.username} />
      <Tokens />
    </section>
  );
}

function Profile({ me }: { me: Me }) {
  const client = useQueryClient();
  const [name, setName] = useState(me.display_name);
  const save = useMutation({
    mutationFn: () => api('PATCH /me', { body: { display_name: name } }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['session'] }),
  });
  return (
    <form
      className="card"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <h2>Profile</h2>
      <label>
        Display name
        <input value={name} required maxLength={100} onChange={(e) => setName(e.target.value)} />
      </label>
      <p className="muted">
        Signed in as {me.username} · {me.product === 'premium' ? 'Premium' : 'Free'}
      </p>
      <button type="submit" disabled={save.isPending || name === me.display_name}>
        Save
      </button>
      {save.isSuccess && (
        <span role="status" className="ok">
          {' '}
          Saved
        </span>
      )}
    </form>
  );
}

function StreamingQuality({ premium }: { premium: boolean }) {
  const [quality, choose] = useState<Quality>(getQuality());
  return (
    <div className="card">
      <h2>Streaming quality</h2>
      <label>
        Quality on this device
        <select
          value={quality}
          onChange={(e) => {
            const q = e.target.value as Quality;
            setQuality(q);
            choose(q);
          }}
        >
          <option value="auto">Automatic (the best your account allows)</option>
          <option value="low">Data saver (96 kbps)</option>
          <option value="normal">Normal (160 kbps)</option>
          <option value="high">High (320 kbps{premium ? '' : ', Premium'})</option>
        </select>
      </label>
      <p className="muted">Applies from the next track. Your account allows up to {premium ? 'the premium' : 'the free'} limit set by the administrator.</p>
    </div>
  );
}

function Password() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  async function submit(e: FormEvent) {
    e.preventDefault();
    try {
      await api('PUT /me/password', { body: { current_password: current, new_password: next } });
      setMessage({ ok: true, text: 'Password changed. Your other sessions were signed out.' });
      setCurrent('');
      setNext('');
    } catch (error) {
      setMessage({ ok: false, text: error instanceof ApiError ? error.message : 'Could not change the password' });
    }
  }
  return (
    <form className="card" onSubmit={submit}>
      <h2>Password</h2>
      <label>
        Current password
        <input type="password" autoComplete="current-password" required value={current} onChange={(e) => setCurrent(e.target.value)} />
      </label>
      <label>
        New password
        <input type="password" autoComplete="new-password" minLength={8} required value={next} onChange={(e) => setNext(e.target.value)} />
      </label>
      <button type="submit">Change password</button>
      {message && (
        <p role="status" className={message.ok ? 'ok' : 'error'}>
          {message.text}
        </p>
      )}
    </form>
  );
}

function Tokens() {
  const client = useQueryClient();
  const tokens = useQuery({ queryKey: ['tokens'], queryFn: () => api('GET /me/tokens') });
  const [name, setName] = useState('');
  const [created, setCreated] = useState<NewApiToken | null>(null);
  const create = useMutation({
    mutationFn: () => api('POST /me/tokens', { body: { name } }),
    onSuccess: (token) => {
      setCreated(token);
      setName('');
      void client.invalidateQueries({ queryKey: ['tokens'] });
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api('DELETE /me/tokens/:id', { params: { id } }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['tokens'] }),
  });
  return (
    <div className="card">
      <h2>API tokens</h2>
      <p className="muted">
        For scripts and apps: send as <code>Authorization: Bearer …</code>.
      </p>
      <form
        className="inline"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <input aria-label="Token name" placeholder="Name, e.g. my laptop" required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
        <button type="submit" disabled={create.isPending}>
          Create token
        </button>
      </form>
      {created && (
        <p role="status" className="new-token">
          Copy it now, it is shown only once: <code>{created.token}</code>
        </p>
      )}
      <ul className="plain">
        {tokens.data?.items.map((t) => (
          <li key={t.id}>
            <strong>{t.name}</strong>{' '}
            <span className="muted">
              created {new Date(t.created_at).toLocaleDateString()}
              {t.last_used_at ? `, last used ${new Date(t.last_used_at).toLocaleString()}` : ', never used'}
            </span>{' '}
            <button onClick={() => revoke.mutate(t.id)} aria-label={`Revoke ${t.name}`}>
              Revoke
            </button>
          </li>
        ))}
        {tokens.data?.items.length === 0 && <li className="muted">No tokens yet.</li>}
      </ul>
    </div>
  );
}
