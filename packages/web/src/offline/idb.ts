/**
 * The offline registry's database (IndexedDB): what is available offline (`items`), the
 * tracks stored for them (`tracks`), and the actions kept while offline (`actions`, in order).
 * A few promise helpers; each call is one transaction.
 */
export type StoreName = 'items' | 'tracks' | 'actions';

let opening: Promise<IDBDatabase> | undefined;

function database(): Promise<IDBDatabase> {
  opening ??= new Promise((resolve, reject) => {
    const request = indexedDB.open('runnel-offline', 1);
    request.onupgradeneeded = () => {
      const db = request.result;
      db.createObjectStore('items', { keyPath: 'uri' });
      db.createObjectStore('tracks', { keyPath: 'id' });
      db.createObjectStore('actions', { keyPath: 'seq', autoIncrement: true });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB could not be opened'));
  });
  return opening;
}

/**
 * Runs `work` on one store in a transaction; resolves with the last request's result once it
 * commits. Actions kept offline are written durably (flushed to disk before the promise
 * resolves: a killed browser loses none); the registry, which the next sync rebuilds from
 * the server, is not worth a flush per stored track.
 */
async function run<T>(store: StoreName, mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest | void): Promise<T> {
  const db = await database();
  return new Promise<T>((resolve, reject) => {
    const tx = db.transaction(store, mode, { durability: store === 'actions' ? 'strict' : 'relaxed' });
    const request = work(tx.objectStore(store));
    tx.oncomplete = () => resolve(request ? (request.result as T) : (undefined as T));
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

export const idb = {
  all: <T>(store: StoreName) => run<T[]>(store, 'readonly', (s) => s.getAll()),
  count: (store: StoreName) => run<number>(store, 'readonly', (s) => s.count()),
  put: (store: StoreName, value: unknown) => run<IDBValidKey>(store, 'readwrite', (s) => s.put(value)),
  delete: (store: StoreName, key: IDBValidKey) => run<void>(store, 'readwrite', (s) => s.delete(key)),
  clear: (store: StoreName) => run<void>(store, 'readwrite', (s) => s.clear()),
};
