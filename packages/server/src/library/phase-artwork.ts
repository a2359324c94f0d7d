import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { artworkId, MAX_PICTURE_BYTES } from '../catalog/artwork.ts';
import { sniffRaster } from '../catalog/raster.ts';
import type { Catalog } from '../catalog/service.ts';
import type { ArtworkInput } from '../catalog/types.ts';
import { problem } from './issues.ts';
import type { IssueRow } from './repository.ts';
import { COVER_FILE } from './walk.ts';

/**
 * The artwork phase: an album without an embedded picture gets the cover file
 * (cover|folder|front.jpg|png|webp) of the folder its first track is in. The file is
 * served from where it is; Runnel never copies into or writes to a music folder. A cover
 * file whose bytes are not a raster picture (an SVG or HTML page named cover.jpg) is
 * refused and reported, like an embedded one. Returns the cover files taken and the issues
 * of those refused.
 */
export async function artworkPhase(catalog: Catalog, albumIds: string[], covers: Map<string, string>, walkedDirs: Set<string>, now: () => number) {
  const hashed = new Map<string, ArtworkInput | IssueRow | null>();
  for (let i = 0; i < albumIds.length; i += 500) {
    const updates: { albumId: string; image: ArtworkInput }[] = [];
    for (const target of await catalog.artworkTargets(albumIds.slice(i, i + 500))) {
      if (target.embeddedImageId) continue;
      const dir = dirname(target.firstTrackPath);
      // A directory this scan walked is in `covers` if it has a cover file; others are looked at.
      const cover = covers.get(dir) ?? (walkedDirs.has(dir) ? null : await findCover(dir));
      if (!cover) continue;
      if (!hashed.has(cover)) hashed.set(cover, await coverArtwork(cover, target.folderId, now));
      const image = hashed.get(cover);
      if (image && 'id' in image) updates.push({ albumId: target.albumId, image });
    }
    await catalog.setAlbumImages(updates);
  }
  const outcomes = [...hashed.entries()];
  return {
    accepted: outcomes.filter(([, o]) => o && 'id' in o).map(([path]) => path),
    refused: outcomes.map(([, o]) => o).filter((o): o is IssueRow => !!o && 'reason' in o),
  };
}

async function coverArtwork(path: string, folderId: string, now: () => number): Promise<ArtworkInput | IssueRow | null> {
  try {
    const s = await stat(path);
    if (s.size > MAX_PICTURE_BYTES || s.size === 0) return null;
    const bytes = await readFile(path);
    const mime = sniffRaster(bytes);
    if (!mime)
      return {
        path,
        folder_id: folderId,
        ...problem('cover_not_image'),
        severity: 'warning',
        size: s.size,
        mtime_ms: Math.floor(s.mtimeMs),
        at: now(),
      };
    return { id: artworkId(bytes), path, mime, size: bytes.length, width: null, height: null };
  } catch {
    return null; // an unreadable cover is not worth failing the scan for
  }
}

async function findCover(dir: string): Promise<string | null> {
  try {
    const names = (await readdir(dir)).filter((n) => COVER_FILE.test(n)).sort();
    const best = ['cover', 'folder', 'front'].map((stem) => names.find((n) => n.toLowerCase().startsWith(`${stem}.`))).find(Boolean);
    return best ? join(dir, best) : null;
  } catch {
    return null;
  }
}
