// Entry of the server process `lb-web serve` (and the e2e suite) starts:
//   node --import tsx/esm server/http/main.ts -H <host> -p <port>   (cwd: the checkout)
// Shutdown is the instrumentation's (server-lifecycle.ts): SIGTERM/SIGINT stop the runs,
// end the owned processes, then exit.
import 'server-only';
import { parseArgs } from 'node:util';
import { startHttpServer } from './http-server';

const { values } = parseArgs({
  options: { host: { type: 'string', short: 'H' }, port: { type: 'string', short: 'p' } },
  strict: true,
});
const host = values.host ?? '127.0.0.1';
const port = Number(values.port ?? '3000');
try {
  await startHttpServer({ dir: process.cwd(), host, port });
  console.log(`lb-web: ready on http://${host.includes(':') ? `[${host}]` : host}:${port}`);
} catch (err) {
  console.error(`lb-web: could not start the server on ${host}:${port}: ${(err as Error).message}`);
  process.exit(1);
}
