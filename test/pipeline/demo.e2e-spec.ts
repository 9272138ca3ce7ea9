// The main job's national run: every CCG of the register through the real pipeline on synthetic
// facts. (The other families' simulations it also runs have e2e tests of their own.)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../src/common/project-root.js';
import { demoSeeds, runDemo } from '../../src/demo/demo.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

interface Figures {
  share: string;
  zero: number;
  best: string;
}

/** What README.md's "npm run demo" paragraph states for the Quality Premium's default seed on its
 *  own facts (no intervention year): read from README, so README and this test cannot drift. */
function readmeFigures(): { seed: number } & Figures {
  const text = readFileSync(join(projectRoot(), 'README.md'), 'utf8').replace(/\s+/g, ' ');
  const m =
    /Quality Premium's, (\d+), comes closest to the real totals: on its own facts (\d+\.\d)% of the pot paid, (\d+) CCGs at nothing, best (\d+\.\d)%/.exec(
      text,
    );
  if (!m)
    throw new Error(
      'README.md no longer states the demo\'s figures as "Quality Premium\'s, <seed>, comes closest to the real totals: on its own facts <x.x>% of the pot paid, <n> CCGs at nothing, best <y.y>%"',
    );
  return { seed: Number(m[1]), share: `${m[2]}%`, zero: Number(m[3]), best: `${m[4]}%` };
}

/** The same figures as the demo printed them, from its summary table's "this run" column. */
function printedFigures(summary: string): Figures {
  const cell = (label: string): string => {
    const row = summary.split('\n').find((l) => l.startsWith(`| ${label} `));
    if (!row) throw new Error(`the summary has no row "${label}":\n${summary}`);
    return row.split('|')[2].trim();
  };
  return { share: cell('Share of maximum paid'), zero: Number(cell('CCGs paid nothing')), best: cell('Best CCG, share of its maximum') };
}

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ config: { WORKER_CONCURRENCY: 8 } });
});
afterAll(() => t.close());

it('assesses all 211 CCGs, prints the national summary README states and one key per role', async () => {
  const readme = readmeFigures();
  // README names the Quality Premium's default seed: it must be the one the demo uses without --seed.
  expect(readme.seed).toBe(demoSeeds().qualityPremium);
  const lines: string[] = [];
  const { keys, summary } = await runDemo(t.app, { seed: readme.seed, period: '2013/14', families: false, out: (l) => lines.push(l) });
  expect(Object.keys(keys).sort()).toEqual(['admin', 'auditor', 'board', 'panel']);
  expect(summary).toMatch(/CCGs assessed\s+\|\s+211\s/);

  const outcomes = (await t.prisma.evaluation.findMany({ where: { assessment: { family: 'quality-premium' } }, select: { outcome: true } })).map(
    (e) => e.outcome as { payablePence: number; maximumPence: number },
  );
  expect(outcomes).toHaveLength(211);
  const paid = outcomes.reduce((s, o) => s + o.payablePence, 0);
  const max = outcomes.reduce((s, o) => s + o.maximumPence, 0);
  const best = Math.max(...outcomes.map((o) => o.payablePence / o.maximumPence));
  const stored: Figures = {
    share: `${((100 * paid) / max).toFixed(1)}%`,
    zero: outcomes.filter((o) => o.payablePence === 0).length,
    best: `${(100 * best).toFixed(1)}%`,
  };
  // Exactly what README states for this run, in the stored evaluations and in the printed summary.
  const { seed: _seed, ...stated } = readme;
  expect(stored).toEqual(stated);
  expect(printedFigures(summary)).toEqual(stated);
  expect(lines).toContain(summary);
  expect(lines.join('\n')).toMatch(/Audit chain: intact/);
  expect(await t.prisma.assessment.count({ where: { family: 'quality-premium', status: 'awaiting_review' } })).toBe(211);
  // Every one labelled at intake: the documents say the facts are synthetic.
  expect(await t.prisma.assessment.count({ where: { family: 'quality-premium', provenance: 'synthetic' } })).toBe(211);
});
