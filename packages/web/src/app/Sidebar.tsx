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
}

const ENTRIES: Entry[] = [
  { path: '/', label: 'Home', icon: 'home' },
  { path: '/radio', label: 'Radio', icon: 'radio', needs: 'radio' },
  { path: '/queue', label: 'Play queue', icon: 'queue' },
  { path: '/inbox', label: 'Inbox', icon: 'inbox', needs: 'inbox' },
  { path: '/library', label: 'Library', icon: 'library', needs: 'collection' },
  { path: '/starred', label: 'Starred', icon: 'star', needs: 'collection' },
  { path: '/local', label: 'Local files', icon: 'file' },
  { path: '/downloads', label: 'Downloads', icon: 'download', needs: 'downloads' },
  { path: '/offline', label: 'Available offline', icon: 'offline' },
];

/** The left column: the fixed entries, then (with the playlists module) the playlist tree. */
export function Sidebar({ path, features }: { path: string; features: Set<string> }) {
  return (
    <nav className="sidebar" aria-label="Main">
      <ul>
        {ENTRIES.filter((e) => !e.needs || features.has(e.needs)).map((entry) => (
          <li key={entry.path}>
            <a
              href={entry.path}
              aria-current={path === entry.path ? 'page' : undefined}
              onClick={(e) => {
                e.preventDefault();
                navigate(entry.path);
              }}
            >
              <Icon name={entry.icon} size={18} /> {entry.label}
              {entry.path === '/inbox' && <UnreadCount />}
            </a>
          </li>
        ))}
      </ul>
      {features.has('playlists') && <PlaylistTree path={path} />}
    </nav>
  );
}
