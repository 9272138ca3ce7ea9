import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DocumentRenderer } from '../decisions/document-renderer.js';
import { principlesView } from '../intervention/principles.js';
import type { PrismaService } from '../prisma/prisma.service.js';
import { RuleSetRunner } from '../rules/rule-engine.js';
import { type CcgContext, templateFor } from '../rules/rule-family.js';
import { parseRuleSet, type LoadedRuleSet } from '../rules/rule-set.loader.js';
import { allAchieved201314 } from './quality-premium.examples.js';
import { qualityPremiumFactsSchema } from './quality-premium.facts.js';
import { qualityPremiumFamily as family } from './quality-premium.family.js';

const root = resolve(__dirname, '../..');
const read = (file: string) => readFileSync(resolve(root, 'rules', file), 'utf8');
const qp = parseRuleSet('quality-premium/qp-2013-14.json', read('quality-premium/qp-2013-14.json'));
const interventionText = read('intervention/intervention-2013-14.json');
const intervention = parseRuleSet('intervention/intervention-2013-14.json', interventionText);
const renderer = new DocumentRenderer(resolve(root, 'templates'));
const runner = new RuleSetRunner(qp.document);

const ccg: CcgContext = {
  odsCode: '00C',
  name: 'NHS Darlington CCG',
  areaTeamName: 'Durham, Darlington and Tees',
  regionName: 'North of England',
  registeredPop2013: 105_000,
  registeredPop2014: null,
};

type Issued = { ccgCode: string; quarter: string; level: number };

/** Just the reads `loadContext` makes: the CCG's issued quarters (rows exist only for issued
 *  decisions); the intervention rule set in force comes from the process's loaded rule sets. */
function fakeDb(issued: Issued[]) {
  const asked: { ruleSets: [string, string][]; quarters: unknown[] } = { ruleSets: [], quarters: [] };
  const db = {
    interventionQuarter: {
      findMany: async (args: { where: { ccgCode: string; quarter: { in: string[] } } }) => {
        asked.quarters.push(args);
        return issued
          .filter((r) => r.ccgCode === args.where.ccgCode && args.where.quarter.in.includes(r.quarter))
          .map(({ quarter, level }) => ({ quarter, level }));
      },
    },
  };
  return { db: db as unknown as PrismaService, asked };
}

/** The pipeline's steps for one 2013/14 assessment of 00C: loadContext, engineFacts, the rules,
 *  the decider; the decider sees the engine facts after a JSON round trip, as a replay does. */
async function evaluate(issued: Issued[], interventionSet = intervention) {
  const { db, asked } = fakeDb(issued);
  const facts = qualityPremiumFactsSchema.parse(allAchieved201314());
  const ruleSetOn = (familyId: string, day: string): LoadedRuleSet | undefined => {
    asked.ruleSets.push([familyId, day]);
    return familyId === 'intervention' ? interventionSet : undefined;
  };
  const context = await family.loadContext!({ subject: '00C', period: '2013/14', facts, ruleSetOn }, db);
  const engineFacts = JSON.parse(
    JSON.stringify(family.engineFacts(facts, { subject: '00C', period: '2013/14', ccg, family: context }, qp.document)),
  ) as Record<string, unknown>;
  const rules = await runner.run(engineFacts);
  const decided = family.decide({ engineFacts, rules, ruleSet: qp.document });
  return { ...decided, engineFacts, rules, asked };
}

/** The proposal's document body, as the pipeline renders it for review. */
function render({ key, outcome, rules }: Awaited<ReturnType<typeof evaluate>>): string {
  return renderer.render(templateFor(family, key), {
    outcome,
    proposedOutcome: outcome,
    subject: { code: ccg.odsCode, name: ccg.name },
    period: '2013/14',
    ruleSet: { id: qp.document.id, version: qp.document.version, source: qp.document.source, hash: qp.hash },
    status: 'proposed',
    rules,
  });
}

const issuedTo00C = (...levels: [string, number][]): Issued[] => levels.map(([quarter, level]) => ({ ccgCode: '00C', quarter, level }));

describe('the Quality Premium reads the intervention levels issued in its year', () => {
  it('fails the gateway, paying nothing, when level 3 was issued for 2013-Q4', async () => {
    const { key, outcome, engineFacts } = await evaluate(issuedTo00C(['2013-Q2', 1], ['2013-Q3', 2], ['2013-Q4', 3]));
    expect(key).toBe('not-payable');
    expect(outcome).toMatchObject({
      eligible: false,
      gatewaysFailed: ['intervention'],
      payablePence: 0,
      earnedFraction: 1,
      notPayableBecause: 'gateway',
    });
    expect(outcome.gateways.find((g) => g.id === 'intervention')?.detail).toBe(
      'Intervention at level 3 or above was issued for 2013-Q4 (highest level in 2013/14: 3); the intervention principles (intervention-2013-14@1.0.0) make level 3 or above a Quality Premium gateway fact.',
    );
    expect(outcome.reasons).toEqual([
      expect.objectContaining({ kind: 'gateway', id: 'intervention', citation: expect.stringContaining('mandate §5.11') }),
    ]);
    expect(engineFacts).toMatchObject({
      'gateways.intervention.levelReached': true,
      'gateways.intervention.gatewayLevel': 3,
      'gateways.intervention.highestLevel': 3,
      'gateways.intervention.quarters': ['2013-Q4'],
      'gateways.intervention.quartersOnRecord': ['2013-Q2', '2013-Q3', '2013-Q4'],
    });
  });

  it('passes the gateway at level 2, and pays in full', async () => {
    const { key, outcome } = await evaluate(issuedTo00C(['2013-Q3', 2], ['2013-Q4', 2]));
    expect(key).toBe('payable');
    expect(outcome).toMatchObject({ eligible: true, gatewaysFailed: [], payablePence: 52_500_000 });
    expect(outcome.gateways.find((g) => g.id === 'intervention')).toMatchObject({
      passed: true,
      detail: 'No intervention at level 3 or above was issued for 2013/14 (highest level issued: 2, for 2013-Q3 and 2013-Q4).',
    });
  });

  it('counts no intervention when none is on record for the year, and says so in the payment statement', async () => {
    const evaluated = await evaluate(issuedTo00C(['2014-Q1', 4]));
    expect(evaluated.key).toBe('payable');
    const sentence = 'No intervention at level 3 or above was issued for 2013/14 (no intervention quarter of 2013/14 is on record).';
    expect(evaluated.outcome.gateways.find((g) => g.id === 'intervention')?.detail).toBe(sentence);
    expect(render(evaluated)).toContain(sentence);
  });

  it("reads only the CCG's quarters of the year and the intervention rule set in force on its first day", async () => {
    const { asked } = await evaluate([]);
    expect(asked.quarters).toEqual([
      expect.objectContaining({ where: { ccgCode: '00C', quarter: { in: ['2013-Q1', '2013-Q2', '2013-Q3', '2013-Q4'] } } }),
    ]);
    expect(asked.ruleSets).toEqual([['intervention', '2013-04-01']]);
  });

  it('names the failure with its quarters and level in the non-payment notice', async () => {
    const html = render(await evaluate(issuedTo00C(['2013-Q4', 3])));
    expect(html).toContain('did not pass every gateway');
    expect(html).toContain('Intervention at level 3 or above was issued for 2013-Q4 (highest level in 2013/14: 3)');
  });
});

/** The level the published principles state, read from the rendered page. */
function publishedLevel(set: LoadedRuleSet): number {
  const html = renderer.render('intervention/principles', principlesView(set));
  const m = /A level of (\d) or above in any quarter of a year is a fact for that year's Quality Premium gateways/.exec(html);
  if (!m) throw new Error('the principles no longer state the Quality Premium gateway level');
  return Number(m[1]);
}

/** The lowest level at which the Quality Premium gateway rules actually fail. */
async function appliedLevel(set: LoadedRuleSet): Promise<number | undefined> {
  for (const level of [1, 2, 3, 4, 5]) {
    const { outcome } = await evaluate(issuedTo00C(['2013-Q4', level]), set);
    if (outcome.gatewaysFailed.includes('intervention')) return level;
  }
  return undefined;
}

describe('what the intervention principles publish is what the Quality Premium applies', () => {
  const editedTo = (level: number) => {
    const text = interventionText.replace('"qualityPremiumGatewayLevel": 3,', `"qualityPremiumGatewayLevel": ${level},`);
    expect(text).not.toBe(interventionText);
    return parseRuleSet('intervention/intervention-2013-14.json', text);
  };

  it.each([
    ['the rule set as shipped', () => intervention],
    ['the level raised to 4', () => editedTo(4)],
    ['the level lowered to 2', () => editedTo(2)],
  ])('%s: the level stated is the level applied', async (_, set) => {
    const s = set();
    expect(await appliedLevel(s)).toBe(publishedLevel(s));
  });
});
