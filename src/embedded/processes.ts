// Process, port and path helpers for the embedded PostgreSQL and Redis: free ports, pid files,
// whether a pid is alive and runs the program we think.
import { readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';
import { inspect } from 'node:util';

/** How long an orphaned server of a data folder (a crashed run's) gets to stop before we give up. */
export const ORPHAN_STOP_TIMEOUT_MS = 15_000;

/** Asks the OS for a port nobody listens on. Another process could take it before we bind; callers retry. */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.unref();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? done(port) : fail(new Error('the OS gave no port'))));
    });
  });
}

export function findOnPath(command: string): string | undefined {
  const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  // /usr/sbin and /usr/bin are not on every PATH (cron, some CI shells), but that is where apt puts it.
  for (const dir of [...dirs, '/usr/bin', '/usr/sbin', '/usr/local/bin']) {
    const candidate = join(dir, command);
    try {
      const st = statSync(candidate);
      if (st.isFile() && (st.mode & 0o111) !== 0) return candidate;
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

export function readPid(file: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(file, 'utf8').split('\n')[0] ?? '', 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: alive, but someone else's.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether pid is alive and runs the named program (a reused pid of another program is not ours). */
export function isProcessNamed(pid: number, name: string): boolean {
  if (!isAlive(pid)) return false;
  try {
    const argv0 = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0] ?? '';
    return argv0.split('/').pop()?.startsWith(name) ?? false;
  } catch {
    // No /proc (not Linux): trust the pid file rather than remove a live server's lock.
    return true;
  }
}

export async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await sleep(50);
  }
  return condition();
}

export function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

export function errorText(err: unknown): string {
  if (err instanceof Error) return err.message;
  return err === undefined ? 'no reason given' : typeof err === 'string' ? err : inspect(err);
}
