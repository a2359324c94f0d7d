import { useQuery } from '@tanstack/react-query';
import type { Me, SimplifiedAlbum } from '@runnel/api';
import { api } from '../../api/client.ts';
import { AlbumGrid } from '../catalog/AlbumGrid.tsx';

/** Home: the What's new | Top lists | Feed | People tabs, each shown once the server has it. */
export function HomeView({ me }: { me: Me }) {
  const releases = useQuery({
    queryKey: ['new-releases'],
    queryFn: () => api<{ albums: { items: SimplifiedAlbum[] } }>('/browse/new-releases?limit=50'),
    refetchInterval: (q) => (q.state.data?.albums.items.length ? false : 5000), // the first scan may still be running
  });
  const albums = releases.data?.albums.items ?? [];
  return (
    <section aria-labelledby="home-title">
      <div className="tabs" role="tablist" aria-label="Home">
        <button role="tab" aria-selected="true" id="tab-new">
          What's new
        </button>
      </div>
      <h1 id="home-title">What's new</h1>
      {releases.isSuccess && albums.length === 0 && (
        <p className="muted">
          Welcome, {me.display_name}. No music yet: {me.role === 'admin' ? 'add a music folder in Admin, or wait for the first scan to finish.' : 'an administrator adds it.'}
        </p>
      )}
      <AlbumGrid albums={albums} label="New albums" />
    </section>
  );
}
