// Free loopback ports for children that need a port on their command line
// (Prometheus, node-exporter). Binding port 0 and closing leaves a small race with other
// programs; callers retry with a new port when the child reports EADDRINUSE.
import 'server-only';
import { createServer } from 'node:net';

export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ port: 0, host, exclusive: true }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error(`no free port on ${host}`))));
    });
  });
}

export class AddressInUseError extends Error {
  constructor(
    readonly port: number,
    what: string,
  ) {
    super(`${what}: port ${port} is already in use`);
    this.name = 'AddressInUseError';
  }
}

/** Runs `start` on fresh ports until it does not fail with AddressInUseError. */
export async function withFreePort<T>(start: (port: number) => Promise<T>, attempts = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await start(await freePort());
    } catch (err) {
      if (!(err instanceof AddressInUseError) || i >= attempts) throw err;
    }
  }
}
