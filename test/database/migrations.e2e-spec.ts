// The SQL migrations are written by hand or by Prisma on another machine, and applied by our
// own migrator: these tests keep them honest against schema.prisma and Prisma's bookkeeping.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PrismaPg } from '@prisma/adapter-pg';
import { Client } from 'pg';
import { PrismaClient } from '../../src/generated/prisma/client.js';
import { applyMigrations, defaultMigrationsDir } from '../../src/database/migrator.js';
import { createTestDatabase } from '../support/test-database.js';

// Jest reads testTimeout from the top-level config only, not from a project's.
jest.setTimeout(60_000);

const root = join(__dirname, '..', '..');
const migrationsDir = join(root, 'prisma', 'migrations');
const folders = readdirSync(migrationsDir, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();
const sha256 = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

async function withClient<T>(url: string, work: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

// --- Prisma's DMMF: its own parse of schema.prisma --------------------------------------------

interface DmmfField {
  name: string;
  dbName: string | null;
  kind: 'scalar' | 'enum' | 'object' | 'unsupported';
  type: string;
  isList: boolean;
  isRequired: boolean;
  nativeType: [string, string[]] | null;
  relationFromFields?: string[];
  relationToFields?: string[];
}
interface DmmfModel {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
}
interface DmmfDatamodel {
  models: DmmfModel[];
  enums: { name: string; dbName: string | null; values: { name: string; dbName: string | null }[] }[];
  indexes: { model: string; type: 'id' | 'unique' | 'normal' | 'fulltext'; fields: { name: string }[] }[];
}

/**
 * The generated client's runtime data model is pruned in Prisma 7 (no nullability, no enum
 * values), so the DMMF comes from Prisma itself: `prisma generate` with a generator that dumps it.
 * The schema engine is not involved, so this works offline.
 */
async function loadDmmf(): Promise<DmmfDatamodel> {
  const dir = mkdtempSync(join(tmpdir(), 'ccg-dmmf-'));
  try {
    const out = join(dir, 'dmmf.json');
    const schema = readFileSync(join(root, 'prisma', 'schema.prisma'), 'utf8').replace(/generator\s+\w+\s*\{[^}]*\}/g, '');
    const provider = `node ${join(root, 'test', 'support', 'dmmf-generator.cjs')}`;
    writeFileSync(
      join(dir, 'schema.prisma'),
      `${schema}\ngenerator dmmf {\n  provider = ${JSON.stringify(provider)}\n  output   = ${JSON.stringify(out)}\n}\n`,
    );
    await promisify(execFile)(
      process.execPath,
      [join(root, 'node_modules', 'prisma', 'build', 'index.js'), 'generate', '--schema', join(dir, 'schema.prisma')],
      {
        cwd: dir,
        env: {
          ...process.env,
          // The CLI looks for a schema engine before any command although generate never runs it.
          PRISMA_SCHEMA_ENGINE_BINARY: process.execPath,
          DATABASE_URL: 'postgresql://unused@localhost/unused',
          PRISMA_HIDE_UPDATE_MESSAGE: '1',
          CHECKPOINT_DISABLE: '1',
        },
      },
    );
    return JSON.parse(readFileSync(out, 'utf8')) as DmmfDatamodel;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The PostgreSQL column type Prisma's migrations give a field (information_schema spelling). */
function expectedColumnType(field: DmmfField, enumDbName: (name: string) => string): string {
  if (field.kind === 'enum') return `USER-DEFINED ${enumDbName(field.type)}`;
  const [native, args] = field.nativeType ?? [undefined, []];
  const precision = args[0] ?? '3';
  switch (`${field.type}/${native ?? ''}`) {
    case 'String/':
      return 'text';
    case 'String/Text':
      return 'text';
    case 'String/Uuid':
      return 'uuid';
    case 'String/VarChar':
      return 'character varying';
    case 'Int/':
      return 'integer';
    case 'BigInt/':
      return 'bigint';
    case 'Boolean/':
      return 'boolean';
    case 'Float/':
      return 'double precision';
    case 'Decimal/':
      return 'numeric';
    case 'Json/':
      return 'jsonb';
    case 'Bytes/':
      return 'bytea';
    case 'DateTime/':
      return 'timestamp without time zone(3)';
    case 'DateTime/Timestamp':
      return `timestamp without time zone(${precision})`;
    case 'DateTime/Timestamptz':
      return `timestamp with time zone(${precision})`;
    case 'DateTime/Date':
      return 'date';
    default:
      throw new Error(`no expected PostgreSQL type for ${field.type} ${native ?? ''}: extend expectedColumnType()`);
  }
}

interface DbColumn {
  table_name: string;
  column_name: string;
  is_nullable: 'YES' | 'NO';
  data_type: string;
  udt_name: string;
  datetime_precision: number | null;
}

/** information_schema calls every array `ARRAY`; the element type is in udt_name (`_int4`). */
const ARRAY_ELEMENTS: Record<string, string> = {
  _int4: 'integer',
  _int8: 'bigint',
  _text: 'text',
  _uuid: 'uuid',
  _bool: 'boolean',
  _date: 'date',
  _jsonb: 'jsonb',
};

function describeDbType(c: DbColumn): string {
  if (c.data_type === 'ARRAY') return `${ARRAY_ELEMENTS[c.udt_name] ?? c.udt_name}[]`;
  if (c.data_type === 'USER-DEFINED') return `USER-DEFINED ${c.udt_name}`;
  if (c.data_type.startsWith('timestamp')) return `${c.data_type}(${c.datetime_precision ?? ''})`;
  return c.data_type;
}

describe('migrations', () => {
  describe('the migrated database matches prisma/schema.prisma', () => {
    let dmmf: DmmfDatamodel;
    let db: { url: string; drop(): Promise<void> };
    let columns: DbColumn[];
    let enums: Map<string, string[]>;
    let indexes: string[];
    let foreignKeys: string[];

    const tableOf = (m: DmmfModel): string => m.dbName ?? m.name;
    const columnOf = (f: DmmfField): string => f.dbName ?? f.name;
    const enumDbName = (name: string): string => {
      const e = dmmf.enums.find((x) => x.name === name);
      return e?.dbName ?? name;
    };
    const stored = (m: DmmfModel): DmmfField[] => m.fields.filter((f) => f.kind === 'scalar' || f.kind === 'enum');

    beforeAll(async () => {
      [dmmf, db] = await Promise.all([loadDmmf(), createTestDatabase()]);
      await withClient(db.url, async (c) => {
        columns = (
          await c.query<DbColumn>(
            `SELECT table_name, column_name, is_nullable, data_type, udt_name, datetime_precision
               FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`,
          )
        ).rows;
        const labels = await c.query<{ name: string; labels: string[] }>(
          `SELECT t.typname AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels
             FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
            WHERE n.nspname = 'public' GROUP BY t.typname`,
        );
        enums = new Map(labels.rows.map((r) => [r.name, r.labels]));
        indexes = (
          await c.query<{ d: string }>(
            `SELECT t.relname || '(' || string_agg(a.attname, ',' ORDER BY k.ord) || ') ' ||
                    CASE WHEN i.indisprimary THEN 'id' WHEN i.indisunique THEN 'unique' ELSE 'normal' END AS d
               FROM pg_index i
               JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
               CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
               JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
              WHERE n.nspname = 'public' AND t.relname <> '_prisma_migrations'
              GROUP BY t.relname, i.indexrelid, i.indisprimary, i.indisunique`,
          )
        ).rows.map((r) => r.d);
        foreignKeys = (
          await c.query<{ d: string }>(
            `SELECT src.relname || '(' || (SELECT string_agg(a.attname, ',' ORDER BY k.ord) FROM unnest(con.conkey) WITH ORDINALITY k(n, ord)
                      JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n) || ') -> ' ||
                    dst.relname || '(' || (SELECT string_agg(a.attname, ',' ORDER BY k.ord) FROM unnest(con.confkey) WITH ORDINALITY k(n, ord)
                      JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n) || ')' AS d
               FROM pg_constraint con JOIN pg_class src ON src.oid = con.conrelid JOIN pg_class dst ON dst.oid = con.confrelid
               JOIN pg_namespace n ON n.oid = src.relnamespace
              WHERE con.contype = 'f' AND n.nspname = 'public'`,
          )
        ).rows.map((r) => r.d);
      });
    });
    afterAll(async () => {
      await db?.drop();
    });

    it('has one table per model, and no other (besides _prisma_migrations)', () => {
      const tables = [...new Set(columns.map((c) => c.table_name))].filter((t) => t !== '_prisma_migrations').sort();
      expect(tables).toEqual(dmmf.models.map(tableOf).sort());
    });

    it('has exactly the columns of every model, with their nullability and types', () => {
      const fromDb = columns
        .filter((c) => c.table_name !== '_prisma_migrations')
        .map((c) => `${c.table_name}.${c.column_name} ${c.is_nullable === 'YES' ? 'NULL' : 'NOT NULL'} ${describeDbType(c)}`)
        .sort();
      const fromSchema = dmmf.models
        .flatMap((m) =>
          stored(m).map(
            (f) =>
              `${tableOf(m)}.${columnOf(f)} ${f.isRequired || f.isList ? 'NOT NULL' : 'NULL'} ${expectedColumnType(f, enumDbName)}${f.isList ? '[]' : ''}`,
          ),
        )
        .sort();
      expect(fromDb).toEqual(fromSchema);
    });

    it('has the enums of the schema with the same values in the same order', () => {
      const fromSchema = new Map(dmmf.enums.map((e) => [e.dbName ?? e.name, e.values.map((v) => v.dbName ?? v.name)]));
      expect(Object.fromEntries(enums)).toEqual(Object.fromEntries(fromSchema));
    });

    it('has the ids, unique constraints and indexes of the schema', () => {
      const fromSchema = dmmf.indexes.map((ix) => {
        const model = dmmf.models.find((m) => m.name === ix.model);
        if (!model) throw new Error(`index on unknown model ${ix.model}`);
        const cols = ix.fields.map((f) => columnOf(model.fields.find((x) => x.name === f.name) ?? ({ name: f.name, dbName: null } as DmmfField)));
        return `${tableOf(model)}(${cols.join(',')}) ${ix.type}`;
      });
      expect([...indexes].sort()).toEqual(fromSchema.sort());
    });

    it('has the foreign keys of the schema relations', () => {
      const fromSchema = dmmf.models.flatMap((m) =>
        m.fields
          .filter((f) => f.kind === 'object' && (f.relationFromFields?.length ?? 0) > 0)
          .map((f) => {
            const target = dmmf.models.find((x) => x.name === f.type);
            if (!target) throw new Error(`relation to unknown model ${f.type}`);
            const col = (model: DmmfModel, name: string): string => columnOf(model.fields.find((x) => x.name === name) as DmmfField);
            return `${tableOf(m)}(${(f.relationFromFields ?? []).map((n) => col(m, n)).join(',')}) -> ${tableOf(target)}(${(f.relationToFields ?? []).map((n) => col(target, n)).join(',')})`;
          }),
      );
      expect([...foreignKeys].sort()).toEqual(fromSchema.sort());
    });

    it('is what the generated Prisma client was generated from (run `npm run prisma:generate` if not)', async () => {
      // The runtime data model the application's client queries with: table and column names.
      const client = new PrismaClient({ adapter: new PrismaPg({ connectionString: db.url }) });
      try {
        const runtime = (
          client as unknown as {
            _runtimeDataModel: {
              models: Record<string, { dbName: string | null; fields: { name: string; kind: string; dbName?: string | null }[] }>;
            };
          }
        )._runtimeDataModel;
        const generated = Object.entries(runtime.models)
          .flatMap(([name, m]) => m.fields.filter((f) => f.kind !== 'object').map((f) => `${m.dbName ?? name}.${f.dbName ?? f.name}`))
          .sort();
        const schema = dmmf.models.flatMap((m) => stored(m).map((f) => `${tableOf(m)}.${columnOf(f)}`)).sort();
        expect(generated).toEqual(schema);
      } finally {
        await client.$disconnect();
      }
    });
  });

  describe('bookkeeping', () => {
    it('finds the project migrations from source', () => {
      expect(defaultMigrationsDir()).toBe(migrationsDir);
    });

    it('applies every migration once, recording them as `prisma migrate deploy` does', async () => {
      const db = await createTestDatabase({ empty: true });
      try {
        expect(await applyMigrations(db.url, migrationsDir)).toEqual({ applied: folders });
        expect(await applyMigrations(db.url, migrationsDir)).toEqual({ applied: [] });
        const rows = await withClient(
          db.url,
          async (c) =>
            (
              await c.query<{
                migration_name: string;
                checksum: string;
                finished: boolean;
                rolled_back_at: Date | null;
                applied_steps_count: number;
                logs: string | null;
                id: string;
              }>(
                `SELECT id, migration_name, checksum, finished_at >= started_at AS finished, rolled_back_at, applied_steps_count, logs
                 FROM _prisma_migrations ORDER BY migration_name`,
              )
            ).rows,
        );
        expect(rows).toEqual(
          folders.map((name) => ({
            id: expect.stringMatching(/^[0-9a-f-]{36}$/),
            migration_name: name,
            checksum: sha256(join(migrationsDir, name, 'migration.sql')),
            finished: true,
            rolled_back_at: null,
            applied_steps_count: 1,
            logs: null,
          })),
        );
      } finally {
        await db.drop();
      }
    });

    it('has nothing to apply to a copy of the test template', async () => {
      const db = await createTestDatabase();
      try {
        expect(await applyMigrations(db.url, migrationsDir)).toEqual({ applied: [] });
      } finally {
        await db.drop();
      }
    });

    it('serialises concurrent migrators: each migration runs once', async () => {
      const db = await createTestDatabase({ empty: true });
      try {
        const runs = await Promise.all([1, 2, 3].map(() => applyMigrations(db.url, migrationsDir)));
        expect(runs.flatMap((r) => r.applied).sort()).toEqual(folders);
        const count = await withClient(
          db.url,
          async (c) => (await c.query<{ n: string }>('SELECT count(*) AS n FROM _prisma_migrations')).rows[0]?.n,
        );
        expect(Number(count)).toBe(folders.length);
      } finally {
        await db.drop();
      }
    });

    describe('with a copy of the migrations folder', () => {
      let dir: string;
      beforeEach(() => {
        dir = mkdtempSync(join(tmpdir(), 'ccg-migrations-'));
        cpSync(migrationsDir, dir, { recursive: true });
      });
      afterEach(() => rmSync(dir, { recursive: true, force: true }));

      it('refuses to run when an applied migration file was modified', async () => {
        const db = await createTestDatabase({ empty: true });
        try {
          await applyMigrations(db.url, dir);
          const first = folders[0];
          appendFileSync(join(dir, first, 'migration.sql'), '\n-- edited afterwards\n');
          await expect(applyMigrations(db.url, dir)).rejects.toThrow(`Migration ${first} was modified after it was applied`);
        } finally {
          await db.drop();
        }
      });

      it('rolls a failing migration back entirely and applies it once fixed', async () => {
        const db = await createTestDatabase({ empty: true });
        try {
          const name = '99990101000000_broken';
          mkdirSync(join(dir, name));
          writeFileSync(join(dir, name, 'migration.sql'), 'CREATE TABLE "half_done" (id int);\nSELECT no_such_function();\n');
          await expect(applyMigrations(db.url, dir)).rejects.toThrow(`Migration ${name} failed and was rolled back`);
          const state = await withClient(db.url, async (c) => ({
            recorded: (await c.query('SELECT 1 FROM _prisma_migrations WHERE migration_name = $1', [name])).rowCount,
            table: (await c.query("SELECT to_regclass('half_done') AS t")).rows[0],
          }));
          expect(state).toEqual({ recorded: 0, table: { t: null } });

          writeFileSync(join(dir, name, 'migration.sql'), 'CREATE TABLE "half_done" (id int);\n');
          expect(await applyMigrations(db.url, dir)).toEqual({ applied: [name] });
        } finally {
          await db.drop();
        }
      });
    });
  });

  describe('audit_events is append-only', () => {
    let db: { url: string; drop(): Promise<void> };
    let client: Client;
    const insert = (seq: number): Promise<unknown> =>
      client.query(
        `INSERT INTO audit_events (seq, at, actor, actor_role, action, entity_type, entity_id, payload, prev_hash, hash)
         VALUES ($1, now(), 'tester', 'admin', 'test.event', 'test', 'x', '{"n":1}', $2, $3)`,
        [seq, '0'.repeat(64), createHash('sha256').update(String(seq)).digest('hex')],
      );

    beforeAll(async () => {
      db = await createTestDatabase();
      client = new Client({ connectionString: db.url });
      await client.connect();
      await insert(1);
    });
    afterAll(async () => {
      await client?.end();
      await db?.drop();
    });

    it('accepts an INSERT', async () => {
      await insert(2);
      const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM audit_events');
      expect(Number(rows[0]?.n)).toBe(2);
    });

    it.each([
      ['UPDATE', "UPDATE audit_events SET actor = 'someone else' WHERE seq = 1"],
      ['DELETE', 'DELETE FROM audit_events WHERE seq = 1'],
      ['TRUNCATE', 'TRUNCATE audit_events'],
    ])('refuses %s', async (op, sql) => {
      await expect(client.query(sql)).rejects.toMatchObject({
        message: `audit_events is append-only: ${op} refused`,
        code: '42501', // insufficient_privilege
      });
      const { rows } = await client.query<{ actor: string }>('SELECT actor FROM audit_events WHERE seq = 1');
      expect(rows).toEqual([{ actor: 'tester' }]);
    });
  });
});
