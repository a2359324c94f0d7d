import { parentPort, workerData } from 'node:worker_threads';
import { readOne, type ReadOutcome, type ReadRequest } from './reader.ts';

// One scanner thread: reads the files it is sent (several at once, so I/O overlaps parsing)
// and answers with plain data; the main thread owns the database. Answers that are ready
// together go back in one message.
const { dataDir } = workerData as { dataDir: string };
let outbox: { id: number; outcome: ReadOutcome }[] = [];
const flush = () => {
  const results = outbox;
  outbox = [];
  parentPort!.postMessage(results);
};
parentPort!.on('message', (requests: ReadRequest[]) => {
  for (const request of requests) {
    void readOne(dataDir, request.path, request.size).then((outcome) => {
      if (!outbox.length) setImmediate(flush);
      outbox.push({ id: request.id, outcome });
    });
  }
});
