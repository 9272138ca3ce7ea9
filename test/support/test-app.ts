// Boots the real application (every module, real PostgreSQL and Redis) on a database and a
// BullMQ prefix of the test file's own, with one API key per role.
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import request from 'supertest';
import { AppModule } from '../../src/app.module.js';
import { API_ROLES, type ApiRole } from '../../src/auth/api-key.js';
import { ApiKeysService } from '../../src/auth/api-keys.service.js';
import { SYSTEM_ACTOR } from '../../src/auth/actor.js';
import { EVALUATION_QUEUE } from '../../src/assessments/evaluation.job.js';
import type { AppConfig } from '../../src/config/app-config.js';
import { parseEnv } from '../../src/config/env.js';
import { configureHttpApp } from '../../src/http-app.js';
import { PrismaService } from '../../src/prisma/prisma.service.js';
import { createTestDatabase, testRedisPrefix, testRedisUrl } from './test-database.js';

/** Supertest with a key already set. */
export interface AsKey {
  get(url: string): request.Test;
  post(url: string): request.Test;
  delete(url: string): request.Test;
}

/** The CCG the `ccg` key of `keys` is bound to; `ccgKey(code)` makes keys for others. */
export const TEST_CCG = '00C';

export interface TestApp {
  app: NestExpressApplication;
  config: AppConfig;
  prisma: PrismaService;
  /** One key per role; the `ccg` one is bound to TEST_CCG. */
  keys: Record<ApiRole, string>;
  /** Supertest with a role's key already set. */
  as(role: ApiRole): AsKey;
  /** A new `ccg` key bound to the CCG `code`, and supertest with it set. */
  ccgKey(code: string, name?: string): Promise<{ id: string; key: string; as: AsKey }>;
  /** Another key of a national role (a second admin, for four eyes), and supertest with it set. */
  roleKey(role: Exclude<ApiRole, 'ccg'>, name: string): Promise<{ id: string; key: string; as: AsKey }>;
  queue(): Queue;
  /** Submits an assessment through the API as `role` and waits until the worker has put it in
   *  the review queue; returns it as `GET /api/v1/assessments/:id` does. A failed evaluation
   *  fails the test with its error. */
  submitAndWait(body: object, role?: ApiRole): Promise<AssessmentJson>;
  close(): Promise<void>;
}

/** An assessment as the API returns it: the fields every test reads, and the rest as JSON. */
export type AssessmentJson = { id: string; status: string; evaluations: { id: string }[]; decisions: { id: string }[] } & Record<string, unknown>;

export interface TestAppOptions {
  config?: Partial<AppConfig>;
  /** Reuse another app's database (e.g. to start a second process role on it). */
  databaseUrl?: string;
}

export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const db = options.databaseUrl ? undefined : await createTestDatabase();
  const config: AppConfig = {
    ...parseEnv({}),
    DATABASE_URL: options.databaseUrl ?? db!.url,
    REDIS_URL: testRedisUrl(),
    QUEUE_PREFIX: testRedisPrefix(),
    ROLE: 'all',
    LOG_LEVEL: 'silent',
    RECONCILE_INTERVAL_MS: 0,
    WORKER_CONCURRENCY: 4,
    ...options.config,
  };
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { bodyParser: false, logger: false });
  configureHttpApp(app, config);
  await app.init();

  const keys = {} as Record<ApiRole, string>;
  const apiKeys = app.get(ApiKeysService, { strict: false });
  for (const role of API_ROLES) keys[role] = (await apiKeys.create(role, `test-${role}`, SYSTEM_ACTOR)).key;
  keys.ccg = (await apiKeys.create('ccg', `test-ccg-${TEST_CCG}`, SYSTEM_ACTOR, TEST_CCG)).key;

  const server = app.getHttpServer();
  const withKey = (key: string): AsKey => {
    const auth = { Authorization: `Bearer ${key}` };
    return {
      get: (url: string) => request(server).get(url).set(auth),
      post: (url: string) => request(server).post(url).set(auth),
      delete: (url: string) => request(server).delete(url).set(auth),
    };
  };
  const as = (role: ApiRole) => withKey(keys[role]);
  const ccgKey = async (code: string, name = `test-ccg-${code}`) => {
    const created = await apiKeys.create('ccg', name, SYSTEM_ACTOR, code);
    return { id: created.id, key: created.key, as: withKey(created.key) };
  };
  const roleKey = async (role: Exclude<ApiRole, 'ccg'>, name: string) => {
    const created = await apiKeys.create(role, name, SYSTEM_ACTOR);
    return { id: created.id, key: created.key, as: withKey(created.key) };
  };
  return {
    app,
    config,
    prisma: app.get(PrismaService),
    keys,
    as,
    ccgKey,
    roleKey,
    queue: () => app.get<Queue>(getQueueToken(EVALUATION_QUEUE), { strict: false }),
    submitAndWait: async (body, role = 'board') => {
      const res = await as(role).post('/api/v1/assessments').send(body).expect(202);
      const id: string = res.body.id;
      return eventually(
        async () => {
          const a = await as('board').get(`/api/v1/assessments/${id}`).expect(200);
          if (a.body.status === 'failed') throw new Error(`assessment ${id} failed: ${a.body.error}`);
          return a.body.status === 'awaiting_review' ? (a.body as AssessmentJson) : undefined;
        },
        20000,
        `assessment ${id} awaiting review`,
      );
    },
    close: async () => {
      await app.close();
      await db?.drop();
    },
  };
}

/** Polls until `check` returns a value (not undefined/false), or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined | false>, timeoutMs = 15000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
