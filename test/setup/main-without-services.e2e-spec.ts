// `main.js` without DATABASE_URL and REDIS_URL is a misconfigured service, not a request for a
// database of its own: it refuses to start, naming the settings, and starts nothing in DATA_DIR.
// (EMBEDDED_SERVICES=1 asks for the embedded default: see cli-beside-server.e2e-spec.ts.)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const register = ['-r', join(root, 'test', 'support', 'ts-register.cjs')];

describe('main.js without DATABASE_URL and REDIS_URL', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ccg-main-unset-'));
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const start = (extra: NodeJS.ProcessEnv) => {
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dir, LOG_LEVEL: 'warn' };
    delete env.DATABASE_URL;
    delete env.REDIS_URL;
    delete env.EMBEDDED_SERVICES;
    Object.assign(env, extra);
    return spawnSync(process.execPath, [...register, join(root, 'src', 'main.ts'), 'all'], { cwd: root, env, encoding: 'utf8', timeout: 60_000 });
  };

  it('refuses to start, naming the settings, and starts no embedded PostgreSQL', () => {
    const run = start({});
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      'DATABASE_URL and REDIS_URL are not set: set them, or EMBEDDED_SERVICES=1 to start PostgreSQL and Redis in DATA_DIR (for trying the service out)',
    );
    expect(existsSync(join(dir, 'embedded'))).toBe(false);
  });

  it('names the one that is missing', () => {
    const run = start({ REDIS_URL: 'redis://127.0.0.1:1' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('DATABASE_URL is not set: set it, or EMBEDDED_SERVICES=1');
  });

  it('refuses an EMBEDDED_SERVICES that is neither 0 nor 1, naming it', () => {
    const run = start({ EMBEDDED_SERVICES: 'yes' });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/setting EMBEDDED_SERVICES:/);
  });
});
