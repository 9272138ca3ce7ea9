// A family whose outcome key names a template that is not there stops start-up, naming it,
// instead of failing each evaluation with that outcome after three retries.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, testRedisPrefix, testRedisUrl } from '../support/test-database.js';

const root = join(__dirname, '..', '..');

it('refuses to start without a template a family names', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'templates-'));
  const db = await createTestDatabase();
  try {
    cpSync(join(root, 'templates'), dir, { recursive: true });
    rmSync(join(dir, 'quality-premium', 'non-payment-notice.hbs'));
    const env = {
      ...process.env,
      DATABASE_URL: db.url,
      REDIS_URL: testRedisUrl(),
      QUEUE_PREFIX: testRedisPrefix(),
      TEMPLATES_DIR: dir,
      PORT: '0',
      LOG_LEVEL: 'warn',
    };
    const run = spawnSync(process.execPath, ['-r', join(root, 'test/support/ts-register.cjs'), join(root, 'src/main.ts'), 'api'], {
      cwd: root,
      env,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(1);
    expect(run.stdout + run.stderr).toContain(
      'quality-premium: outcome key "not-payable" names the template "quality-premium/non-payment-notice", which is not under templates/',
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await db.drop();
  }
});
