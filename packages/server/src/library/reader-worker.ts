import { parentPort, workerData } from 'node:worker_threads';
import { readOne, type ReadRequest } from './reader.ts';

// One scanner thread: reads files it is sent (several at once, so I/O overlaps parsing)
// and answers with plain data; the main thread owns the database.
const { dataDir } = workerData as { dataDir: string };
parentPort!.on('message', (request: ReadRequest) => {
  void readOne(dataDir, request.path, request.size).then((outcome) => parentPort!.postMessage({ id: request.id, outcome }));
});
