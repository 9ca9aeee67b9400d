// One replica of a local function: an HTTP server on 127.0.0.1 that plays the role of an
// OpenFaaS function container (watchdog + handler). Started by the gateway with
//   node server/localstack/function-worker.mjs --name <fn> --port 0
// it prints `LISTENING <port>` once it accepts requests. Plain .mjs under bare `node`:
// replicas start in ~50 ms instead of ~300 ms with tsx, so scale-up is quick and cheap.
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { renderFiglet } from './figlet.mjs';

const MAX_BODY_BYTES = 1024 * 1024;
const MAX_BURN_MS = 60_000;
const DEFAULT_BURN_MS = 50;

function text(status, body) {
  return { status, body, contentType: 'text/plain; charset=utf-8' };
}

// Like the classic watchdog, the request is visible to `env` as Http_* variables.
function requestEnv(req, url) {
  const vars = { Http_Method: req.method ?? 'GET', Http_Path: url.pathname, Http_Query: url.search.slice(1) };
  for (const [key, value] of Object.entries(req.headers)) {
    const name = `Http_${key
      .split('-')
      .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
      .join('_')}`;
    vars[name] = Array.isArray(value) ? value.join(', ') : String(value ?? '');
  }
  return vars;
}

function burnMs(url, body) {
  const raw = url.searchParams.get('ms') ?? (body.trim() || String(DEFAULT_BURN_MS));
  if (!/^\d+$/.test(raw)) return undefined;
  return Math.min(Number(raw), MAX_BURN_MS);
}

const handlers = {
  figlet: (_req, _url, body) => text(200, renderFiglet(body)),
  env: (req, url) => {
    const all = { ...process.env, ...requestEnv(req, url) };
    return text(
      200,
      Object.entries(all)
        .map(([k, v]) => `${k}=${v}`)
        .join('\n') + '\n',
    );
  },
  'cpu-burn': (_req, url, body) => {
    const ms = burnMs(url, body);
    if (ms === undefined) return text(400, 'cpu-burn: give a whole number of milliseconds as ?ms=N or the body\n');
    // A busy loop, not a timer: the point is to consume CPU the metrics can see.
    const end = performance.now() + ms;
    let x = 0;
    while (performance.now() < end) x += Math.sqrt(x + 1);
    return text(200, `burned ${ms} ms\n`);
  },
};

const { values } = parseArgs({ options: { name: { type: 'string' }, port: { type: 'string', default: '0' } } });
const handler = handlers[values.name ?? ''];
if (!handler) {
  process.stderr.write(
    `function-worker: unknown function "${values.name}"; known: ${Object.keys(handlers).join(', ')}\n`,
  );
  process.exit(2);
}

const server = createServer((req, res) => {
  const chunks = [];
  let size = 0;
  req.on('data', (chunk) => {
    size += chunk.length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk);
  });
  req.on('end', () => {
    let result;
    if (size > MAX_BODY_BYTES) result = text(413, `request body larger than ${MAX_BODY_BYTES} bytes\n`);
    else {
      try {
        const url = new URL(req.url ?? '/', 'http://function.local');
        result = handler(req, url, Buffer.concat(chunks).toString('utf8'));
      } catch (err) {
        result = text(500, `${values.name}: ${err instanceof Error ? err.message : String(err)}\n`);
      }
    }
    res.writeHead(result.status, { 'content-type': result.contentType });
    res.end(result.body);
  });
});

server.listen(Number(values.port), '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`LISTENING ${typeof address === 'object' && address ? address.port : values.port}\n`);
});

// The gateway drains a replica before stopping it, so on SIGTERM only keep-alive
// connections remain: close them and exit promptly.
function shutdown() {
  server.close(() => process.exit(0));
  server.closeIdleConnections();
  setTimeout(() => process.exit(0), 1000).unref();
}
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);
