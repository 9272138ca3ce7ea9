import { createServer } from 'node:net';

/** A TCP port free on 127.0.0.1 just now, for a server a test starts. */
export const freePort = (): Promise<number> =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
