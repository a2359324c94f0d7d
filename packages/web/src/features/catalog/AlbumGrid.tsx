import type { SimplifiedAlbum } from '@runnel/api';
import { navigate } from '../../app/router.ts';
import { imageUrl } from '../../tracks/to-queue.ts';

/** What a grid shows of an album (a search hit has no more). */
export type GridAlbum = Pick<SimplifiedAlbum, 'id' | 'name' | 'images'> & { artists: { name: string }[] };

/** Album covers in a grid; each opens its album. */
export function AlbumGrid({ albums, label }: { albums: GridAlbum[]; label: string }) {
  return (
    <ul className="album-grid" aria-label={label}>
      {albums.map((album) => (
        <li key={album.id}>
          <a
            href={`/album/${album.id}`}
            onClick={(e) => {
              e.preventDefault();
              navigate(`/album/${album.id}`);
            }}
          >
            {imageUrl(album.images, 200) ? (
              <img src={imageUrl(album.images, 200)} alt="" width={160} height={160} loading="lazy" />
            ) : (
              <div className="art-placeholder cover" aria-hidden="true" />
            )}
            <span className="album-name">{album.name}</span>
            <span className="muted album-artist">{album.artists.map((a) => a.name).join(', ')}</span>
          </a>
        </li>
      ))}
    </ul>
  );
}
