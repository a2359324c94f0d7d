import { UnreadCount } from '../features/inbox/UnreadCount.tsx';
import { PlaylistTree } from '../features/playlists/PlaylistTree.tsx';
import { Icon } from '../ui/icons.tsx';
import { navigate } from './router.ts';

interface Entry {
  path: string;
  label: string;
  icon: string;
  /** The server feature the entry needs; hidden until the server has it. */
  needs?: string;
  /** The phone has a tab for it (so its Library page does not list it again). */
  tab?: boolean;
}

const ENTRIES: Entry[] = [
  { path: '/', label: 'Home', icon: 'home', tab: true },
  { path: '/radio', label: 'Radio', icon: 'radio', needs: 'radio' },
  { path: '/queue', label: 'Play queue', icon: 'queue', tab: true },
  { path: '/history', label: 'History', icon: 'history', needs: 'history' },
  { path: '/inbox', label: 'Inbox', icon: 'inbox', needs: 'inbox' },
  { path: '/library', label: 'Library', icon: 'library', needs: 'collection', tab: true },
  { path: '/starred', label: 'Starred', icon: 'star', needs: 'collection' },
  { path: '/local', label: 'Local files', icon: 'file' },
  { path: '/downloads', label: 'Downloads', icon: 'download', needs: 'downloads' },
  { path: '/offline', label: 'Available offline', icon: 'offline' },
];

/**
 * The left column: the fixed entries, then (with the playlists module) the playlist tree.
 * On a phone the same list heads the Library tab (`inLibrary`), without the entries that
 * have tabs of their own.
 */
export function Sidebar({ path, features, inLibrary = false }: { path: string; features: Set<string>; inLibrary?: boolean }) {
  const entries = ENTRIES.filter((e) => (!e.needs || features.has(e.needs)) && !(inLibrary && e.tab));
  return (
    <nav className={inLibrary ? 'sidebar library-index' : 'sidebar'} aria-label={inLibrary ? 'Your music' : 'Main'}>
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
              <Icon name={entry.icon} size={inLibrary ? 24 : 18} /> {entry.label}
              {entry.path === '/inbox' && <UnreadCount />}
            </a>
          </li>
        ))}
      </ul>
      {features.has('playlists') && <PlaylistTree path={path} />}
    </nav>
  );
}
