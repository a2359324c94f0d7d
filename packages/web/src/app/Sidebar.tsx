import { UnreadCount } from '../features/inbox/UnreadCount.tsx';
import { PlaylistTree } from '../features/playlists/PlaylistTree.tsx';
import type { MessageKey } from '../i18n/languages.ts';
import { useT } from '../i18n/use-t.ts';
import { Icon } from '../ui/icons.tsx';
import { navigate } from './router.ts';

interface Entry {
  path: string;
  label: MessageKey;
  icon: string;
  /** The server feature the entry needs; hidden until the server has it. */
  needs?: string;
  /** The phone has a tab for it (so its Library page does not list it again). */
  tab?: boolean;
}

const ENTRIES: Entry[] = [
  { path: '/', label: 'nav.home', icon: 'home', tab: true },
  { path: '/radio', label: 'nav.radio', icon: 'radio', needs: 'radio' },
  { path: '/queue', label: 'nav.playQueue', icon: 'queue', tab: true },
  { path: '/history', label: 'nav.history', icon: 'history', needs: 'history' },
  { path: '/inbox', label: 'nav.inbox', icon: 'inbox', needs: 'inbox' },
  { path: '/library', label: 'nav.library', icon: 'library', needs: 'collection', tab: true },
  { path: '/starred', label: 'nav.starred', icon: 'star', needs: 'collection' },
  { path: '/local', label: 'nav.localFiles', icon: 'file' },
  { path: '/downloads', label: 'nav.downloads', icon: 'download', needs: 'downloads' },
  { path: '/offline', label: 'nav.offline', icon: 'offline' },
];

/**
 * The left column: the fixed entries, then (with the playlists module) the playlist tree.
 * On a phone the same list heads the Library tab (`inLibrary`), without the entries that
 * have tabs of their own.
 */
export function Sidebar({ path, features, inLibrary = false }: { path: string; features: Set<string>; inLibrary?: boolean }) {
  const t = useT();
  const entries = ENTRIES.filter((e) => (!e.needs || features.has(e.needs)) && !(inLibrary && e.tab));
  return (
    <nav className={inLibrary ? 'sidebar library-index' : 'sidebar'} aria-label={inLibrary ? t('nav.yourMusic') : t('nav.main')}>
      <ul>
        {entries.map((entry) => (
          <li key={entry.path}>
            <a
              href={entry.path}
              aria-current={path === entry.path ? 'page' : undefined}
              onClick={(e) => {
                e.preventDefault();
                navigate(entry.path);
              }}
            >
              <Icon name={entry.icon} size={inLibrary ? 24 : 18} /> {t(entry.label)}
              {entry.path === '/inbox' && <UnreadCount />}
            </a>
          </li>
        ))}
      </ul>
      {features.has('playlists') && <PlaylistTree path={path} />}
    </nav>
  );
}
