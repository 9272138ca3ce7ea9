// A candidate's effective dates must be days of the calendar: 2013-02-30 is refused (422 naming
// /effective/from or /effective/to) by a what-if run, a proposal and a diff, and nothing is kept.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../src/common/project-root.js';
import type { RuleSetDocument } from '../../src/rules/rule-set.schema.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

jest.setTimeout(60_000);

const qp201314 = (): RuleSetDocument =>
  JSON.parse(readFileSync(join(projectRoot(), 'rules', 'quality-premium', 'qp-2013-14.json'), 'utf8')) as RuleSetDocument;
const withDates = (effective: { from: string; to?: string }): RuleSetDocument => ({ ...qp201314(), version: '1.2.0', effective });

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ config: { ROLE: 'api' } });
});
afterAll(async () => {
  await t?.close();
});

const issues = (body: { issues: { field: string; message: string }[] }) => body.issues;

describe('effective dates not in the calendar', () => {
  it.each([
    ['a 30 February start', '/effective/from', { from: '2013-02-30', to: '2014-03-31' }],
    ['a 30 February end', '/effective/to', { from: '2013-04-01', to: '2014-02-30' }],
    ['a 29 February start outside a leap year', '/effective/from', { from: '2014-02-29', to: '2014-03-31' }],
  ])('%s: refused by a what-if run, a proposal and a diff (422 naming %s), nothing kept', async (_what, field, effective) => {
    const candidate = withDates(effective);
    const expected = [{ field, message: expect.stringMatching(/real calendar date/) }];
    const run = await t.as('board').post('/api/v1/rule-sets/simulations').send({ candidate }).expect(422);
    expect(issues(run.body)).toEqual(expected);
    const proposal = await t
      .as('admin')
      .post('/api/v1/rule-sets/proposals')
      .send({ candidate, changeReason: 'Dates checked against the calendar' })
      .expect(422);
    expect(issues(proposal.body)).toEqual(expected);
    const diff = await t.as('board').post('/api/v1/rule-sets/diff').send({ from: qp201314(), to: candidate }).expect(422);
    expect(issues(diff.body)).toEqual([{ field: `/to${field}`, message: expect.stringMatching(/real calendar date/) }]);
    expect(await t.prisma.ruleSetProposal.count()).toBe(0);
    expect(await t.prisma.simulationRun.count()).toBe(0);
  });

  it('a bad start that would also seem to run into another version is named as itself', async () => {
    // As text, 2013-02-30 sorts before qp-2013-14's start: once it was an overlap on /effective/to.
    const candidate = { ...qp201314(), id: 'qp-2012-13-late', effective: { from: '2013-02-30', to: '2014-03-31' } };
    const res = await t.as('board').post('/api/v1/rule-sets/simulations').send({ candidate }).expect(422);
    expect(issues(res.body)).toEqual([{ field: '/effective/from', message: expect.stringMatching(/real calendar date/) }]);
  });
});
