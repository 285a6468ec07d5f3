// Runs PGlite (PostgreSQL compiled to WASM) in its own thread and exposes it on a unix socket,
// so the HTTP thread talks to it with the ordinary `pg` driver and never blocks while it works.
// Plain JavaScript on purpose: worker threads do not inherit the TypeScript loader in every runner.
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

const { dataDir, socketPath, maxConnections, loadFrom } = workerData;

let db;
let server;

async function start() {
  const options = {};
  if (loadFrom) options.loadDataDir = new Blob([loadFrom]);
  db = await PGlite.create(dataDir ?? undefined, options);
  server = new PGLiteSocketServer({ db, path: socketPath, maxConnections });
  await server.start();
  parentPort.postMessage({ type: 'ready' });
}

parentPort.on('message', async (msg) => {
  try {
    if (msg.type === 'dump') {
      const blob = await db.dumpDataDir('none');
      const buf = new Uint8Array(await blob.arrayBuffer());
      parentPort.postMessage({ type: 'dumped', data: buf }, [buf.buffer]);
    } else if (msg.type === 'close') {
      await server?.stop();
      await db?.close();
      parentPort.postMessage({ type: 'closed' });
    }
  } catch (err) {
    parentPort.postMessage({ type: 'error', message: String(err?.stack ?? err) });
  }
});

start().catch((err) => {
  parentPort.postMessage({ type: 'error', message: String(err?.stack ?? err) });
});
