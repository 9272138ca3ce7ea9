// The OpenAPI document at /docs-json shows the request bodies of the write routes and each family's
// facts, generated from the zod schemas that validate them: what it says is required is what
// intake refuses without.
import request from 'supertest';
import { z } from 'zod';
import { ASSESSMENT_STATUSES, PROVENANCES, queueQuerySchema } from '../../src/assessments/assessment.schemas.js';
import { exportSchema as auditExportQuery, querySchema as auditQuery } from '../../src/audit/audit.controller.js';
import { reviewsDueQuerySchema, summaryQuerySchema } from '../../src/authorisation/authorisation.controller.js';
import { ccgListQuerySchema } from '../../src/ccgs/ccgs.controller.js';
import { dashboardQuery, levelsQuery, principlesQuery } from '../../src/intervention/intervention.controller.js';
import { annualReportQuery, quarterlyReportQuery } from '../../src/barriers/reports/barrier-reports.controller.js';
import { assessmentAcceptedSchema, batchResultSchema, errorBodySchema, issuedDecisionSchema } from '../../src/common/api-responses.js';
import { familyComponentName } from '../../src/common/openapi.js';
import { FamilyRegistry } from '../../src/rules/family-registry.js';
import { proposalQuerySchema } from '../../src/rule-changes/rule-set-proposals.service.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { qpAssessment, qpFacts } from '../support/qp-facts.js';

interface Schema {
  type?: string;
  required?: string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  enum?: unknown[];
  anyOf?: Schema[];
  additionalProperties?: boolean | Schema;
  $ref?: string;
}
interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: Schema;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema: Schema }> };
  responses: Record<string, { description: string }>;
}
interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

let t: TestApp;
let doc: OpenApi;
beforeAll(async () => {
  t = await startTestApp();
  doc = (await request(t.app.getHttpServer()).get('/docs-json').expect(200)).body as OpenApi;
});
afterAll(() => t.close());

const bodyOf = (path: string, method = 'post'): Schema => {
  const operation = doc.paths[path]?.[method];
  if (!operation?.requestBody) throw new Error(`no request body documented for ${method.toUpperCase()} ${path}`);
  return operation.requestBody.content['application/json'].schema;
};

describe('OpenAPI document', () => {
  it('documents the assessment request body: its required fields, the provenance enum, no other fields', () => {
    const body = bodyOf('/api/v1/assessments');
    expect(body.type).toBe('object');
    expect(body.required).toEqual(expect.arrayContaining(['family', 'subject', 'period', 'facts']));
    expect(body.required).not.toContain('provenance'); // it has a default
    expect(body.properties?.provenance.enum).toEqual([...PROVENANCES]);
    expect(body.properties?.provenance.enum).toEqual(expect.arrayContaining(['submitted', 'synthetic', 'sample']));
    expect(body.properties?.facts.type).toBe('object');
    expect(body.additionalProperties).toBe(false);
    expect(doc.paths['/api/v1/assessments'].post.responses['202']).toBeDefined();
  });

  it('documents a batch as items, each an assessment request', () => {
    const path = Object.keys(doc.paths).find((p) => p.startsWith('/api/v1/assessments') && p.endsWith(':batch'));
    expect(path).toBeDefined();
    const body = bodyOf(path!);
    expect(body.required).toEqual(['items']);
    expect(body.properties?.items.type).toBe('array');
    expect(body.properties?.items.items?.required).toEqual(expect.arrayContaining(['family', 'subject', 'period', 'facts']));
  });

  it('documents the body of every other write route', () => {
    expect(bodyOf('/api/v1/decisions/{id}/confirm').properties).toHaveProperty('amends');
    expect(bodyOf('/api/v1/decisions/{id}/override').required).toEqual(expect.arrayContaining(['reason', 'outcome']));
    expect(bodyOf('/api/v1/proposals/{ref}/judgements').required).toEqual(['judgements']);
    expect(bodyOf('/api/v1/proposals/{ref}/issue').properties).toHaveProperty('actions');
    expect(bodyOf('/api/v1/intervention/sweeps').required).toEqual(['quarter']);
    expect(bodyOf('/api/v1/barriers/sweeps').required).toEqual(['quarter']);
    expect(bodyOf('/api/v1/api-keys').properties?.role.enum).toEqual(expect.arrayContaining(['board', 'admin']));
    const verify = bodyOf('/api/v1/audit/verify');
    expect(verify.anyOf?.map((s) => s.required)).toEqual(
      expect.arrayContaining([expect.arrayContaining(['seq', 'hash', 'signature']), ['checkpoints']]),
    );
  });

  it("names each family's facts schema as a component, Quality Premium's with its gateways", () => {
    const families = t.app.get(FamilyRegistry, { strict: false }).all();
    for (const family of families) expect(doc.components.schemas).toHaveProperty(familyComponentName(family.id, 'Facts'));
    const qp = doc.components.schemas.QualityPremiumFacts;
    expect(qp.type).toBe('object');
    expect(qp.properties).toHaveProperty('gateways');
    expect(qp.required).toContain('gateways');
    expect(doc.components.schemas).toHaveProperty('QualityPremiumOverride');
  });

  it('says what validation enforces: a fact the component requires is refused by intake when missing', async () => {
    const qp = doc.components.schemas.QualityPremiumFacts;
    for (const field of qp.required ?? []) {
      const facts = qpFacts();
      delete facts[field];
      const res = await t.as('board').post('/api/v1/assessments').send(qpAssessment('00C', facts)).expect(422);
      expect(res.body.issues).toEqual(expect.arrayContaining([expect.objectContaining({ field: `facts.${field}` })]));
    }
  });

  it('has no reference to a schema it does not define', () => {
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]);
    for (const ref of refs) {
      expect(ref).toMatch(/^#\/components\/schemas\//);
      expect(doc.components.schemas).toHaveProperty(ref.split('/').pop()!);
    }
  });
});

describe('query parameters', () => {
  /** Every route that reads a query string, and the zod schema its controller parses it with. */
  const ROUTES: [string, z.ZodObject][] = [
    ['/api/v1/assessments', queueQuerySchema],
    ['/api/v1/audit', auditQuery],
    ['/api/v1/audit/export', auditExportQuery],
    ['/api/v1/ccgs', ccgListQuerySchema],
    ['/api/v1/intervention/dashboard', dashboardQuery],
    ['/api/v1/intervention/ccgs/{code}/levels', levelsQuery],
    ['/api/v1/rulesets/intervention/principles', principlesQuery],
    ['/api/v1/authorisation/summary', summaryQuerySchema],
    ['/api/v1/authorisation/reviews-due', reviewsDueQuerySchema],
    ['/api/v1/barriers/reports/quarterly', quarterlyReportQuery],
    ['/api/v1/barriers/reports/annual', annualReportQuery],
    ['/api/v1/rule-sets/proposals', proposalQuerySchema],
  ];
  const queryOf = (path: string): Parameter[] => (doc.paths[path]?.get?.parameters ?? []).filter((p) => p.in === 'query');
  /** A schema's types: its own, or those of its alternatives. */
  const typesOf = (s: Schema | undefined): string[] =>
    [...new Set([s?.type, ...(s?.anyOf ?? []).flatMap(typesOf)].filter((t): t is string => !!t))].sort();

  it.each(ROUTES)('GET %s documents each parameter its schema takes, with its type and whether required', (path, schema) => {
    const documented = queryOf(path);
    expect(documented.map((p) => p.name).sort()).toEqual(Object.keys(schema.shape).sort());
    // What the schema itself says of each key, read here independently of the decorator.
    const json = z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'input', unrepresentable: 'any' }) as Schema;
    for (const p of documented) {
      const own = json.properties![p.name];
      expect({ name: p.name, types: typesOf(p.schema), enum: p.schema?.enum, required: p.required ?? false }).toEqual({
        name: p.name,
        types: typesOf(own),
        enum: own.enum,
        required: (json.required ?? []).includes(p.name),
      });
      expect(typesOf(p.schema).length).toBeGreaterThan(0);
    }
  });

  it('says what a reader needs of the list routes: paging numbers are integers, statuses an enum, a year required', () => {
    const byName = (path: string) => Object.fromEntries(queryOf(path).map((p) => [p.name, p]));
    const assessments = byName('/api/v1/assessments');
    expect(assessments.page.schema).toMatchObject({ type: 'integer', minimum: 1 });
    expect(assessments.pageSize.schema).toMatchObject({ type: 'integer', maximum: 200 });
    expect(assessments.status.schema?.enum).toEqual([...ASSESSMENT_STATUSES]);
    expect(byName('/api/v1/audit').limit.schema).toMatchObject({ type: 'integer', default: 100 });
    expect(byName('/api/v1/audit/export').format.schema?.enum).toEqual(['csv', 'jsonl']);
    expect(byName('/api/v1/intervention/ccgs/{code}/levels').year.required).toBe(true);
    expect(byName('/api/v1/ccgs').region.schema?.type).toBe('string');
  });

  it('a parameter the document does not list is refused, naming it', async () => {
    for (const [path] of ROUTES.filter(
      ([p]) => !p.includes('{') && !p.endsWith('/export') && !p.endsWith('/principles') && !p.includes('/barriers/reports/'),
    )) {
      const res = await t.as('auditor').get(`${path}?notListed=1`);
      const refused = res.status === 400 || res.status === 422;
      expect({ path, refused, fields: (res.body.issues ?? []).map((i: { field: string }) => i.field) }).toEqual({
        path,
        refused: true,
        fields: ['query.notListed'],
      });
    }
  });
});

describe('response bodies', () => {
  const responseOf = (path: string, method: string, status: string): Schema | undefined =>
    (doc.paths[path]?.[method].responses[status] as { content?: Record<string, { schema: Schema }> } | undefined)?.content?.['application/json']
      ?.schema;

  it('are documented for the main write routes and refusals', () => {
    expect(responseOf('/api/v1/assessments', 'post', '202')?.required).toEqual(expect.arrayContaining(['id', 'status', 'links']));
    expect(responseOf('/api/v1/decisions/{id}/confirm', 'post', '200')?.required).toEqual(
      expect.arrayContaining(['id', 'status', 'key', 'overridden', 'document']),
    );
    expect(responseOf('/api/v1/assessments', 'post', '422')?.required).toEqual(expect.arrayContaining(['statusCode', 'error', 'message']));
  });

  it('and the real answers parse with the very schemas the document is generated from', async () => {
    const accepted = await t.as('board').post('/api/v1/assessments').send(qpAssessment('00F')).expect(202);
    expect(assessmentAcceptedSchema.safeParse(accepted.body).error).toBeUndefined();
    const refused = await t
      .as('board')
      .post('/api/v1/assessments')
      .send({ ...qpAssessment('00F'), period: '2013-14' })
      .expect(422);
    expect(errorBodySchema.safeParse(refused.body).error).toBeUndefined();
    const batchPath = Object.keys(doc.paths)
      .find((p) => p.endsWith(':batch'))!
      .replace('\\', '');
    const batch = await t
      .as('board')
      .post(batchPath)
      .send({ items: [qpAssessment('00G'), { family: 'nope' }] })
      .expect(207);
    expect(batchResultSchema.safeParse(batch.body).error).toBeUndefined();
    const evaluated = await t.submitAndWait(qpAssessment('00H'));
    const issued = await t.as('board').post(`/api/v1/decisions/${evaluated.decisions[0].id}/confirm`).send({}).expect(200);
    expect(issuedDecisionSchema.safeParse(issued.body).error).toBeUndefined();
  });
});

describe('the description tells the truth', () => {
  it('POST /assessments answers 202 (not 201), Idempotency-Key is listed once, keys are not JWTs', () => {
    const create = doc.paths['/api/v1/assessments'].post as Operation & { parameters?: { name: string; in: string }[] };
    expect(Object.keys(create.responses)).not.toContain('201');
    const headers = (create.parameters ?? []).filter((p) => p.in === 'header').map((p) => p.name.toLowerCase());
    expect(headers.filter((h) => h === 'idempotency-key')).toHaveLength(1);
    const schemes = (doc as unknown as { components: { securitySchemes: Record<string, { bearerFormat?: string }> } }).components.securitySchemes;
    expect(Object.values(schemes).map((s) => s.bearerFormat)).not.toContain('JWT');
  });

  it('every route that reads a body lists the refusals of its body: 413 and 415', () => {
    const withBody = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item as Record<string, Operation & { requestBody?: unknown }>)
        .filter(([, op]) => op.requestBody !== undefined)
        .map(([method, op]) => ({ route: `${method.toUpperCase()} ${path}`, statuses: Object.keys(op.responses) })),
    );
    expect(withBody.length).toBeGreaterThan(10);
    for (const { route, statuses } of withBody) expect({ route, statuses }).toEqual({ route, statuses: expect.arrayContaining(['413', '415']) });
  });
});
