// A TCP proxy in front of the test server whose connections a test can cut, like a network
// drop (Chromium's offline emulation does not end an open EventSource). Records each
// request's head so a test can check what a reconnecting client asked for.
import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy in front of the server whose connections the test can cut, like a network
 * drop: the browser's event stream must reconnect and resume from its last seq.
 */
export function startProxy(
  targetPort: number,
): Promise<{ url: string; requests: string[]; bytesDown(): number; dropAll(): void; close(): void }> {
  const sockets = new Set<Socket>();
  const requests: string[] = [];
  let down = 0;
  const server: Server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    client.on('data', (d) => {
      const head = d.toString('latin1').split('\r\n\r\n')[0] ?? '';
      if (/^(GET|POST) /.test(head)) requests.push(decodeURIComponent(head));
    });
    upstream.on('data', (d: Buffer) => (down += d.length));
    client.pipe(upstream).pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    for (const s of [client, upstream]) s.on('error', end).on('close', end);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      resolve({
        url: `http://127.0.0.1:${port}`,
        requests,
        bytesDown: () => down,
        dropAll: () => sockets.forEach((s) => s.destroy()),
        close: () => {
          sockets.forEach((s) => s.destroy());
          server.close();
        },
      });
    }),
  );
}
