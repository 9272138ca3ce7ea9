// The main job's national run: every CCG of the register through the real pipeline on synthetic
// facts. (The other families' simulations it also runs have e2e tests of their own.)
import { runDemo } from '../../src/demo/demo.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ config: { WORKER_CONCURRENCY: 8 } });
});
afterAll(() => t.close());

it('assesses all 211 CCGs, prints a plausible national summary and one key per role', async () => {
  const lines: string[] = [];
  const { keys, summary } = await runDemo(t.app, { seed: 10, period: '2013/14', families: false, out: (l) => lines.push(l) });
  expect(Object.keys(keys).sort()).toEqual(['admin', 'auditor', 'board', 'panel']);
  expect(summary).toMatch(/CCGs assessed\s+\|\s+211\s/);

  const outcomes = (await t.prisma.evaluation.findMany({ where: { assessment: { family: 'quality-premium' } }, select: { outcome: true } })).map((e) => e.outcome as { payablePence: number; maximumPence: number });
  expect(outcomes).toHaveLength(211);
  const paid = outcomes.reduce((s, o) => s + o.payablePence, 0);
  const max = outcomes.reduce((s, o) => s + o.maximumPence, 0);
  // Against the real 2013/14 outcome: about a third of the pot paid, a few dozen CCGs at nothing.
  expect(paid / max).toBeGreaterThan(0.25);
  expect(paid / max).toBeLessThan(0.4);
  const zero = outcomes.filter((o) => o.payablePence === 0).length;
  expect(zero).toBeGreaterThanOrEqual(15);
  expect(zero).toBeLessThanOrEqual(40);
  expect(lines.join('\n')).toMatch(/Audit chain: intact/);
  expect(await t.prisma.assessment.count({ where: { family: 'quality-premium', status: 'awaiting_review' } })).toBe(211);
  // Every one labelled at intake: the documents say the facts are synthetic.
  expect(await t.prisma.assessment.count({ where: { family: 'quality-premium', provenance: 'synthetic' } })).toBe(211);
});
