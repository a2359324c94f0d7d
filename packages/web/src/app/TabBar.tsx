import type { MessageKey } from '../i18n/languages.ts';
import { useT } from '../i18n/use-t.ts';
import { Icon } from '../ui/icons.tsx';
import { navigate } from './router.ts';

interface Tab {
  path: string;
  label: MessageKey;
  icon: string;
  /** The paths that belong to the tab: it shows as the current section there. */
  section: RegExp;
}

const TABS: Tab[] = [
  { path: '/', label: 'nav.home', icon: 'home', section: /^\/(home|top|feed|people)?$/ },
  { path: '/search', label: 'nav.search', icon: 'search', section: /^\/search(\/|$)/ },
  { path: '/library', label: 'nav.library', icon: 'library', section: /^\/(library|starred|local|downloads|inbox|radio|playlist)(\/|$)/ },
  { path: '/queue', label: 'nav.queue', icon: 'queue', section: /^\/queue$/ },
];

/**
 * The phone's bottom bar (the sidebar's place on a desktop): Home, Search, Library, Queue.
 * A tab is the current page on its own path, and the current section on the paths under it.
 */
export function TabBar({ path, canSearch }: { path: string; canSearch: boolean }) {
  const t = useT();
  return (
    <nav className="tab-bar" aria-label={t('nav.tabs')}>
      <ul>
        {TABS.filter((tab) => canSearch || tab.path !== '/search').map((tab) => (
          <li key={tab.path}>
            <a
              href={tab.path}
              aria-current={path === tab.path ? 'page' : tab.section.test(path) ? 'true' : undefined}
              onClick={(e) => {
                e.preventDefault();
                navigate(tab.path);
                document.getElementById('main')?.scrollTo(0, 0);
              }}
            >
              <Icon name={tab.icon} size={24} />
              <span>{t(tab.label)}</span>
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
