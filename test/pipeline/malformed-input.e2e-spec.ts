// No malformed request is answered 5xx (issue #10, item 5). Generated bodies go to every write
// route, generated query strings and path parameters to the read routes; each refusal is a 4xx
// naming the field, and nothing is written. Then one example per finding of the original trial.
import fc from 'fast-check';
import type { ApiRole } from '../../src/auth/api-key.js';
import { signedIn } from '../console/console-support.js';
import { interventionAssessment } from '../support/intervention-facts.js';
import { badString, fieldOf, mutationOf, namedFields, related, render, type Json } from '../support/malformed-json.js';
import { qpAssessment, qpFacts } from '../support/qp-facts.js';
import { STROKE_PERIOD, strokeProposalFacts } from '../support/reconfiguration-facts.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
let decisionId: string;
let evaluationId: string;
let barrierRef: string;
const PROPOSAL = 'RCF-2016-777';
const barrier = () => ({
  objectives: [14],
  actionArea: 'information-sharing-technology',
  stopsLocally: 'GP and hospital systems cannot share the care record.',
  nationalBodies: ['department-of-health'],
});
const proposal = (subject: string): Json => ({ family: 'reconfiguration', subject, period: STROKE_PERIOD, facts: strokeProposalFacts() });

beforeAll(async () => {
  t = await startTestApp();
  const qp = await t.submitAndWait(qpAssessment('00C'));
  [decisionId, evaluationId] = [qp.decisions[0].id, qp.evaluations[0].id];
  await t.submitAndWait(proposal(PROPOSAL) as object);
  barrierRef = (await t.as('ccg').post('/api/v1/barriers').send(barrier()).expect(201)).body.ref;
});
afterAll(() => t.close());

/** Rows any write route could add or change. Rejected requests write no audit event here. */
async function written() {
  const p = t.prisma;
  const [assessments, evaluations, decisions, issued, audit, judgements, keys, sweeps, idempotency] = await Promise.all([
    p.assessment.count(),
    p.evaluation.count(),
    p.decision.count(),
    p.decision.count({ where: { status: 'issued' } }),
    p.auditEvent.count(),
    p.reconfigurationJudgement.count(),
    p.apiKey.count(),
    p.interventionSweep.count(),
    p.idempotencyRecord.count(),
  ]);
  return { assessments, evaluations, decisions, issued, audit, judgements, keys, sweeps, idempotency };
}

function check(ok: boolean, what: string, res: { status: number; body: unknown }): void {
  if (!ok) throw new Error(`${what}: answered ${res.status} ${JSON.stringify(res.body).slice(0, 400)}`);
}

interface WriteRoute {
  name: string;
  role: ApiRole;
  url: () => string;
  base: () => Json;
}
const WRITES: WriteRoute[] = [
  { name: 'QP assessment', role: 'board', url: () => '/api/v1/assessments', base: () => qpAssessment('00C') as Json },
  { name: 'intervention assessment', role: 'board', url: () => '/api/v1/assessments', base: () => interventionAssessment('00C', '2013-Q1') as Json },
  { name: 'reconfiguration proposal', role: 'panel', url: () => '/api/v1/assessments', base: () => proposal('RCF-2016-778') },
  { name: 'batch', role: 'board', url: () => '/api/v1/assessments:batch', base: () => ({ items: [qpAssessment('01A') as Json] }) },
  { name: 'confirm', role: 'board', url: () => `/api/v1/decisions/${decisionId}/confirm`, base: () => ({ note: 'Checked against the return' }) },
  {
    name: 'override',
    role: 'board',
    url: () => `/api/v1/decisions/${decisionId}/override`,
    base: () => ({ reason: 'The return was corrected after the deadline', outcome: { payablePence: 100 } }),
  },
  {
    name: 'judgements',
    role: 'panel',
    url: () => `/api/v1/proposals/${PROPOSAL}/judgements`,
    base: () => ({ judgements: [{ test: 'T1', agree: true }] }),
  },
  { name: 'issue', role: 'panel', url: () => `/api/v1/proposals/${PROPOSAL}/issue`, base: () => ({ note: 'Issued after the panel met' }) },
  { name: 'sweep', role: 'board', url: () => '/api/v1/intervention/sweeps', base: () => ({ quarter: '2013-Q1' }) },
  { name: 'api key', role: 'admin', url: () => '/api/v1/api-keys', base: () => ({ role: 'board', name: 'Generated key' }) },
  { name: 'barrier', role: 'ccg', url: () => '/api/v1/barriers', base: barrier },
  {
    name: 'barrier triage',
    role: 'board',
    url: () => `/api/v1/barriers/${barrierRef}/triage`,
    base: () => ({
      triage: 'national',
      reason: 'Record sharing standards are national.',
      owner: 'Information directorate',
      responseDue: '2013-12-31',
    }),
  },
];

describe('generated malformed input', () => {
  it('every write route refuses a malformed body with 400, 413 or 422 naming the field, and writes nothing', async () => {
    const cases = fc.constantFrom(...WRITES).chain((route) => mutationOf(route.base()).map((m) => ({ route, m })));
    await fc.assert(
      fc.asyncProperty(cases, async ({ route, m }) => {
        const before = await written();
        const res = await t.as(route.role).post(route.url()).set('Content-Type', 'application/json').send(render(route.base(), m));
        const what = `${route.name}, ${m.kind} at "${fieldOf(m.path)}"`;
        check([400, 413, 422].includes(res.status), `${what} should be refused`, res);
        check(
          namedFields(res.body).some((f) => related(f, fieldOf(m.path))),
          `${what} should be named`,
          res,
        );
        expect(await written()).toEqual(before);
      }),
      { numRuns: 160 },
    );
  });

  const READS: { path: string; params: string[] }[] = [
    { path: '/api/v1/audit', params: ['afterSeq', 'entityType', 'entityId', 'actor', 'action', 'from', 'to', 'limit'] },
    { path: '/api/v1/assessments', params: ['status', 'family', 'subject', 'period', 'page', 'pageSize'] },
    { path: '/api/v1/intervention/dashboard', params: ['quarter'] },
    { path: '/api/v1/intervention/ccgs/00C/levels', params: ['year'] },
    { path: '/api/v1/ccgs', params: ['areaTeam', 'region'] },
    { path: '/api/v1/authorisation/summary', params: ['asOf'] },
  ];
  /** Query and path values, already percent-encoded: NULs, integers beyond int8, broken escapes, anything. */
  const encoded = fc.oneof(
    fc.tuple(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 })).map(([a, b]) => `${encodeURIComponent(a)}%00${encodeURIComponent(b)}`),
    fc.bigInt({ min: 2n ** 63n, max: 10n ** 40n }).map(String),
    fc.constantFrom('1e309', '-1', '9223372036854775808', '%ED%A0%80', '%FF', '%E0%A4%A', '-'.repeat(36)),
    fc.string({ maxLength: 12 }).map(encodeURIComponent),
  );

  it('read routes answer any query string below 500, and a refusal names the parameter', async () => {
    const cases = fc.record({
      route: fc.constantFrom(...READS),
      pick: fc.nat(),
      values: fc.array(encoded, { minLength: 1, maxLength: 2 }),
    });
    await fc.assert(
      fc.asyncProperty(cases, async ({ route, pick, values }) => {
        const param = route.params[pick % route.params.length];
        const url = `${route.path}?${values.map((v) => `${param}=${v}`).join('&')}`;
        const res = await t.as('auditor').get(url);
        check(res.status < 500, url, res);
        // `query.<param>`, `query.<param>.1` for a second value, or the name alone where a service checks it.
        const names = (f: string) => f === param || f === `query.${param}` || f.startsWith(`query.${param}.`);
        if (res.status >= 400) check([400, 422].includes(res.status) && namedFields(res.body).some(names), `${url} should name ${param}`, res);
        if (values.some((v) => v.includes('%00'))) check(res.status === 400, `${url} carries a NUL`, res);
      }),
      { numRuns: 60 },
    );
  });

  const PATHS = [
    ['/api/v1/ccgs/:code', 'code'],
    ['/api/v1/ccgs/:code/conditions', 'code'],
    ['/api/v1/authorisation/status/:code', 'code'],
    ['/api/v1/intervention/ccgs/:code/levels?year=2013/14', 'code'],
    ['/api/v1/proposals/:ref', 'ref'],
    ['/api/v1/rulesets/:hash', 'hash'],
    ['/api/v1/assessments/:id', 'id'],
    ['/api/v1/decisions/:id', 'id'],
    ['/api/v1/decisions/:id/document', 'id'],
    ['/api/v1/evaluations/:id', 'id'],
    ['/api/v1/intervention/sweeps/:id', 'id'],
  ] as const;

  const decodable = (v: string): boolean => {
    try {
      decodeURIComponent(v);
      return true;
    } catch {
      return false;
    }
  };

  it('path parameters: below 500, a malformed one is a 400 naming it, a NUL always is', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...PATHS),
        encoded.filter((v) => v !== ''),
        async ([template, param], value) => {
          const url = template.replace(`:${param}`, value);
          const res = await t.as('auditor').get(url);
          check(res.status < 500, url, res);
          // A percent-escape that decodes to no text fails before routing, so the path is what is named.
          const expected = decodable(value) ? param : '(path)';
          if ([400, 422].includes(res.status)) check(namedFields(res.body).includes(expected), `${url} should name ${expected}`, res);
          if (value.includes('%00')) check(res.status === 400, `${url} carries a NUL`, res);
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe('each finding of the trial is a 4xx naming the field', () => {
  const qp = qpAssessment('00C') as Json;
  const N2 = ['facts', 'measures', 'N2', 'emergencyAdmissionsChangePct'];
  const raw = (base: Json, path: (string | number)[], text: string) => render(base, { kind: 'raw', path, raw: text });
  const value = (base: Json, path: (string | number)[], v: Json) => render(base, { kind: 'value', path, value: v });
  const batch = { items: [qp] };
  const deep = '['.repeat(10_000) + ']'.repeat(10_000);

  const cases: [string, ApiRole, () => string, () => string, number, string | RegExp][] = [
    ['a number beyond double range', 'board', () => '/api/v1/assessments', () => raw(qp, N2, '1e309'), 400, N2.join('.')],
    [
      'a number beyond double range in a batch',
      'board',
      () => '/api/v1/assessments:batch',
      () => raw(batch, ['items', 0, 'facts', 'population'], '-1e309'),
      400,
      'items.0.facts.population',
    ],
    ['a lone surrogate in a string', 'board', () => '/api/v1/assessments', () => value(qp, ['facts', 'note'], 'Noted \ud800'), 400, 'facts.note'],
    [
      'a lone surrogate in a key',
      'panel',
      () => '/api/v1/assessments',
      () => render(proposal('RCF-2016-779'), { kind: 'key', path: ['facts', 'engagement'], key: 'x\udc00', value: 1 }),
      400,
      /^facts\.engagement\./,
    ],
    [
      'a lone surrogate in a batch item (one raw SQL statement)',
      'board',
      () => '/api/v1/assessments:batch',
      () => value(batch, ['items', 0, 'facts', 'note'], '\udfffNoted'),
      400,
      'items.0.facts.note',
    ],
    ['JSON nested 10,000 deep', 'board', () => '/api/v1/assessments', () => raw(qp, ['facts', 'note'], deep), 400, /^facts\.note\.0\.0/],
    ['a NUL in an assessment', 'board', () => '/api/v1/assessments', () => value(qp, ['facts', 'note'], 'Noted\u0000'), 400, 'facts.note'],
    ['a NUL in a confirm note', 'board', () => `/api/v1/decisions/${decisionId}/confirm`, () => JSON.stringify({ note: 'Seen\u0000' }), 400, 'note'],
    [
      'a NUL in an override reason',
      'board',
      () => `/api/v1/decisions/${decisionId}/override`,
      () => JSON.stringify({ reason: 'Corrected\u0000 return', outcome: { payablePence: 1 } }),
      400,
      'reason',
    ],
    [
      'a NUL in a judgement reason',
      'panel',
      () => `/api/v1/proposals/${PROPOSAL}/judgements`,
      () => JSON.stringify({ judgements: [{ test: 'T1', agree: false, result: 'not-met', reason: 'Evidence\u0000 missing' }] }),
      400,
      'judgements.0.reason',
    ],
    ['a NUL in an API key name', 'admin', () => '/api/v1/api-keys', () => JSON.stringify({ role: 'board', name: 'Key\u0000' }), 400, 'name'],
    ['a percentage change of 1e308', 'board', () => '/api/v1/assessments', () => raw(qp, N2, '1e308'), 422, N2.join('.')],
    ['a percentage change of 2^53 + 1', 'board', () => '/api/v1/assessments', () => raw(qp, N2, '9007199254740993'), 422, N2.join('.')],
    [
      'a count of 2^53 + 1',
      'board',
      () => '/api/v1/assessments',
      () => raw(qp, ['facts', 'measures', 'N4', 'cdiffCases'], '9007199254740993'),
      422,
      'facts.measures.N4.cdiffCases',
    ],
    [
      'a consultation with a trillion responses',
      'panel',
      () => '/api/v1/assessments',
      () => raw(proposal('RCF-2016-779'), ['facts', 'engagement', 'responses'], '1e12'),
      422,
      'facts.engagement.responses',
    ],
    ['malformed JSON', 'board', () => '/api/v1/assessments', () => '{"family": ', 400, '(body)'],
    ['a body that is not an object', 'board', () => '/api/v1/assessments', () => '"quality-premium"', 400, '(body)'],
  ];

  it.each(cases)('%s', async (_name, role, url, body, status, field) => {
    const before = await written();
    const res = await t.as(role).post(url()).set('Content-Type', 'application/json').send(body()).expect(status);
    expect(namedFields(res.body)).toContainEqual(typeof field === 'string' ? field : expect.stringMatching(field));
    expect(await written()).toEqual(before);
  });

  it('a bad string anywhere in a batch is refused before the batch statement runs', async () => {
    const before = await written();
    const items = [qpAssessment('01A'), qpAssessment('01C', qpFacts({ note: fc.sample(badString, { numRuns: 1, seed: 7 })[0] }))];
    const res = await t.as('board').post('/api/v1/assessments:batch').send({ items }).expect(400);
    expect(namedFields(res.body)).toEqual(['items.1.facts.note']);
    expect(await written()).toEqual(before);
  });

  const reads: [string, string][] = [
    ['/api/v1/audit?afterSeq=9223372036854775808', 'query.afterSeq'],
    ['/api/v1/audit?afterSeq=99999999999999999999999', 'query.afterSeq'],
    ['/api/v1/audit/export?afterSeq=9223372036854775808', 'query.afterSeq'],
    ['/api/v1/assessments?family=quality%00premium', 'query.family'],
    ['/api/v1/assessments?page=9223372036854775808', 'query.page'],
    ['/api/v1/audit?actor=%00', 'query.actor'],
    ['/api/v1/ccgs?areaTeam=Q%0044', 'query.areaTeam'],
    ['/api/v1/ccgs?region=Y54&region=Y55', 'query.region'],
    ['/api/v1/ccgs/00%00C', 'code'],
    ['/api/v1/proposals/RCF-2016-%00001', 'ref'],
    ['/api/v1/rulesets/%00', 'hash'],
    ['/api/v1/intervention/sweeps/not-a-uuid', 'id'],
  ];

  it.each(reads)('GET %s is a 400 naming %s', async (url, field) => {
    const res = await t.as('auditor').get(url).expect(400);
    expect(namedFields(res.body)).toContain(field);
  });

  it('the largest int8 is still a page boundary the audit search takes', async () => {
    const res = await t.as('auditor').get('/api/v1/audit?afterSeq=9223372036854775807').expect(200);
    expect(res.body.items).toEqual([]);
  });

  it('the console refuses a replay id of 36 dashes, a NUL in a form and an afterSeq beyond int8, writing nothing', async () => {
    const { agent, csrf } = await signedIn(t, 'admin');
    const before = await written();
    const replay = await agent
      .post('/console/replay')
      .type('form')
      .send({ _csrf: csrf, evaluationId: '-'.repeat(36) })
      .expect(422);
    expect(replay.text).toContain('Enter an evaluation id');
    const key = await agent.post('/console/admin/keys').type('form').send({ _csrf: csrf, role: 'board', name: 'Key\u0000' }).expect(400);
    expect(key.text).toContain('name');
    const audit = await agent.get('/console/audit?afterSeq=9223372036854775808').expect(400);
    expect(audit.text).toContain('afterSeq');
    expect(await written()).toEqual(before);
    // A real id still replays (and that replay is recorded, as every replay is).
    await agent.post('/console/replay').type('form').send({ _csrf: csrf, evaluationId }).expect(200);
  });
});

describe('a body the API cannot read as JSON is refused for what it is, naming the header or the body', () => {
  const body = JSON.stringify(qpAssessment('00C'));
  const cases: [string, Record<string, string>, number, string][] = [
    ['JSON sent as text/plain', { 'Content-Type': 'text/plain' }, 415, 'Content-Type'],
    ['JSON sent as a form', { 'Content-Type': 'application/x-www-form-urlencoded' }, 415, 'Content-Type'],
    ['JSON sent as text/plain to /API in capitals', { 'Content-Type': 'text/plain', 'X-Path': '/API/v1/assessments' }, 415, 'Content-Type'],
    ['a charset the API does not read', { 'Content-Type': 'application/json; charset=latin1' }, 415, 'Content-Type'],
    ['an encoding the API does not read', { 'Content-Type': 'application/json', 'Content-Encoding': 'compress' }, 415, 'Content-Encoding'],
    ['gzip that is not gzip', { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' }, 400, '(body)'],
    ['brotli that is not brotli', { 'Content-Type': 'application/json', 'Content-Encoding': 'br' }, 400, '(body)'],
  ];
  it.each(cases)('%s', async (_name, headers, status, field) => {
    const before = await written();
    const { 'X-Path': path = '/api/v1/assessments', ...sent } = headers;
    let req = t.as('board').post(path);
    for (const [name, value] of Object.entries(sent)) req = req.set(name, value);
    const res = await req.send(body);
    expect({ status: res.status, fields: namedFields(res.body) }).toEqual({ status, fields: [field] });
    expect(res.body.message).toEqual(expect.any(String));
    expect(await written()).toEqual(before);
  });
});
