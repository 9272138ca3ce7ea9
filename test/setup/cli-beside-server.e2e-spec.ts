// The command line run beside a serving instance on the embedded default (one data folder, no
// DATABASE_URL or REDIS_URL; the instance started with EMBEDDED_SERVICES=1) uses that instance's
// live PostgreSQL and Redis instead of taking them for a crashed run's leftovers and stopping them.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from '../support/test-app.js';
import { freePort } from '../support/free-port.js';

jest.setTimeout(120_000);

const root = join(__dirname, '..', '..');
const register = ['-r', join(root, 'test', 'support', 'ts-register.cjs')];
describe('a CLI command beside a serving instance', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ccg-cli-beside-'));
  let server: ChildProcess | undefined;
  afterAll(async () => {
    server?.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  });

  it('creates a key the serving instance accepts, and leaves that instance serving', async () => {
    const port = await freePort();
    // main.js starts the embedded default only when asked; the CLI beside it needs no asking.
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATA_DIR: dir,
      PORT: String(port),
      LOG_LEVEL: 'warn',
      QUEUE_PREFIX: 'cli-beside',
      EMBEDDED_SERVICES: '1',
    };
    delete env.DATABASE_URL;
    delete env.REDIS_URL;
    const proc = spawn(process.execPath, [...register, join(root, 'src', 'main.ts'), 'all'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    server = proc;
    let output = '';
    proc.stderr.on('data', (c: Buffer) => (output += c.toString()));
    proc.stdout.on('data', (c: Buffer) => (output += c.toString()));
    const exited = new Promise<number | null>((done) => proc.once('exit', (code) => done(code)));
    const health = () =>
      fetch(`http://127.0.0.1:${port}/health`).then(
        (r) => r.status,
        () => 0,
      );
    await eventually(async () => (await health()) === 200, 90_000, `the instance serving (${output})`);

    const cli = spawnSync(
      process.execPath,
      [...register, join(root, 'src', 'cli.ts'), 'keys', 'create', '--role', 'board', '--name', 'beside the server'],
      { cwd: root, env, encoding: 'utf8', timeout: 90_000 },
    );
    if (cli.status !== 0) throw new Error(`cli exited ${cli.status}: ${cli.stderr}`);
    const key = cli.stdout.trim();
    expect(key).toMatch(/\S{20,}/);

    // The instance still serves, and knows the key: the CLI wrote to its database.
    expect(await health()).toBe(200);
    const listed = await fetch(`http://127.0.0.1:${port}/api/v1/assessments`, { headers: { Authorization: `Bearer ${key}` } });
    expect(listed.status).toBe(200);

    proc.kill('SIGINT');
    expect(await exited).toBe(0);
  });
});
