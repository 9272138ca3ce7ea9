// The demo's barrier channel on the real register: synthetic barriers of CCGs in all four regions,
// swept for 2013-Q3 through the pipeline and issued; run again on the same data, it shows what the
// first run issued instead of raising the barriers twice.
import { runBarrierDemo } from '../../src/demo/barriers/barrier-demo.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

it('raises synthetic barriers across the four regions, sweeps the quarter, prints its figures, and runs again on the same data', async () => {
  const first = await runBarrierDemo(t.app);
  console.log(first);
  expect(first).toMatch(/raised by \d+ CCGs in 4 regions/);
  expect(first).toMatch(/subjects assessed\s+9 \(7 national issues, 2 barriers/);
  expect(first).toMatch(/answered\s+2\n/);
  expect(first).toMatch(/awaiting response\s+2\n/);
  expect(first).toMatch(/owner chased\s+1\n/);
  expect(first).toMatch(/escalated\s+4 into the quarterly letter/);

  // Every barrier labelled synthetic, and every assessment of them too.
  const barriers = await t.prisma.barrier.findMany({ select: { provenance: true, stopsLocally: true } });
  expect(barriers.length).toBeGreaterThan(40);
  expect(barriers.every((b) => b.provenance === 'synthetic' && b.stopsLocally.startsWith('[Synthetic]'))).toBe(true);
  expect(await t.prisma.assessment.count({ where: { family: 'barrier-escalation', provenance: { not: 'synthetic' } } })).toBe(0);
  const letter = (await t.as('board').get('/api/v1/barriers/reports/quarterly?quarter=2013-Q3').expect(200)).body;
  expect(letter).toMatchObject({ count: 4, synthetic: true });
  const html = await t.as('board').get('/api/v1/barriers/reports/quarterly?quarter=2013-Q3&format=html').expect(200);
  expect(html.text).toContain('Synthetic data.');

  const before = { barriers: barriers.length, assessments: await t.prisma.assessment.count(), decisions: await t.prisma.decision.count() };
  const second = await runBarrierDemo(t.app);
  expect(second).toContain('stored by an earlier run');
  expect(second.replace(/\n\(stored by an earlier run.*\)$/, '')).toBe(first);
  expect({
    barriers: await t.prisma.barrier.count(),
    assessments: await t.prisma.assessment.count(),
    decisions: await t.prisma.decision.count(),
  }).toEqual(before);
});
