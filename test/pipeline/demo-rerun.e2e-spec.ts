// The demo run again on the same data folder shows what the first run issued instead of issuing
// it again (an issued decision stands until an amendment replaces it).
import { reconfigurationDemo } from '../../src/demo/demo.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

it('reconfiguration samples: the second run reports the reports the first one issued', async () => {
  const first = await reconfigurationDemo(t.app);
  const issued = [...first.matchAll(/decisions\/([0-9a-f-]{36})\/document/g)].map((m) => m[1]);
  expect(issued).toHaveLength(4);

  const second = await reconfigurationDemo(t.app);
  expect([...second.matchAll(/decisions\/([0-9a-f-]{36})\/document/g)].map((m) => m[1]).sort()).toEqual([...issued].sort());
  expect(second).toMatch(/stored by an earlier run/);
  expect(await t.prisma.decision.count({ where: { assessment: { family: 'reconfiguration' }, status: 'issued' } })).toBe(4);
});
