import type { QueueTrack } from '../../audio/queue.ts';
import { localFiles } from '../../audio/player.ts';
import type { TrackListItem } from '../../tracks/row.ts';
import { compareNames } from '../../i18n/collate.ts';
import { localUri } from './local-uri.ts';

/** A file from this device, described by its tags. */
export interface LocalFile {
  /** Content key: the same file on another device has the same key. */
  key: string;
  name: string;
  title: string;
  artist: string;
  album: string;
  durationMs: number;
}

const DB = 'runnel-local-files';
const STORE = 'files';

/**
 * Reads a file's tags in the browser (music-metadata, loaded only when needed) and keys it
 * by content: SHA-256 of its size and first 256 KiB, so the same file matches on any device.
 */
export async function describe(file: File): Promise<LocalFile> {
  const { parseBlob } = await import('music-metadata');
  const [metadata, key] = await Promise.all([parseBlob(file, { duration: true, skipCovers: true }).catch(() => null), contentKey(file)]);
  const common = metadata?.common;
  return {
    key,
    name: file.name,
    title: common?.title ?? file.name.replace(/\.[^.]+$/, ''),
    artist: common?.artists?.join(', ') ?? common?.artist ?? '[Unknown Artist]',
    album: common?.album ?? '',
    durationMs: Math.round((metadata?.format.duration ?? 0) * 1000),
  };
}

async function contentKey(file: File): Promise<string> {
  const head = new Uint8Array(await file.slice(0, 256 * 1024).arrayBuffer());
  const size = new TextEncoder().encode(`${file.size}:`);
  const data = new Uint8Array(size.length + head.length);
  data.set(size);
  data.set(head, size.length);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', data));
  return Array.from(digest.slice(0, 16), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The queue item that plays a local file through the same player. */
export function toQueueTrack(file: LocalFile): QueueTrack {
  return { id: `local:${file.key}`, title: file.title, artist: file.artist, album: file.album, durationMs: file.durationMs, localKey: file.key };
}

/** A local file as a track row. */
export function toRow(file: LocalFile): TrackListItem {
  return {
    track: {
      id: null,
      uri: localUri(file),
      name: file.title,
      artists: [{ id: null, name: file.artist }],
      album: file.album ? { id: null, name: file.album } : undefined,
      duration_ms: file.durationMs,
    },
    queue: toQueueTrack(file),
  };
}

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'info.key' });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** Keeps picked files in this browser (IndexedDB), so they still play after a reload. */
export async function saveLocalFiles(entries: { info: LocalFile; file: File }[]) {
  const db = await open();
  await new Promise<void>((resolve, reject) => {
    const tx = db.transaction(STORE, 'readwrite');
    for (const entry of entries) tx.objectStore(STORE).put(entry);
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
  for (const { info, file } of entries) if (!localFiles.has(info.key)) localFiles.set(info.key, URL.createObjectURL(file));
}

/** Every local file kept on this device, in no order; makes each playable. */
export async function loadLocalFiles(): Promise<LocalFile[]> {
  const db = await open();
  const entries = await new Promise<{ info: LocalFile; file: File }[]>((resolve, reject) => {
    const request = db.transaction(STORE).objectStore(STORE).getAll();
    request.onsuccess = () => resolve(request.result as { info: LocalFile; file: File }[]);
    request.onerror = () => reject(request.error);
  });
  for (const { info, file } of entries) if (!localFiles.has(info.key)) localFiles.set(info.key, URL.createObjectURL(file));
  return entries.map((e) => e.info);
}

/** Local files by artist, album and title, A–Z in the player's language. A new array. */
export function sortLocalFiles(files: readonly LocalFile[], language: string): LocalFile[] {
  const byName = compareNames(language);
  return [...files].sort((a, b) => byName(a.artist, b.artist) || byName(a.album, b.album) || byName(a.title, b.title));
}

export async function removeLocalFile(key: string) {
  const db = await open();
  db.transaction(STORE, 'readwrite').objectStore(STORE).delete(key);
  const url = localFiles.get(key);
  if (url) URL.revokeObjectURL(url);
  localFiles.delete(key);
}
