// The order of intake's checks, without a database: IntakeService with a made-up family, the
// real FamilyRegistry and CcgsService, and small fakes of RulesService and Prisma. A body wrong
// in several places at once is refused naming only the first problem in the order
// envelope → family → period → rule set → subject → facts schema → checkFacts → loadContext →
// engineFacts; each step below mends that problem and meets the next one, and no check after the
// one that refused has run.
import { z } from 'zod';
import type { AuditService } from '../audit/audit.service.js';
import { CcgsService } from '../ccgs/ccgs.service.js';
import type { AppConfig } from '../config/app-config.js';
import { DomainError, type ErrorCode } from '../common/domain-error.js';
import type { PrismaService } from '../prisma/prisma.service.js';
import { FamilyRegistry } from '../rules/family-registry.js';
import { FamilyProblemsError, type CcgContext, type RuleFamily } from '../rules/rule-family.js';
import { effectiveRuleSet, parseRuleSet, type LoadedRuleSet } from '../rules/rule-set.loader.js';
import type { RulesService } from '../rules/rules.service.js';
import type { EvaluationQueueService } from './evaluation-queue.service.js';
import { IntakeService } from './intake.service.js';

/** Every check that ran, in order. */
let calls: string[] = [];

const toyFactsSchema = z.strictObject({ score: z.number().min(0), population: z.number().int().positive() });
type ToyFacts = z.infer<typeof toyFactsSchema>;

/** Periods `issued later` than the one submitted, per CCG: what loadContext reads from "the database". */
const laterPeriods = new Map<string, string[]>();

const toyFamily: RuleFamily<ToyFacts> = {
  id: 'toy',
  title: 'Toy',
  subjectKind: 'ccg',
  periodSchema: z.string().regex(/^\d{4}\/\d{2}$/, 'expected a financial year like 2013/14'),
  periodDate: (period) => `${period.slice(0, 4)}-04-01`,
  factsSchema: toyFactsSchema,
  checkFacts: (facts, ruleSet) => {
    calls.push('checkFacts');
    const { maximum } = ruleSet.parameters as { maximum: number };
    return facts.score > maximum ? [{ path: 'score', message: `above the rule set's maximum of ${maximum}` }] : [];
  },
  loadContext: async ({ subject, period }) => {
    calls.push('loadContext');
    const later = laterPeriods.get(subject) ?? [];
    if (later.length > 0)
      throw new FamilyProblemsError([
        { field: 'period', message: `out of order: ${subject} already has ${later.join(', ')} issued (${period} submitted)` },
      ]);
    return { earlier: [] };
  },
  engineFacts: (facts, context) => {
    calls.push('engineFacts');
    const registered = context.ccg?.registeredPop2013 ?? 0;
    if (Math.abs(facts.population - registered) > registered / 2) {
      throw FamilyProblemsError.inFacts([{ path: 'population', message: `far from the register's ${registered}` }]);
    }
    return { score: facts.score };
  },
  decide: () => ({ key: 'noted', outcome: {} }),
  issueModes: ['confirm'],
  overrideSchema: z.strictObject({}),
  override: (proposed) => proposed,
  templates: { noted: 'toy/noted' },
};

const toyRuleSet = parseRuleSet(
  'toy/toy-2013.json',
  JSON.stringify({
    family: 'toy',
    id: 'toy-2013',
    version: '1.0.0',
    title: 'Toy rules',
    effective: { from: '2013-04-01', to: '2015-03-31' },
    source: 'the toy guide',
    parameters: { maximum: 10 },
    rules: [
      {
        name: 'r',
        conditions: { all: [{ fact: 'score', operator: 'greaterThan', value: 5 }] },
        event: { type: 'finding', params: { citation: 'toy guide §1', reason: 'A score above five is a finding.' } },
      },
    ],
  }),
  'toy',
);

const registry = new FamilyRegistry([toyFamily]);

/** RulesService as intake uses it: the family by id and the rule set in force, each naming the field it is given. */
const rules = {
  family: (id: string, field = 'family') => {
    calls.push('family');
    return registry.get(id, field);
  },
  effectiveFor: (family: RuleFamily, period: string, field = 'period'): LoadedRuleSet => {
    calls.push('ruleSet');
    const set = effectiveRuleSet([toyRuleSet], family.id, family.periodDate(period));
    if (!set) throw DomainError.invalid([{ field, message: `no ${family.id} rule set covers ${period}` }]);
    return set;
  },
};

const register: Record<string, CcgContext> = {
  '00C': {
    odsCode: '00C',
    name: 'NHS Darlington CCG',
    areaTeamName: 'Durham',
    regionName: 'North',
    registeredPop2013: 100_000,
    registeredPop2014: null,
  },
};

/** Only what the checks read: the register, through the real CcgsService. */
const prisma = { ccg: { findUnique: async ({ where }: { where: { odsCode: string } }) => register[where.odsCode] ?? null } };
const registerView = new CcgsService(prisma as unknown as PrismaService, {} as AuditService, registry, {} as AppConfig);
/** The subject check, logged (CcgsService caches what it found, so the lookup is logged here). */
const ccgs = {
  subjectContext: (...args: Parameters<CcgsService['subjectContext']>) => {
    calls.push('subject');
    return registerView.subjectContext(...args);
  },
};

const intake = new IntakeService(
  prisma as unknown as PrismaService,
  {} as AuditService,
  rules as unknown as RulesService,
  ccgs as unknown as CcgsService,
  {} as EvaluationQueueService,
);

/** What validate() refuses with: the code and each field named, and the checks that ran. */
async function refusal(body: unknown, prefix?: string): Promise<{ code: ErrorCode; fields: string[]; ran: string[] }> {
  calls = [];
  try {
    await intake.validate(body, prefix);
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, fields: error.issues.map((i) => i.field), ran: calls };
    throw error;
  }
  throw new Error(`accepted: ${JSON.stringify(body)}`);
}

const CHECKS = ['family', 'ruleSet', 'subject', 'checkFacts', 'loadContext', 'engineFacts'];
/** The checks with calls logged, up to and including `last` (the period and facts schemas log nothing). */
const upTo = (last: string | null) => (last === null ? [] : CHECKS.slice(0, CHECKS.indexOf(last) + 1));

describe('intake validation order', () => {
  beforeEach(() => laterPeriods.set('00C', ['2014/15']));
  afterEach(() => laterPeriods.clear());

  it('names only the first problem of a body wrong everywhere, and each next one as the earlier are mended', async () => {
    // Wrong everywhere: an unknown envelope key, family, period, subject, facts; the register and
    // history would refuse it too.
    let body: Record<string, unknown> = {
      family: 'astrology',
      subject: 'zzz',
      period: 'last year',
      facts: { score: 'high', population: 1 },
      colour: 'red',
    };
    const steps: [string, Record<string, unknown>, ErrorCode, string, string | null][] = [
      // [what is wrong, the mend that follows, code, field named, last check that ran]
      ['an unknown key in the envelope', { colour: undefined }, 'UNPROCESSABLE', 'colour', null],
      ['an unknown family', { family: 'toy' }, 'UNPROCESSABLE', 'family', 'family'],
      ['a malformed period', { period: '2019/20' }, 'UNPROCESSABLE', 'period', 'family'],
      ['a period no rule set covers', { period: '2013/14' }, 'UNPROCESSABLE', 'period', 'ruleSet'],
      ['a CCG not in the register (looked up in upper case)', { subject: '00c' }, 'NOT_FOUND', 'subject', 'subject'],
      ['facts the schema refuses', { facts: { score: 11, population: 1 } }, 'INVALID_FACTS', 'facts.score', 'subject'],
      ["a score above the rule set's maximum (checkFacts)", { facts: { score: 7, population: 1 } }, 'INVALID_FACTS', 'facts.score', 'checkFacts'],
    ];
    for (const [what, mend, code, field, last] of steps) {
      const r = await refusal(body);
      expect({ what, code: r.code, fields: r.fields, ran: r.ran }).toEqual({ what, code, fields: [field], ran: upTo(last) });
      body = Object.fromEntries(Object.entries({ ...body, ...mend }).filter(([, v]) => v !== undefined));
    }

    // History: a later period is already issued (loadContext), then the register contradicts the facts (engineFacts).
    expect(await refusal(body)).toEqual({ code: 'INVALID_FACTS', fields: ['period'], ran: upTo('loadContext') });
    laterPeriods.clear();
    expect(await refusal(body)).toEqual({ code: 'INVALID_FACTS', fields: ['facts.population'], ran: upTo('engineFacts') });

    body = { ...body, facts: { score: 7, population: 101_000 } };
    calls = [];
    await expect(intake.validate(body)).resolves.toEqual({
      family: 'toy',
      subject: '00C',
      period: '2013/14',
      provenance: 'submitted',
      facts: { score: 7, population: 101_000 },
    });
    expect(calls).toEqual(CHECKS);
  });

  it('puts every field named under a batch item’s prefix, the family hooks’ included', async () => {
    const good = { family: 'toy', subject: '00C', period: '2013/14', facts: { score: 7, population: 101_000 } };
    expect((await refusal({ ...good, family: 'astrology' }, 'items.4')).fields).toEqual(['items.4.family']);
    expect((await refusal({ ...good, period: '2020/21' }, 'items.4')).fields).toEqual(['items.4.period']);
    expect((await refusal({ ...good, subject: 'ZZZ' }, 'items.4')).fields).toEqual(['items.4.subject']);
    expect((await refusal({ ...good, facts: { score: -1, population: 1 } }, 'items.4')).fields).toEqual(['items.4.facts.score']);
    expect((await refusal({ ...good, facts: { score: 11, population: 1 } }, 'items.4')).fields).toEqual(['items.4.facts.score']);
    expect((await refusal(good, 'items.4')).fields).toEqual(['items.4.period']);
    laterPeriods.clear();
    expect((await refusal({ ...good, facts: { score: 7, population: 1 } }, 'items.4')).fields).toEqual(['items.4.facts.population']);
  });
});
