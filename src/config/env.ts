import { isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';
import { projectRoot } from '../common/project-root.js';
import { loadPrivateKey, loadPublicKey, pemText } from '../common/ed25519-keys.js';

export const ROLES = ['api', 'worker', 'all'] as const;
export type ProcessRole = (typeof ROLES)[number];

const fromRoot = (p: string) => (isAbsolute(p) ? p : resolve(projectRoot(), p));

/** An Ed25519 key given as PEM text or a file path (from the project root): checked here, kept as PEM. */
const pemKey = (load: (pem: string) => unknown) =>
  z.string().transform((value, ctx) => {
    try {
      const pem = pemText(value.includes('-----BEGIN') ? value : fromRoot(value));
      load(pem);
      return pem;
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  });

/** A URL for http(s), otherwise a file path (from the project root). */
const publishTarget = z
  .string()
  .min(1)
  .transform((value, ctx) => {
    if (!/^https?:\/\//i.test(value)) return fromRoot(value);
    if (!URL.canParse(value)) ctx.addIssue({ code: 'custom', message: `not a valid URL: ${value}` });
    return value;
  });

const isBareOrigin = (u: string) => {
  try {
    const url = new URL(u);
    return /^https?:$/.test(url.protocol) && url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password;
  } catch {
    return false;
  }
};

type CheckpointSettings = Partial<Record<'AUDIT_CHECKPOINT_KEY' | 'AUDIT_CHECKPOINT_PUBLISH_TO', string>> &
  Partial<Record<'AUDIT_CHECKPOINT_EVERY_EVENTS' | 'AUDIT_CHECKPOINT_EVERY_MINUTES', number>>;

/** "VARIABLE: what is wrong" when the publishing settings do not fit together, else undefined. */
function checkpointPublishingProblem(config: CheckpointSettings): string | undefined {
  const often = (config.AUDIT_CHECKPOINT_EVERY_EVENTS ?? 0) > 0 || (config.AUDIT_CHECKPOINT_EVERY_MINUTES ?? 0) > 0;
  if (often && !config.AUDIT_CHECKPOINT_PUBLISH_TO)
    return 'AUDIT_CHECKPOINT_PUBLISH_TO: required when AUDIT_CHECKPOINT_EVERY_EVENTS or AUDIT_CHECKPOINT_EVERY_MINUTES is set (a file, or an http(s) URL)';
  if (often && !config.AUDIT_CHECKPOINT_KEY) return 'AUDIT_CHECKPOINT_KEY: required to publish checkpoints (make one with `audit keygen`)';
  if (config.AUDIT_CHECKPOINT_PUBLISH_TO && !often)
    return 'AUDIT_CHECKPOINT_PUBLISH_TO: set AUDIT_CHECKPOINT_EVERY_EVENTS or AUDIT_CHECKPOINT_EVERY_MINUTES to say how often to publish';
  return undefined;
}

/** Every setting, validated once at boot: a bad value stops start-up naming the variable. */
export const envSchema = z.object({
  DATABASE_URL: z.url().optional(),
  REDIS_URL: z.url().optional(),
  /** `1`: without DATABASE_URL / REDIS_URL, `main.js` starts PostgreSQL and Redis in DATA_DIR (for
   *  trying the service out). The demo, the command line and the tests do so without being asked. */
  EMBEDDED_SERVICES: z
    .enum(['0', '1'])
    .default('0')
    .transform((v) => v === '1'),
  ROLE: z.enum(ROLES).default('all'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  CCG_REGISTER: z.string().default('../shared/data/ccg-2013/ccg_2013_seed.csv').transform(fromRoot),
  /** Rule sets, `rules/<family>/*.json`, and what they name beside them (authorisation's criteria
   *  catalogue, `rules/authorisation/<parameters.catalogue>`). */
  RULES_DIR: z.string().default('rules').transform(fromRoot),
  TEMPLATES_DIR: z.string().default('templates').transform(fromRoot),
  DATA_DIR: z.string().default('.data').transform(fromRoot),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/)
    .default('ccg'),
  // Jobs wait on shared commits (group commit), so more in flight means fuller batches.
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(200).default(32),
  RECONCILE_INTERVAL_MS: z.coerce.number().int().min(0).default(30000),
  /** An assessment queued for longer than this with no job in Redis is re-enqueued. */
  RECONCILE_GRACE_MS: z.coerce.number().int().min(0).default(10000),
  /** How often workers rebuild the authorisation condition-review schedule from the database
   *  (0: at start-up only). */
  AUTHORISATION_REVIEW_SWEEP_MS: z.coerce.number().int().min(0).default(60000),
  /** How often a process reads the published rule-set versions again, besides the notification
   *  each publishing sends over Redis (0: on notifications only). */
  RULE_SETS_REFRESH_MS: z.coerce.number().int().min(0).default(30000),
  BODY_LIMIT: z.string().default('1mb'),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Signs audit checkpoints (see `audit keygen`); unset: no checkpoints. */
  AUDIT_CHECKPOINT_KEY: pemKey(loadPrivateKey).optional(),
  /** Checks checkpoint signatures; unset: the public half of AUDIT_CHECKPOINT_KEY. */
  AUDIT_CHECKPOINT_PUBLIC_KEY: pemKey(loadPublicKey).optional(),
  /** Publish a checkpoint to AUDIT_CHECKPOINT_PUBLISH_TO every N sealed events and/or every M minutes (0: off). */
  AUDIT_CHECKPOINT_EVERY_EVENTS: z.coerce.number().int().min(0).default(0),
  AUDIT_CHECKPOINT_EVERY_MINUTES: z.coerce.number().min(0).default(0),
  /** An http(s) URL (each checkpoint POSTed as JSON) or a file (JSON lines appended). */
  AUDIT_CHECKPOINT_PUBLISH_TO: publishTarget.optional(),
  /** How long a stopping process waits for active jobs, the last seal and the connections to close
   *  before it leaves anyway (a vanished PostgreSQL or Redis would otherwise hold it forever). */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).default(15000),
  /** The address people open the console at, when a proxy in front changes its host or scheme
   *  (e.g. https://oversight.example.org): console forms and the queue dashboard accept changes
   *  sent from it as well as from the address the request itself was made to. */
  PUBLIC_ORIGIN: z
    .url()
    .refine(isBareOrigin, 'must be a bare http(s) origin, no path, such as https://oversight.example.org')
    .transform((u) => new URL(u).origin)
    .optional(),
});

export type AppConfig = z.infer<typeof envSchema> & { DATABASE_URL: string; REDIS_URL: string };

export class ConfigError extends Error {}

/** Parses the environment. DATABASE_URL and REDIS_URL must be resolved by the caller (from the
 *  environment, or by starting the embedded services: see resolveInfrastructure) before the app
 *  module is built. */
export function parseEnv(env: NodeJS.ProcessEnv = process.env): z.infer<typeof envSchema> {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`setting ${issue.path.join('.')}: ${issue.message}`);
  }
  const publishing = checkpointPublishingProblem(parsed.data);
  if (publishing) throw new ConfigError(`setting ${publishing}`);
  return parsed.data;
}

export const dataDirFor = (config: Pick<AppConfig, 'DATA_DIR'>, ...parts: string[]) => join(config.DATA_DIR, ...parts);
