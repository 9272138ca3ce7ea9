// Who started the servers of a data folder, and where they listen: a second process (the command
// line beside a running demo) uses them instead of taking them for a crashed run's leftovers.
import { readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { isAlive, isProcessNamed } from './processes';

export interface Owner {
  pid: number;
  databaseUrl: string;
  redisUrl: string;
}

/** The file, in the data folder, that names the owner. */
export const ownerFile = (dataDir: string) => join(dataDir, 'embedded-services.json');

export async function writeOwner(dataDir: string, owner: Owner): Promise<void> {
  await writeFile(ownerFile(dataDir), JSON.stringify(owner), { mode: 0o600 });
}

export async function removeOwner(dataDir: string): Promise<void> {
  await rm(ownerFile(dataDir), { force: true });
}

/** The owner recorded in the folder, when that process is still alive and its PostgreSQL answers. */
export async function liveOwner(dataDir: string): Promise<Owner | undefined> {
  let owner: Owner;
  try {
    owner = JSON.parse(await readFile(ownerFile(dataDir), 'utf8')) as Owner;
  } catch {
    return undefined;
  }
  if (owner.pid === process.pid || !isAlive(owner.pid) || !isProcessNamed(owner.pid, 'node')) return undefined;
  const port = Number(new URL(owner.databaseUrl).port);
  return (await acceptsConnections(port)) ? owner : undefined;
}

function acceptsConnections(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}
