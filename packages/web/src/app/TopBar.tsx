import { useEffect, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { Me } from '@runnel/api';
import { api } from '../api/client.ts';
import { live } from '../api/live-instance.ts';
import { forgetPlayer } from '../audio/player.ts';
import { forgetAnswers } from '../offline/api-cache.ts';
import { useT } from '../i18n/use-t.ts';
import { Icon } from '../ui/icons.tsx';
import { match, navigate, usePath } from './router.ts';
import { SearchBox } from '../features/search/SearchBox.tsx';

/**
 * Back and forward, the search box, and the user menu (settings, admin, sign out). On a
 * phone: Back, the name of the player, and the user menu (search has its own tab there).
 */
export function TopBar({ me, canSearch, phone }: { me: Me; canSearch: boolean; phone: boolean }) {
  const t = useT();
  const client = useQueryClient();
  const path = usePath();
  const [open, setOpen] = useState(false);
  const menu = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => !menu.current?.contains(e.target as Node) && setOpen(false);
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);

  async function signOut() {
    forgetPlayer();
    live.stop();
    // Signed out, this device shows nothing of the account, even offline; stored music stays for the same user's return.
    await forgetAnswers().catch(() => {});
    await api('POST /auth/logout').catch(() => {});
    navigate('/', { replace: true });
    client.removeQueries({ predicate: (q) => q.queryKey[0] !== 'session' });
    client.setQueryData(['session'], { me: null, needsSetup: false });
  }

  return (
    <header className="topbar">
      <div className="nav-buttons">
        <button className="icon round" aria-label={t('topbar.back')} onClick={() => history.back()}>
          <Icon name="back" />
        </button>
        {!phone && (
          <button className="icon round" aria-label={t('topbar.forward')} onClick={() => history.forward()}>
            <Icon name="forward" />
          </button>
        )}
      </div>
      {phone && (
        <span className="brand" aria-hidden="true">
          <span className="brand-dot" /> Runnel
        </span>
      )}
      {canSearch && !phone && (
        <SearchBox
          placeholder={t('search.placeholder')}
          value={match('/search/:q', path)?.q ?? ''}
          onText={(text) => navigate(text ? `/search/${encodeURIComponent(text)}` : '/', { replace: location.pathname.startsWith('/search/') })}
        />
      )}
      <div className="user-menu" ref={menu}>
        <button className="user-button" aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen(!open)}>
          <Icon name="user" size={18} /> <span className="user-name">{me.display_name}</span>
          {me.product === 'premium' && <span className="tag">{t('topbar.premium')}</span>}
        </button>
        {open && (
          <div className="menu" role="menu">
            <button
              role="menuitem"
              onClick={() => {
                setOpen(false);
                navigate('/settings');
              }}
            >
              {t('topbar.settings')}
            </button>
            {me.role === 'admin' && (
              <button
                role="menuitem"
                onClick={() => {
                  setOpen(false);
                  navigate('/admin');
                }}
              >
                {t('topbar.admin')}
              </button>
            )}
            <button role="menuitem" onClick={() => void signOut()}>
              {t('topbar.signOut')}
            </button>
          </div>
        )}
      </div>
    </header>
  );
}
