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
import { useT } from '../../i18n/use-t.ts';
import { errorText } from '../../i18n/errors.ts';

/** Settings: your name, language, quality, volume normalisation, privacy, public links, scrobbling, password, Subsonic apps, and personal API tokens for scripts and apps. */
export function SettingsView({ me, social }: { me: Me; social: boolean }) {
  const t = useT();
  return (
    <section aria-labelledby="settings-title" className="settings">
      <h1 id="settings-title">{t('topbar.settings')}</h1>
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
  const t = useT();
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
      <h2>{t('people.profile')}</h2>
      <label>
        {t('settings.displayName')}
        <input value={name} required maxLength={100} onChange={(e) => setName(e.target.value)} />
      </label>
      <p className="muted">{t('settings.signedInAs', { username: me.username, product: me.product })}</p>
      <button type="submit" disabled={save.isPending || name === me.display_name}>
        {t('common.save')}
      </button>
      {save.isSuccess && (
        <span role="status" className="ok">
          {' '}
          {t('library.saved')}
        </span>
      )}
    </form>
  );
}

function StreamingQuality({ premium }: { premium: boolean }) {
  const t = useT();
  const [quality, choose] = useState<Quality>(getQuality());
  return (
    <div className="card">
      <h2>{t('settings.quality')}</h2>
      <label>
        {t('settings.qualityHere')}
        <select
          value={quality}
          onChange={(e) => {
            const q = e.target.value as Quality;
            setQuality(q);
            choose(q);
          }}
        >
          <option value="auto">{t('settings.qualityAuto')}</option>
          <option value="low">{t('settings.qualityLow')}</option>
          <option value="normal">{t('settings.qualityNormal')}</option>
          <option value="high">{t('settings.qualityHigh', { premium: premium ? 'yes' : 'no' })}</option>
        </select>
      </label>
      <p className="muted">{t('settings.qualityNote', { premium: premium ? 'yes' : 'no' })}</p>
    </div>
  );
}

function Password() {
  const t = useT();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  async function submit(e: FormEvent) {
    e.preventDefault();
    try {
      await api('PUT /me/password', { body: { current_password: current, new_password: next } });
      setMessage({ ok: true, text: t('settings.passwordChanged') });
      setCurrent('');
      setNext('');
    } catch (error) {
      setMessage({
        ok: false,
        text:
          error instanceof ApiError && error.code === 'invalid_credentials' ? t('settings.currentPasswordWrong') : errorText(error, 'settings.passwordFailed'),
      });
    }
  }
  return (
    <form className="card" onSubmit={submit}>
      <h2>{t('settings.password')}</h2>
      <label>
        {t('settings.currentPassword')}
        <input type="password" autoComplete="current-password" required value={current} onChange={(e) => setCurrent(e.target.value)} />
      </label>
      <label>
        {t('settings.newPassword')}
        <input type="password" autoComplete="new-password" minLength={8} required value={next} onChange={(e) => setNext(e.target.value)} />
      </label>
      <button type="submit">{t('settings.changePassword')}</button>
      {message && (
        <p role="status" className={message.ok ? 'ok' : 'error'}>
          {message.text}
        </p>
      )}
    </form>
  );
}

function Tokens() {
  const t = useT();
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
      <h2>{t('tokens.title')}</h2>
      <p className="muted">{t.rich('tokens.intro', { header: <code>Authorization: Bearer …</code> })}</p>
      <form
        className="inline"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <input
          aria-label={t('tokens.name')}
          placeholder={t('tokens.namePlaceholder')}
          required
          maxLength={100}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <button type="submit" disabled={create.isPending}>
          {t('tokens.create')}
        </button>
      </form>
      {created && (
        <p role="status" className="new-token">
          {t.rich('tokens.created', { token: <code>{created.token}</code> })}
        </p>
      )}
      <ul className="plain">
        {tokens.data?.items.map((token) => (
          <li key={token.id}>
            <strong>{token.name}</strong>{' '}
            <span className="muted">
              {t('tokens.dates', {
                created: t.intl.formatDate(token.created_at, { dateStyle: 'medium' }),
                used: token.last_used_at ? 'yes' : 'no',
                lastUsed: token.last_used_at ? t.intl.formatDate(token.last_used_at, { dateStyle: 'medium', timeStyle: 'short' }) : '',
              })}
            </span>{' '}
            <button onClick={() => revoke.mutate(token.id)} aria-label={t('tokens.revokeLabel', { name: token.name })}>
              {t('tokens.revoke')}
            </button>
          </li>
        ))}
        {tokens.data?.items.length === 0 && <li className="muted">{t('tokens.none')}</li>}
      </ul>
    </div>
  );
}
