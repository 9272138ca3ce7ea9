// Simulating a candidate rule set over the stored facts before anyone changes a rule: which CCGs
// it moves and by how much, what nothing but the run and its audit event is written, and a diff
// between two versions that names what changed.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { join } from 'node:path';
import { readCcgRegister } from '../../src/ccgs/ccg-register.js';
import { ruleSetDiffSchema, simulationRunSchema, type SimulationRunBody } from '../../src/common/api-responses.js';
import { projectRoot } from '../../src/common/project-root.js';
import type { RuleSetDocument } from '../../src/rules/rule-set.schema.js';
import { RulesService } from '../../src/rules/rules.service.js';
import { interventionAssessment } from '../support/intervention-facts.js';
import { fieldOf, mutationOf, namedFields, related, render, type Json } from '../support/malformed-json.js';
import { qpAssessment, qpFacts } from '../support/qp-facts.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const ruleFile = (path: string): RuleSetDocument => JSON.parse(readFileSync(join(projectRoot(), 'rules', path), 'utf8')) as RuleSetDocument;
const YTD_RULE = 'finance: year-to-date variance worse than -0.5% of allocation';
const N2_RULE = 'measure N2: avoidable emergency admissions';

let t: TestApp;
let ccgs: string[];
// Year-to-date variance per CCG in 2013-Q1: around the -0.5 % threshold and the -0.3 % a candidate sets.
const YTD = [-0.2, -0.35, -0.45, -0.5, -0.6, 0.1, -0.31, -0.29];

beforeAll(async () => {
  t = await startTestApp();
  ccgs = readCcgRegister(t.config.CCG_REGISTER).map((c) => c.odsCode);
  // Intervention 2013-Q1 for eight CCGs; the first four issued, the rest proposals. Two of them have a 2013-Q2.
  for (const [i, ytd] of YTD.entries()) {
    const a = await t.submitAndWait(interventionAssessment(ccgs[i], '2013-Q1', { 'finance.ytdVariancePct': ytd }));
    if (i < 4) await t.as('board').post(`/api/v1/decisions/${a.decisions[0].id}/confirm`).send({ note: 'checkpoint' }).expect(200);
  }
  for (const code of ccgs.slice(0, 2)) await t.submitAndWait(interventionAssessment(code, '2013-Q2'));
});
afterAll(() => t.close());

/** The intervention rule set with the year-to-date trigger at `threshold`. */
function interventionCandidate(threshold: number): RuleSetDocument {
  const candidate = ruleFile('intervention/intervention-2013-14.json');
  candidate.version = '1.1.0';
  const rule = candidate.rules.find((r) => r.name === YTD_RULE)!;
  (rule.conditions as { all: { value: unknown }[] }).all[0].value = threshold;
  return candidate;
}

async function simulate(body: object, role: 'board' | 'admin' = 'board'): Promise<SimulationRunBody> {
  const res = await t.as(role).post('/api/v1/rule-sets/simulations').send(body).expect(201);
  return simulationRunSchema.parse(res.body);
}

describe('simulating an intervention candidate', () => {
  it('moves exactly the CCGs whose facts cross the lowered threshold, and counts the rule before and after', async () => {
    const run = await simulate({ candidate: interventionCandidate(-0.3), periods: { from: '2013-Q1', to: '2013-Q1' } });
    // From the facts: the trigger fires below the threshold (lessThan), -0.5 before and -0.3 after.
    const crossing = YTD.flatMap((ytd, i) => (ytd < -0.3 && !(ytd < -0.5) ? [ccgs[i]] : []));
    expect(crossing).toHaveLength(4);
    expect(run.periods).toEqual(['2013-Q1']);
    expect(run.rows.map((r) => r.subject).sort()).toEqual(ccgs.slice(0, YTD.length).sort());
    expect(
      run.rows
        .filter((r) => r.changed)
        .map((r) => r.subject)
        .sort(),
    ).toEqual([...crossing].sort());
    for (const r of run.rows.filter((row) => row.changed)) {
      expect(r).toMatchObject({ baseline: { figures: { level: 0 } }, candidate: { figures: { level: 1 } }, difference: { level: 1 } });
      expect(r.rules.nowFiring).toEqual([YTD_RULE]);
    }
    const issued = new Set(ccgs.slice(0, 4));
    expect(run.rows.map((r) => [r.subject, r.baseline.source])).toEqual(
      expect.arrayContaining(ccgs.slice(0, YTD.length).map((c) => [c, issued.has(c) ? 'issued' : 'proposed'])),
    );
    const ytdRule = run.rules.find((r) => r.rule === YTD_RULE)!;
    expect(ytdRule).toEqual({
      rule: YTD_RULE,
      before: YTD.filter((y) => y < -0.5).length,
      after: YTD.filter((y) => y < -0.3).length,
      inCandidate: true,
    });
    const atLevel1Before = YTD.filter((y) => y < -0.5).length;
    expect(run.totals.figures.level).toEqual({
      label: 'Level',
      total: 'level',
      values: {
        0: { before: YTD.length - atLevel1Before, after: YTD.length - atLevel1Before - crossing.length },
        1: { before: atLevel1Before, after: atLevel1Before + crossing.length },
      },
    });
    expect(run.counts).toMatchObject({ subjects: YTD.length, evaluated: YTD.length, changed: crossing.length, notEvaluable: 0 });
  });

  it('covers every period it would be in force for when not narrowed; the stored rule set itself changes nothing', async () => {
    const run = await simulate({ candidate: ruleFile('intervention/intervention-2013-14.json') });
    expect(run.periods).toEqual(['2013-Q1', '2013-Q2']);
    expect(run.rows).toHaveLength(YTD.length + 2);
    expect(run.counts.changed).toBe(0);
    const stored = await t.as('auditor').get('/api/v1/rulesets').expect(200);
    const hash = stored.body.find((s: { file: string }) => s.file === 'intervention/intervention-2013-14.json').hash;
    expect(run.candidate.hash).toBe(hash);
    expect(run.baselineHashes).toEqual([hash]);
  });

  it('keeps the history each evaluation read, so a later quarter is run on it', async () => {
    const q2 = await t.prisma.evaluation.findFirstOrThrow({ where: { assessment: { subject: ccgs[0], period: '2013-Q2' } } });
    expect(q2.context).toEqual({ earlier: [expect.objectContaining({ quarter: '2013-Q1', level: 0 })] });
  });
});

describe('simulating a Quality Premium candidate', () => {
  it('changes the pot paid by the amount computed by hand when one weight changes', async () => {
    const codes = ccgs.slice(10, 14);
    const measures = (over: Record<string, unknown>) => ({ ...(qpFacts().measures as Record<string, unknown>), ...over });
    const standards = (over: Record<string, unknown>) => ({ ...(qpFacts().standards as Record<string, unknown>), ...over });
    const gateways = qpFacts().gateways as Record<string, Record<string, unknown>>;
    const facts = [
      qpFacts(), // everything achieved, no standard missed
      qpFacts({ measures: measures({ N2: { emergencyAdmissionsChangePct: 0.8 } }) }), // N2 not achieved
      qpFacts({ standards: standards({ ae4HoursPct: 94.0 }) }), // one standard missed: earned reduced by 25 %
      qpFacts({ gateways: { ...gateways, audit: { qualifiedOpinion: true } } }), // a gateway failed: nothing paid
    ];
    for (const [i, f] of facts.entries()) await t.submitAndWait(qpAssessment(codes[i], f));

    const candidate = ruleFile('quality-premium/qp-2013-14.json');
    candidate.version = '1.1.0';
    const n2 = candidate.rules.find((r) => r.name === N2_RULE)!;
    expect(n2.event.params.weight).toBe(0.25);
    n2.event.params.weight = 0.125;
    const run = await simulate({ candidate });

    // By hand: £5 a head (500 pence) × 200,000 people = 100,000,000 pence at most for each CCG.
    // 1: earned 1.0 → 0.875; 2: 0.75 either way (N2 not achieved); 3: 1.0 × 0.75 → 0.875 × 0.75;
    // 4: nothing paid either way.
    const max = 500 * 200_000;
    const before = [max * 1.0, max * 0.75, max * 0.75, 0];
    const after = [max * 0.875, max * 0.75, max * 0.875 * 0.75, 0];
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    expect(sum(after) - sum(before)).toBe(-21_875_000);
    expect(run.totals.figures.payablePence).toEqual({
      label: 'Paid',
      total: 'sum',
      unit: 'pence',
      before: sum(before),
      after: sum(after),
      difference: sum(after) - sum(before),
      atZero: { before: 1, after: 1, newly: 0 },
    });
    const bySubject = (a: unknown[], b: unknown[]) => String(a[0]).localeCompare(String(b[0]));
    expect(run.rows.map((r) => [r.subject, r.baseline.figures.payablePence, r.candidate?.figures.payablePence, r.changed]).sort(bySubject)).toEqual(
      codes.map((c, i) => [c, before[i], after[i], before[i] !== after[i]]).sort(bySubject),
    );
    expect(run.rules.find((r) => r.rule === N2_RULE)).toEqual({ rule: N2_RULE, before: 3, after: 3, inCandidate: true });
  });
});

describe('what a simulation writes', () => {
  const snapshot = async () => {
    const digest = async (table: string) =>
      (await t.prisma.$queryRawUnsafe<{ d: string }[]>(`SELECT md5(coalesce(string_agg(x::text, ',' ORDER BY x.id), '')) AS d FROM ${table} x`))[0].d;
    return {
      assessments: await digest('assessments'),
      evaluations: await digest('evaluations'),
      decisions: await digest('decisions'),
      interventionQuarters: await digest('intervention_quarters'),
      auditEvents: await t.prisma.auditEvent.count(),
      runs: await t.prisma.simulationRun.count(),
    };
  };

  it('writes the run and one audit event ruleset.simulated, and nothing else', async () => {
    const before = await snapshot();
    const run = await simulate({ candidate: interventionCandidate(-0.3) }, 'admin');
    const after = await snapshot();
    expect(after).toEqual({ ...before, auditEvents: before.auditEvents + 1, runs: before.runs + 1 });
    const events = await t.prisma.auditEvent.findMany({ where: { entityType: 'simulation-run', entityId: run.id } });
    expect(events.map((e) => [e.action, e.actor])).toEqual([['ruleset.simulated', 'test-admin']]);
    expect(events[0].payload).toMatchObject({ family: 'intervention', candidateHash: run.candidate.hash, counts: run.counts });
    const stored = await t.prisma.simulationRun.findUniqueOrThrow({ where: { id: run.id } });
    expect(stored).toMatchObject({
      family: 'intervention',
      candidateHash: run.candidate.hash,
      createdBy: 'test-admin',
      baselineHashes: run.baselineHashes,
    });
  });

  it('refuses a bad candidate with 422 naming the JSON pointer into it, and writes nothing', async () => {
    const runs = await t.prisma.simulationRun.count();
    const schemaBad = interventionCandidate(-0.3);
    (schemaBad.rules[3].conditions as { all: { operator: string }[] }).all[0].operator = 'roughly';
    const refused = await t.as('board').post('/api/v1/rule-sets/simulations').send({ candidate: schemaBad }).expect(422);
    expect(refused.body.issues.map((i: { field: string }) => i.field)).toEqual(['/rules/3/conditions/all/0/operator']);

    // Event params only the decider reads are checked when the candidate meets the stored facts.
    const paramsBad = interventionCandidate(-0.3);
    paramsBad.rules[0].event.params.level = 9;
    const atRun = await t.as('board').post('/api/v1/rule-sets/simulations').send({ candidate: paramsBad }).expect(422);
    expect(atRun.body.issues.map((i: { field: string }) => i.field)).toEqual(['/rules/0/event/params/level']);

    const period = await t
      .as('board')
      .post('/api/v1/rule-sets/simulations')
      .send({ candidate: interventionCandidate(-0.3), periods: { from: '2013-Q9' } })
      .expect(422);
    expect(period.body.issues[0].field).toBe('periods.from');

    // Bodies are limited as everywhere (BODY_LIMIT, 1mb by default).
    const huge = { candidate: { ...interventionCandidate(-0.3), source: 'x'.repeat(1_100_000) } };
    const tooLarge = await t.as('board').post('/api/v1/rule-sets/simulations').send(huge).expect(413);
    expect(tooLarge.body.issues[0].field).toBe('(body)');
    expect(await t.prisma.simulationRun.count()).toBe(runs);
  });
});

describe('reading runs', () => {
  let run: SimulationRunBody;
  beforeAll(async () => {
    run = await simulate({ candidate: interventionCandidate(-0.3) });
  });

  it('answers 404 for an unknown run and 400 for a malformed id', async () => {
    await t.as('auditor').get('/api/v1/rule-sets/simulations/6f1c2f4e-98a1-4c55-9a53-2f0b1d3e4a5b').expect(404);
    const bad = await t.as('auditor').get('/api/v1/rule-sets/simulations/not-a-run').expect(400);
    expect(bad.body.issues[0].field).toBe('id');
  });

  it('lets auditors read a run, as JSON and as CSV with one line per subject, but not run one', async () => {
    const json = await t.as('auditor').get(`/api/v1/rule-sets/simulations/${run.id}`).expect(200);
    expect(simulationRunSchema.parse(json.body)).toEqual(run);
    for (const url of [`/api/v1/rule-sets/simulations/${run.id}.csv`, `/api/v1/rule-sets/simulations/${run.id}?format=csv`]) {
      const csv = await t.as('auditor').get(url).expect(200);
      expect(csv.headers['content-type']).toMatch(/text\/csv/);
      const lines = csv.text.trim().split('\n');
      expect(lines).toHaveLength(1 + run.rows.length);
      expect(lines[0].split(',').slice(0, 7)).toEqual([
        'subject',
        'period',
        'baselineSource',
        'baselineKey',
        'overridden',
        'candidateKey',
        'changed',
      ]);
      expect(lines[0]).toContain('levelBefore,levelAfter,levelDifference');
    }
    await t
      .as('auditor')
      .post('/api/v1/rule-sets/simulations')
      .send({ candidate: interventionCandidate(-0.3) })
      .expect(403);
    await t
      .as('panel')
      .post('/api/v1/rule-sets/simulations')
      .send({ candidate: interventionCandidate(-0.3) })
      .expect(403);
  });
});

describe('rule-set diff', () => {
  it('names the changed threshold of a candidate against the stored version, with the citation', async () => {
    const stored = await t.as('auditor').get('/api/v1/rulesets').expect(200);
    const hash = stored.body.find((s: { file: string }) => s.file === 'intervention/intervention-2013-14.json').hash;
    const res = await t
      .as('auditor')
      .post('/api/v1/rule-sets/diff')
      .send({ from: hash, to: interventionCandidate(-0.3) })
      .expect(200);
    const diff = ruleSetDiffSchema.parse(res.body);
    expect(diff.rules.changed).toHaveLength(1);
    expect(diff.rules.changed[0]).toMatchObject({
      name: YTD_RULE,
      thresholds: [{ fact: 'finance.ytdVariancePct', operator: 'lessThan', from: -0.5, to: -0.3 }],
      citation: { from: expect.stringContaining('mandate §5.7') },
    });
    expect(diff.header).toEqual([{ path: '/version', from: '1.0.0', to: '1.1.0' }]);

    const bad = interventionCandidate(-0.3);
    delete (bad.rules[2].event.params as Record<string, unknown>).citation;
    const refused = await t.as('auditor').post('/api/v1/rule-sets/diff').send({ from: hash, to: bad }).expect(422);
    expect(refused.body.issues[0].field).toBe('/to/rules/2/event/params/citation');
  });

  it('finds a stored version by the first digits of its hash, as the CLI prints it; too few or shared digits are named', async () => {
    const stored = await t.as('auditor').get('/api/v1/rulesets').expect(200);
    const hash = stored.body.find((s: { file: string }) => s.file === 'intervention/intervention-2013-14.json').hash as string;
    const rules = t.app.get(RulesService);
    expect(await rules.fullHash(hash.slice(0, 12), 'from')).toBe(hash);
    expect(await rules.fullHash(hash)).toBe(hash);
    await expect(rules.fullHash('0000000', 'from')).rejects.toMatchObject({ code: 'NOT_FOUND', issues: [{ field: 'from' }] });
    await expect(rules.fullHash('abc', 'to')).rejects.toMatchObject({ code: 'BAD_REQUEST', issues: [{ field: 'to' }] });
  });

  it('compares two stored versions by hash', async () => {
    const stored = await t.as('auditor').get('/api/v1/rulesets').expect(200);
    const hashOf = (file: string) => stored.body.find((s: { file: string }) => s.file === file).hash as string;
    const res = await t
      .as('auditor')
      .get(`/api/v1/rule-sets/${hashOf('quality-premium/qp-2013-14.json')}/diff/${hashOf('quality-premium/qp-2014-15.json')}`)
      .expect(200);
    const diff = ruleSetDiffSchema.parse(res.body);
    expect(diff.rules.added.length + diff.rules.removed.length + diff.rules.changed.length).toBeGreaterThan(0);
    expect(diff.header.map((h) => h.path)).toEqual(expect.arrayContaining(['/id', '/effective/from']));
    const unknown = await t
      .as('auditor')
      .get(`/api/v1/rule-sets/${'0'.repeat(64)}/diff/${hashOf('quality-premium/qp-2013-14.json')}`)
      .expect(404);
    expect(unknown.body.issues[0].field).toBe('hash');
    const malformed = await t
      .as('auditor')
      .get(`/api/v1/rule-sets/xyz/diff/${hashOf('quality-premium/qp-2013-14.json')}`)
      .expect(400);
    expect(malformed.body.issues[0].field).toBe('hash');
  });
});

describe('generated malformed input', () => {
  /** A refusal's field as a dotted path into the body: `/rules/3/name` is within `candidate` (or, for a diff, `/to/...` within `to`). */
  const dotted = (field: string, within: string) =>
    field === '(candidate)' ? within : field.startsWith('/') ? `${within}${within ? '.' : ''}${field.slice(1).replaceAll('/', '.')}` : field;

  it('a mutated candidate is answered 201 or refused 400/413/422 naming the field, never 5xx; a refusal writes nothing', async () => {
    const stored = await t.as('auditor').get('/api/v1/rulesets').expect(200);
    const hash: string = stored.body.find((s: { file: string }) => s.file === 'intervention/intervention-2013-14.json').hash;
    const routes = [
      {
        url: '/api/v1/rule-sets/simulations',
        within: 'candidate',
        ok: 201,
        base: () => ({ candidate: interventionCandidate(-0.3), periods: { from: '2013-Q1', to: '2013-Q1' } }) as unknown as Json,
      },
      { url: '/api/v1/rule-sets/diff', within: '', ok: 200, base: () => ({ from: hash, to: interventionCandidate(-0.3) }) as unknown as Json },
    ];
    const pipeline = async () => ({
      assessments: await t.prisma.assessment.count(),
      evaluations: await t.prisma.evaluation.count(),
      decisions: await t.prisma.decision.count(),
    });
    const unchanged = await pipeline();
    const cases = fc.constantFrom(...routes).chain((route) => mutationOf(route.base()).map((m) => ({ route, m })));
    await fc.assert(
      fc.asyncProperty(cases, async ({ route, m }) => {
        const [runs, audit] = [await t.prisma.simulationRun.count(), await t.prisma.auditEvent.count()];
        const res = await t.as('board').post(route.url).set('Content-Type', 'application/json').send(render(route.base(), m));
        const what = `${route.url}, ${m.kind} at "${fieldOf(m.path)}": ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`;
        if (res.status === route.ok) {
          // Not every change makes a rule set wrong (another threshold, another reason).
          expect({ what, runs: await t.prisma.simulationRun.count() }).toEqual({ what, runs: runs + (route.ok === 201 ? 1 : 0) });
        } else {
          expect({ what, refused: [400, 413, 422].includes(res.status) }).toEqual({ what, refused: true });
          const within = route.within || (/^\/(from|to)/.exec(String(namedFields(res.body)[0]))?.[1] ?? '');
          const named = namedFields(res.body).map((f) => (route.within ? dotted(f, route.within) : dotted(f.replace(/^\/(from|to)/, ''), within)));
          expect({ what, named: named.some((f) => related(f, fieldOf(m.path))) }).toEqual({ what, named: true });
          expect({ what, runs: await t.prisma.simulationRun.count(), audit: await t.prisma.auditEvent.count() }).toEqual({ what, runs, audit });
        }
      }),
      { numRuns: 80 },
    );
    expect(await pipeline()).toEqual(unchanged);
  });
});
