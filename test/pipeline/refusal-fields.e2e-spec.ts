// Every refusal names its field: a query string is checked on every API list (a parameter a route
// does not know, or a bad value, is a 400 naming `query.<name>`), and a 404 names the path parameter.
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

it.each([
  ['/api/v1/national-issues?x=1', 'board', 'query.x'],
  ['/api/v1/api-keys?x=1', 'admin', 'query.x'],
  ['/api/v1/rulesets?x=1', 'auditor', 'query.x'],
  ['/api/v1/proposals?x=1', 'panel', 'query.x'],
  ['/api/v1/assessments?status=lost', 'board', 'query.status'],
  ['/api/v1/assessments?pageSize=0', 'board', 'query.pageSize'],
  ['/api/v1/audit?colour=red', 'auditor', 'query.colour'],
  ['/api/v1/rule-sets/proposals?status=live', 'auditor', 'query.status'],
  ['/api/v1/barriers?objective=0', 'board', 'query.objective'],
] as const)('%s is a 400 naming the parameter', async (url, role, field) => {
  const res = await t.as(role).get(url).expect(400);
  expect(res.body.issues).toEqual([expect.objectContaining({ field })]);
});

it('the same lists answer without a query string', async () => {
  for (const [url, role] of [
    ['/api/v1/national-issues', 'board'],
    ['/api/v1/api-keys', 'admin'],
    ['/api/v1/rulesets', 'auditor'],
    ['/api/v1/proposals', 'panel'],
  ] as const) {
    const res = await t.as(role).get(url);
    expect({ url, status: res.status }).toEqual({ url, status: 200 });
  }
});

it.each([
  ['/api/v1/ccgs/ZZZ', 'code'],
  ['/api/v1/decisions/00000000-0000-4000-8000-000000000000', 'id'],
  ['/api/v1/assessments/00000000-0000-4000-8000-000000000000', 'id'],
  ['/api/v1/rulesets/zz', 'hash'],
  ['/api/v1/proposals/RCF-2016-999', 'ref'],
  ['/api/v1/barriers/BAR-2013-9999', 'ref'],
] as const)('a 404 for %s names the path parameter %s', async (url, field) => {
  const res = await t.as('board').get(url).expect(404);
  expect(res.body.issues).toEqual([expect.objectContaining({ field })]);
});
