// Signed checkpoints anchor the audit chain outside the database: a superuser who rewrites an
// event and re-hashes everything after it (and audit_head) passes a plain verify, but the chain no
// longer extends a checkpoint taken before. Also: gaps are named by their first missing seq.
import { spawn } from 'node:child_process';
import { createPublicKey } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { hashAuditRecord } from '../../src/audit/audit-chain.js';
import { signatureProblem, type Checkpoint } from '../../src/audit/audit-checkpoint.js';
import { AuditSequencer } from '../../src/audit/audit-sequencer.js';
import { AuditService } from '../../src/audit/audit.service.js';
import { parseCheckpoints } from '../../src/audit/checkpoint-file.js';
import { generateCheckpointKeyPair } from '../../src/common/ed25519-keys.js';
import { eventually, startTestApp, type TestApp } from '../support/test-app.js';

const root = join(__dirname, '..', '..');
const pair = generateCheckpointKeyPair();
const actor = { name: 'checkpoint-test', role: 'admin' as const };

let t: TestApp;
let audit: AuditService;
beforeAll(async () => {
  t = await startTestApp({ config: { ROLE: 'api', AUDIT_CHECKPOINT_KEY: pair.privateKeyPem } });
  audit = t.app.get(AuditService, { strict: false });
});
afterAll(() => t.close());

async function record(n: number, action: string): Promise<void> {
  await Promise.all(
    Array.from({ length: n }, (_, i) => audit.record({ actor, action, entityType: 'test', entityId: `${action}-${i}`, payload: { i } })),
  );
}

/** A superuser session with the append-only trigger switched off, as an attacker would have. */
async function asSuperuser<T>(url: string, work: (db: Client) => Promise<T>): Promise<T> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    await db.query('SET session_replication_role = replica');
    return await work(db);
  } finally {
    await db.end();
  }
}

/** Rewrites the event at `seq`, then recomputes every later prevHash and hash and audit_head, so
 *  that the chain holds together again. */
async function rewriteAndRehash(app: TestApp, seq: bigint): Promise<void> {
  // Nothing left for the sequencer to link onto the old head meanwhile.
  await app.app.get(AuditSequencer, { strict: false }).sealPending();
  await asSuperuser(app.config.DATABASE_URL, async (db) => {
    await db.query(`UPDATE audit_events SET payload = '{"forged":true}' WHERE seq = $1`, [seq.toString()]);
    const before = await app.prisma.auditEvent.findFirstOrThrow({ where: { seq: seq - 1n } });
    const rest = await app.prisma.auditEvent.findMany({ where: { seq: { gte: seq } }, orderBy: { seq: 'asc' } });
    let prevHash = before.hash as string;
    await db.query('BEGIN');
    for (const event of rest) {
      const hash = hashAuditRecord(prevHash, { ...event, seq: event.seq as bigint });
      await db.query('UPDATE audit_events SET prev_hash = $1, hash = $2 WHERE id = $3', [prevHash, hash, event.id.toString()]);
      prevHash = hash;
    }
    await db.query('UPDATE audit_head SET hash = $1 WHERE id = 1', [prevHash]);
    await db.query('COMMIT');
  });
}

describe('audit checkpoints', () => {
  let checkpoint: Checkpoint;

  it('GET /audit/checkpoint signs the sealed head for auditors and admins', async () => {
    await record(30, 'test.before');
    checkpoint = (await t.as('auditor').get('/api/v1/audit/checkpoint').expect(200)).body;
    const head = await t.prisma.auditEvent.findFirstOrThrow({ orderBy: { seq: 'desc' } });
    expect(checkpoint).toMatchObject({ seq: head.seq!.toString(), hash: head.hash });
    expect(signatureProblem(checkpoint, createPublicKey(pair.publicKeyPem))).toBeUndefined();
    await t.as('admin').get('/api/v1/audit/checkpoint').expect(200);
    const refused = await t.as('board').get('/api/v1/audit/checkpoint').expect(403);
    expect(refused.body.message).toMatch(/auditor, admin/);

    await record(10, 'test.after');
    const verified = await t.as('auditor').post('/api/v1/audit/verify').send(checkpoint).expect(200);
    expect(verified.body).toMatchObject({ ok: true, firstBrokenSeq: null, checkpointsMatched: 1 });
  });

  it('refuses bad checkpoints with a 4xx naming the field', async () => {
    const post = (body: unknown) =>
      t
        .as('auditor')
        .post('/api/v1/audit/verify')
        .send(body as object);
    const fields = (res: { body: { issues: { field: string }[] } }) => res.body.issues.map((i) => i.field);

    expect(fields(await post({ ...checkpoint, seq: 'x', hash: undefined }).expect(422))).toEqual(expect.arrayContaining(['seq', 'hash']));
    expect(fields(await post({ checkpoints: [checkpoint, { ...checkpoint, time: 'yesterday' }] }).expect(422))).toEqual(['checkpoints.1.time']);
    expect(fields(await post({ checkpoints: [] }).expect(422))).toEqual(['checkpoints']);

    const flipped = Buffer.from(checkpoint.signature, 'base64');
    flipped[0] ^= 1;
    expect(fields(await post({ ...checkpoint, signature: flipped.toString('base64') }).expect(422))).toEqual(['signature']);
    expect(fields(await post({ checkpoints: [checkpoint, { ...checkpoint, seq: '1' }] }).expect(422))).toEqual(['checkpoints.1.signature']);
    const otherKey = generateCheckpointKeyPair();
    const other = await startTestApp({ databaseUrl: t.config.DATABASE_URL, config: { ROLE: 'api', AUDIT_CHECKPOINT_KEY: otherKey.privateKeyPem } });
    try {
      const foreign = (await other.as('auditor').get('/api/v1/audit/checkpoint').expect(200)).body;
      const res = await post(foreign).expect(422);
      expect(res.body.issues).toEqual([{ field: 'keyId', message: expect.stringMatching(/^signed by key [0-9a-f]{16}, not by the key given/) }]);
    } finally {
      await other.close();
    }
    await t.as('board').post('/api/v1/audit/verify').send(checkpoint).expect(403);
  });

  it('catches a superuser who rewrites an event and re-hashes the chain after it, naming the checkpoint seq', async () => {
    const target = BigInt(checkpoint.seq) - 5n;
    await rewriteAndRehash(t, target);

    // The chain holds together: a plain verify cannot tell.
    const plain = await t.as('auditor').get('/api/v1/audit/verify').expect(200);
    expect(plain.body).toMatchObject({ ok: true, firstBrokenSeq: null });
    expect(plain.body.problem).toBeUndefined();

    // The checkpoint taken before can.
    const anchored = await t
      .as('auditor')
      .post('/api/v1/audit/verify')
      .send({ checkpoints: [checkpoint] })
      .expect(200);
    expect(anchored.body).toMatchObject({
      ok: false,
      firstBrokenSeq: checkpoint.seq,
      lastSeq: String(BigInt(checkpoint.seq) - 1n),
      problem: 'checkpoint',
      checkpointsMatched: 0,
    });
    expect(anchored.body.detail).toContain(`at or before seq ${checkpoint.seq}`);

    // A checkpoint taken after the forgery vouches only for the forged chain.
    const later = (await t.as('auditor').get('/api/v1/audit/checkpoint').expect(200)).body;
    expect((await t.as('auditor').post('/api/v1/audit/verify').send(later).expect(200)).body).toMatchObject({ ok: true });
    const both = await audit.verify([later, checkpoint]);
    expect(both).toMatchObject({ ok: false, firstBrokenSeq: checkpoint.seq, problem: 'checkpoint', checkpointsMatched: 0 });
  });

  it('catches a chain cut back to before a checkpoint, with audit_head moved back to match', async () => {
    const cp = await audit.checkpoint();
    const keep = BigInt(cp.seq) - 3n;
    await asSuperuser(t.config.DATABASE_URL, async (db) => {
      const { rows } = await db.query<{ hash: string }>('SELECT hash FROM audit_events WHERE seq = $1', [keep.toString()]);
      await db.query('DELETE FROM audit_events WHERE seq > $1', [keep.toString()]);
      await db.query('UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1', [keep.toString(), rows[0].hash]);
    });
    expect(await audit.verify()).toMatchObject({ ok: true });
    expect(await audit.verify([cp])).toMatchObject({
      ok: false,
      firstBrokenSeq: String(keep + 1n),
      lastSeq: keep.toString(),
      problem: 'missing',
      gap: { from: String(keep + 1n), to: cp.seq },
    });
  });
});

describe('verify names a gap by its first missing seq', () => {
  it('for one deleted event, and for several, with lastSeq the last intact seq', async () => {
    const other = await startTestApp({ config: { ROLE: 'api' } });
    try {
      const otherAudit = other.app.get(AuditService, { strict: false });
      await Promise.all(
        Array.from({ length: 40 }, (_, i) => otherAudit.record({ actor, action: 'test.gap', entityType: 'test', entityId: `g${i}`, payload: { i } })),
      );
      const { checked } = await otherAudit.verify();
      const deleted = BigInt(checked - 10);
      await asSuperuser(other.config.DATABASE_URL, (db) => db.query('DELETE FROM audit_events WHERE seq = $1', [deleted.toString()]));
      const one = await otherAudit.verify();
      expect(one).toMatchObject({
        ok: false,
        firstBrokenSeq: String(deleted),
        lastSeq: String(deleted - 1n),
        checked: Number(deleted) - 1,
        problem: 'missing',
        gap: { from: String(deleted), to: String(deleted) },
      });
      expect(one.detail).toMatch(new RegExp(`^gap ${deleted}–${deleted}: 1 event missing`));

      // An earlier, wider gap is the one named.
      await asSuperuser(other.config.DATABASE_URL, (db) =>
        db.query('DELETE FROM audit_events WHERE seq BETWEEN $1 AND $2', [String(deleted - 20n), String(deleted - 18n)]),
      );
      const three = await other.as('auditor').get('/api/v1/audit/verify').expect(200);
      expect(three.body).toMatchObject({
        ok: false,
        firstBrokenSeq: String(deleted - 20n),
        lastSeq: String(deleted - 21n),
        gap: { from: String(deleted - 20n), to: String(deleted - 18n) },
      });
      expect(three.body.detail).toContain('3 events missing');

      // An altered event is named as before, with lastSeq the one before it.
      await asSuperuser(other.config.DATABASE_URL, (db) => db.query(`UPDATE audit_events SET actor = 'someone' WHERE seq = 3`));
      expect(await otherAudit.verify()).toMatchObject({ ok: false, firstBrokenSeq: '3', lastSeq: '2', checked: 2, problem: 'hash' });
    } finally {
      await other.close();
    }
  });
});

describe('checkpoints without a key', () => {
  it('answer 409 naming the setting', async () => {
    const keyless = await startTestApp({ config: { ROLE: 'api' } });
    try {
      const res = await keyless.as('auditor').get('/api/v1/audit/checkpoint').expect(409);
      expect(res.body.message).toMatch(/AUDIT_CHECKPOINT_KEY/);
      const signed = await audit.checkpoint();
      expect((await keyless.as('auditor').post('/api/v1/audit/verify').send(signed).expect(409)).body.message).toMatch(/AUDIT_CHECKPOINT_PUBLIC_KEY/);
      // With the public key alone, the keyless app verifies but cannot sign.
      const verifier = await startTestApp({
        databaseUrl: keyless.config.DATABASE_URL,
        config: { ROLE: 'api', AUDIT_CHECKPOINT_PUBLIC_KEY: pair.publicKeyPem },
      });
      try {
        await verifier.as('auditor').get('/api/v1/audit/checkpoint').expect(409);
        expect((await verifier.as('auditor').post('/api/v1/audit/verify').send(signed).expect(200)).body).toMatchObject({
          checkpointsMatched: expect.any(Number),
        });
      } finally {
        await verifier.close();
      }
    } finally {
      await keyless.close();
    }
  });
});

describe('publishing', () => {
  it('appends a signed checkpoint every N events to a file, which verify accepts', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'published-')), 'checkpoints.jsonl');
    const app = await startTestApp({
      config: { ROLE: 'api', AUDIT_CHECKPOINT_KEY: pair.privateKeyPem, AUDIT_CHECKPOINT_PUBLISH_TO: file, AUDIT_CHECKPOINT_EVERY_EVENTS: 5 },
    });
    try {
      const appAudit = app.app.get(AuditService, { strict: false });
      await appAudit.verify(); // the first seal sets where the count starts
      for (let i = 0; i < 4; i++) {
        await Promise.all(
          Array.from({ length: 6 }, (_, j) => appAudit.record({ actor, action: 'test.publish', entityType: 'test', entityId: `p${i}-${j}` })),
        );
        await appAudit.verify();
      }
      const published = await eventually(
        async () =>
          existsSync(file) && parseCheckpoints(readFileSync(file, 'utf8'), file).length >= 3 && parseCheckpoints(readFileSync(file, 'utf8'), file),
      );
      expect(await appAudit.verify(published)).toMatchObject({ ok: true, checkpointsMatched: published.length });
    } finally {
      await app.close();
    }
  });

  it('publishes the head on an interval when it has moved', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'published-')), 'checkpoints.jsonl');
    const app = await startTestApp({
      config: { ROLE: 'api', AUDIT_CHECKPOINT_KEY: pair.privateKeyPem, AUDIT_CHECKPOINT_PUBLISH_TO: file, AUDIT_CHECKPOINT_EVERY_MINUTES: 0.005 },
    });
    try {
      const appAudit = app.app.get(AuditService, { strict: false });
      await appAudit.record({ actor, action: 'test.interval', entityType: 'test', entityId: 'i1' });
      await appAudit.verify();
      const head = await app.prisma.auditEvent.findFirstOrThrow({ orderBy: { seq: 'desc' } });
      const published = await eventually(
        async () => existsSync(file) && parseCheckpoints(readFileSync(file, 'utf8'), file).find((c) => c.seq === head.seq!.toString()),
      );
      expect(published.hash).toBe(head.hash);
    } finally {
      await app.close();
    }
  });

  it('keeps sealing when the target refuses', async () => {
    const app = await startTestApp({
      config: {
        ROLE: 'api',
        AUDIT_CHECKPOINT_KEY: pair.privateKeyPem,
        AUDIT_CHECKPOINT_PUBLISH_TO: 'http://127.0.0.1:9/checkpoints',
        AUDIT_CHECKPOINT_EVERY_EVENTS: 1,
      },
    });
    try {
      const appAudit = app.app.get(AuditService, { strict: false });
      for (let i = 0; i < 3; i++) {
        await appAudit.record({ actor, action: 'test.unpublished', entityType: 'test', entityId: `u${i}` });
        expect(await appAudit.verify()).toMatchObject({ ok: true, pending: 0 });
      }
    } finally {
      await app.close();
    }
  });
});

describe('command line', () => {
  /** Runs src/cli.ts in a process of its own, on this file's database and Redis. */
  function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const child = spawn(process.execPath, ['-r', join(root, 'test', 'support', 'ts-register.cjs'), join(root, 'src', 'cli.ts'), ...args], {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: t.config.DATABASE_URL,
        REDIS_URL: t.config.REDIS_URL,
        QUEUE_PREFIX: t.config.QUEUE_PREFIX,
        LOG_LEVEL: 'warn',
        ...env,
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    return new Promise((done) => child.once('exit', (code) => done({ code, stdout, stderr })));
  }

  it('makes a key, takes a checkpoint, and fails verify --checkpoint with exit code 2 once the chain was re-hashed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-cli-'));
    const keygen = await cli(['audit', 'keygen', '--out', join(dir, 'audit')]);
    expect(keygen).toMatchObject({ code: 0 });
    expect(keygen.stderr).toMatch(/key id [0-9a-f]{16}/);
    expect(statSync(join(dir, 'audit.key.pem')).mode & 0o077).toBe(0);
    expect(readFileSync(join(dir, 'audit.pub.pem'), 'utf8')).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect((await cli(['audit', 'keygen', '--out', join(dir, 'audit')])).code).toBe(1); // never overwrites

    const key = { AUDIT_CHECKPOINT_KEY: join(dir, 'audit.key.pem') };
    const taken = await cli(['audit', 'checkpoint', '--out', join(dir, 'cp.json')], key);
    expect(taken).toMatchObject({ code: 0 });
    const [cp] = parseCheckpoints(readFileSync(join(dir, 'cp.json'), 'utf8'), 'cp.json');

    const intact = await cli(['audit', 'verify', '--checkpoint', join(dir, 'cp.json'), '--public-key', join(dir, 'audit.pub.pem')]);
    expect(intact.code).toBe(0);
    expect(JSON.parse(intact.stdout)).toMatchObject({ ok: true, checkpointsMatched: 1 });

    // Signed by another key than the one given: refused.
    writeFileSync(join(dir, 'other.pub.pem'), generateCheckpointKeyPair().publicKeyPem);
    const foreign = await cli(['audit', 'verify', '--checkpoint', join(dir, 'cp.json'), '--public-key', join(dir, 'other.pub.pem')]);
    expect(foreign.code).toBe(2);
    expect(foreign.stderr).toMatch(/checkpoint refused: .*cp\.json#1\.keyId: signed by key/);

    await record(3, 'test.cli');
    await rewriteAndRehash(t, BigInt(cp.seq) - 1n);
    const plain = await cli(['audit', 'verify']);
    expect(JSON.parse(plain.stdout)).toMatchObject({ ok: true });
    expect(plain.code).toBe(0);
    const anchored = await cli(['audit', 'verify', '--checkpoint', join(dir, 'cp.json')], key);
    expect(anchored.code).toBe(2);
    expect(JSON.parse(anchored.stdout)).toMatchObject({ ok: false, firstBrokenSeq: cp.seq, problem: 'checkpoint' });
    expect(anchored.stderr).toContain(`the chain no longer extends a checkpoint: seq ${cp.seq} has hash`);
  }, 180_000);
});
