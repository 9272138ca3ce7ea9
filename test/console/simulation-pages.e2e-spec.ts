// What-ifs in the console: Board staff upload a candidate rule set (the intervention rules with the
// year-to-date trigger lowered) and read the run: the CCGs it moves, computed here from the facts
// the test submitted, the totals, the chart, the rule-set diff and a CSV with one line per
// subject. A bad candidate is shown again with its JSON pointer; auditors read but cannot run;
// an unknown run is a 404 page.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { createServer, request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { readCcgRegister } from '../../src/ccgs/ccg-register.js';
import { projectRoot } from '../../src/common/project-root.js';
import type { RuleSetDocument } from '../../src/rules/rule-set.schema.js';
import { interventionAssessment } from '../support/intervention-facts.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { signedIn } from './console-support.js';

const ruleFile = (path: string): RuleSetDocument => JSON.parse(readFileSync(join(projectRoot(), 'rules', path), 'utf8')) as RuleSetDocument;
const YTD_RULE = 'finance: year-to-date variance worse than -0.5% of allocation';
// Year-to-date variance per CCG in 2013-Q1, around the -0.5 % threshold and the -0.3 % of the candidate.
const YTD = [-0.2, -0.35, -0.45, -0.6, 0.1, -0.31];

let t: TestApp;
let ccgs: { odsCode: string; name: string }[];
let board: Awaited<ReturnType<typeof signedIn>>;

beforeAll(async () => {
  t = await startTestApp();
  ccgs = readCcgRegister(t.config.CCG_REGISTER).slice(0, YTD.length);
  for (const [i, ytd] of YTD.entries()) {
    const a = await t.submitAndWait(interventionAssessment(ccgs[i].odsCode, '2013-Q1', { 'finance.ytdVariancePct': ytd }));
    if (i < 2) await t.as('board').post(`/api/v1/decisions/${a.decisions[0].id}/confirm`).send({ note: 'checkpoint' }).expect(200);
  }
  board = await signedIn(t, 'board');
});
afterAll(() => t.close());

/** The intervention rule set with the year-to-date trigger at `threshold`. */
function candidate(threshold: number): RuleSetDocument {
  const c = ruleFile('intervention/intervention-2013-14.json');
  c.version = '1.1.0';
  const rule = c.rules.find((r) => r.name === YTD_RULE)!;
  (rule.conditions as { all: { value: unknown }[] }).all[0].value = threshold;
  return c;
}

/** Posts the what-if form as a browser does: multipart, the token first, the file attached. */
function postWhatIf(
  who: Awaited<ReturnType<typeof signedIn>>,
  form: { file?: Buffer; text?: string; from?: string; to?: string; csrf?: string | null },
) {
  const req = who.agent.post('/console/rules/simulations');
  if (form.csrf !== null) req.field('_csrf', form.csrf ?? who.csrf);
  req.field('candidateText', form.text ?? '');
  req.field('periodFrom', form.from ?? '').field('periodTo', form.to ?? '');
  return form.file ? req.attach('candidateFile', form.file, { filename: 'candidate.json', contentType: 'application/json' }) : req;
}

const fileOf = (doc: object) => Buffer.from(JSON.stringify(doc, null, 2));
/** The subjects of the run page's table, with whether each is marked changed. */
const tableRows = (html: string) =>
  [...html.matchAll(/data-subject="([^"]+)" data-period="([^"]+)" data-changed="(true|false)"/g)].map((m) => m.slice(1));

describe('a what-if from the console', () => {
  let runId: string;

  it('Board staff upload a candidate and are sent to its run', async () => {
    const rules = await board.agent.get('/console/rules').expect(200);
    expect(rules.text).toContain('enctype="multipart/form-data"');
    const stored = await t.as('auditor').get('/api/v1/rulesets').expect(200);
    const hash: string = stored.body.find((s: { file: string }) => s.file === 'intervention/intervention-2013-14.json').hash;
    expect(rules.text).toContain(`href="/console/rules/versions/${hash}"`);

    const runs = await t.prisma.simulationRun.count();
    const res = await postWhatIf(board, { file: fileOf(candidate(-0.3)), from: '2013-Q1', to: '2013-Q1' }).expect(303);
    const match = /^\/console\/rules\/simulations\/([0-9a-f-]{36})$/.exec(String(res.headers.location));
    expect(match).not.toBeNull();
    runId = match![1];
    expect(await t.prisma.simulationRun.count()).toBe(runs + 1);
    const events = await t.prisma.auditEvent.findMany({ where: { entityType: 'simulation-run', entityId: runId } });
    expect(events.map((e) => [e.action, e.actor])).toEqual([['ruleset.simulated', 'test-board']]);
  });

  it('the run page shows the CCGs the lowered threshold moves, changed first, with totals, chart and diff', async () => {
    const page = await board.agent.get(`/console/rules/simulations/${runId}`).expect(200);
    // From the facts: the trigger fires below the threshold, -0.5 before and -0.3 after.
    const crossing = ccgs.filter((_, i) => YTD[i] < -0.3 && !(YTD[i] < -0.5)).map((c) => c.odsCode);
    expect(crossing).toHaveLength(3);
    const rows = tableRows(page.text);
    expect(rows.map(([code]) => code).sort()).toEqual(ccgs.map((c) => c.odsCode).sort());
    expect(
      rows
        .filter(([, , changed]) => changed === 'true')
        .map(([code]) => code)
        .sort(),
    ).toEqual([...crossing].sort());
    // Changed rows first.
    expect(rows.slice(0, crossing.length).every(([, , changed]) => changed === 'true')).toBe(true);
    for (const code of crossing)
      expect(page.text).toContain(
        ccgs
          .find((c) => c.odsCode === code)!
          .name.replace(/&/g, '&amp;')
          .replace(/'/g, '&#x27;'),
      );

    const atLevel1 = YTD.filter((y) => y < -0.5).length;
    expect(page.text).toContain(
      `Level 1: ${atLevel1} CCG${atLevel1 === 1 ? '' : 's'} before, ${atLevel1 + crossing.length} after (+${crossing.length}).`,
    );
    expect(page.text).toContain(`${YTD.length} CCG periods covered, ${YTD.length} judged by the candidate, ${crossing.length} changed`);
    expect(page.text).toContain('data-chart="chart-level"');
    expect(page.text).toMatch(new RegExp(`data-rule="${YTD_RULE.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`));
    // The diff against the version it replaces: the threshold side by side, with the citation.
    expect(page.text).toContain('data-threshold="finance.ytdVariancePct"');
    expect(page.text).toMatch(/<td class="nhsuk-table__cell console-code">-0.5<\/td><td class="nhsuk-table__cell console-code">-0.3<\/td>/);
    expect(page.text).toContain('mandate §5.7');
    expect(page.text).toContain('test-board');
    expect(page.text).toContain(`href="/console/rules/simulations/${runId}/rows.csv"`);

    // The changed rows alone, on a page of their own; a bad choice names the field.
    const changedOnly = await board.agent.get(`/console/rules/simulations/${runId}?rows=changed`).expect(200);
    expect(
      tableRows(changedOnly.text)
        .map(([code]) => code)
        .sort(),
    ).toEqual([...crossing].sort());
    expect(changedOnly.text).toContain(`Changed only (${crossing.length})`);
    const bad = await board.agent.get(`/console/rules/simulations/${runId}?rows=some`).expect(400);
    expect(bad.text).toContain('The page address is not right: rows must be one of all, changed');
  });

  it('the CSV has one line per subject and period', async () => {
    const csv = await board.agent.get(`/console/rules/simulations/${runId}/rows.csv`).expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toBe(`attachment; filename="simulation-${runId}.csv"`);
    const lines = csv.text.trim().split('\n');
    expect(lines).toHaveLength(1 + YTD.length);
    expect(lines[0]).toContain('levelBefore,levelAfter,levelDifference');
    expect(
      lines
        .slice(1)
        .map((l) => l.split(',')[0])
        .sort(),
    ).toEqual(ccgs.map((c) => c.odsCode).sort());
  });

  it('lists the run, newest first', async () => {
    const second = await postWhatIf(board, { text: JSON.stringify(candidate(-0.4)) }).expect(303);
    const newest = String(second.headers.location).split('/').pop()!;
    const list = await board.agent.get('/console/rules/simulations').expect(200);
    const order = [...list.text.matchAll(/data-run="([^"]+)"/g)].map((m) => m[1]);
    expect(order.indexOf(newest)).toBeLessThan(order.indexOf(runId));
    expect(order.indexOf(runId)).toBeGreaterThanOrEqual(0);
  });
});

describe('a candidate the console refuses', () => {
  it('is shown again with 422 and each problem’s JSON pointer in the error summary; nothing is run', async () => {
    const runs = await t.prisma.simulationRun.count();
    const bad = candidate(-0.3);
    (bad.rules[3].conditions as { all: { operator: string }[] }).all[0].operator = 'roughly';
    const refused = await postWhatIf(board, { file: fileOf(bad) }).expect(422);
    const summary = /<div class="nhsuk-error-summary"[\s\S]*?<\/ul>/.exec(refused.text)?.[0] ?? '';
    expect(summary).toContain('<a href="#candidate-file"><code>/rules/3/conditions/all/0/operator</code>: unknown operator</a>');
    expect(refused.text).toContain('<title>Error: Rules');

    // Pasted text that is not JSON names the whole rule set, and keeps what was pasted.
    const pasted = await postWhatIf(board, { text: '{"family": "intervention",' }).expect(422);
    expect(pasted.text).toContain('<a href="#candidate-text"><code>(the whole rule set)</code>: not valid JSON');
    expect(pasted.text).toContain('{&quot;family&quot;: &quot;intervention&quot;,</textarea>');

    // Neither, and a period the family does not have.
    const neither = await postWhatIf(board, {}).expect(422);
    expect(neither.text).toContain('href="#candidate-file"');
    const period = await postWhatIf(board, { file: fileOf(candidate(-0.3)), from: '2013-Q9' }).expect(422);
    expect(period.text).toContain('<a href="#period-from">Enter the first period as a quarter of the financial year like 2013-Q3');
    expect(period.text).toContain('value="2013-Q9"');
    expect(await t.prisma.simulationRun.count()).toBe(runs);
  });

  it('refuses a file over the limit with 413, and a post without the form’s token with 403', async () => {
    const runs = await t.prisma.simulationRun.count();
    const tooLarge = await postWhatIf(board, { file: Buffer.alloc(1024 * 1024 + 16, 0x20) }).expect(413);
    expect(tooLarge.text).toContain('the file is larger than 1 MB');
    await postWhatIf(board, { file: fileOf(candidate(-0.3)), csrf: null }).expect(403);
    await postWhatIf(board, { file: fileOf(candidate(-0.3)), csrf: 'not-the-token' }).expect(403);
    expect(await t.prisma.simulationRun.count()).toBe(runs);
  });
});

describe('what the upload is allowed to hold', () => {
  it('sends an anonymous multipart post to sign in, as any anonymous post, without waiting for its body', async () => {
    const asToday = await request(t.app.getHttpServer()).post('/console/rules/simulations').type('form').send({ periodFrom: '2013-Q1' });
    expect([asToday.status, asToday.headers.location]).toEqual([303, '/console/sign-in']);
    // A body that never ends: had the parser read it, no answer would come before it did.
    const server = createServer(t.app.getHttpAdapter().getInstance());
    await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
    let post: ClientRequest | undefined;
    try {
      const answer = await Promise.race([
        new Promise<IncomingMessage>((resolve, reject) => {
          const boundary = 'anonymous-boundary';
          post = httpRequest(
            {
              host: '127.0.0.1',
              port: (server.address() as AddressInfo).port,
              method: 'POST',
              path: '/console/rules/simulations',
              headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'transfer-encoding': 'chunked' },
            },
            resolve,
          );
          post.on('error', reject);
          post.write(`--${boundary}\r\nContent-Disposition: form-data; name="candidateText"\r\n\r\n${'x'.repeat(64 * 1024)}`);
        }),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no answer while the body was still arriving')), 5000)),
      ]);
      answer.resume();
      expect([answer.statusCode, answer.headers.location]).toEqual([303, '/console/sign-in']);
    } finally {
      post?.destroy();
      server.closeAllConnections();
      await new Promise((closed) => server.close(closed));
    }
  });

  it('takes the pasted candidate up to the limit but refuses a long value in any other field with 413', async () => {
    const runs = await t.prisma.simulationRun.count();
    const long = await postWhatIf(board, { file: fileOf(candidate(-0.3)), from: '2013-Q1'.padEnd(4096, ' ') }).expect(413);
    expect(long.text).toContain('href="#period-from"');
    expect(long.text).toContain('longer than 1 KB');
    expect(await t.prisma.simulationRun.count()).toBe(runs);
  });
});

describe('who may do what', () => {
  it('auditors read the rules, runs and CSV but get no run form, and a POST is 403', async () => {
    const auditor = await signedIn(t, 'auditor');
    const rules = await auditor.agent.get('/console/rules').expect(200);
    expect(rules.text).not.toContain('id="what-if-form"');
    expect(rules.text).toContain('data-testid="no-run-form"');
    expect(rules.text).toContain('href="/console/rules"');
    const [run] = await t.prisma.simulationRun.findMany({ orderBy: { createdAt: 'desc' }, take: 1 });
    await auditor.agent.get(`/console/rules/simulations/${run.id}`).expect(200);
    await auditor.agent.get(`/console/rules/simulations/${run.id}/rows.csv`).expect(200);
    await auditor.agent.get('/console/rules/simulations').expect(200);
    const runs = await t.prisma.simulationRun.count();
    await postWhatIf(auditor, { file: fileOf(candidate(-0.3)) }).expect(403);
    expect(await t.prisma.simulationRun.count()).toBe(runs);
  });

  it('the panel has no Rules page', async () => {
    const panel = await signedIn(t, 'panel');
    const queue = await panel.agent.get('/console/queue').expect(200);
    expect(queue.text).not.toContain('href="/console/rules"');
    await panel.agent.get('/console/rules').expect(403);
  });
});

describe('pages that are not there', () => {
  it('answers an unknown or malformed run id with the 404 page', async () => {
    for (const url of [
      `/console/rules/simulations/${randomUUID()}`,
      '/console/rules/simulations/not-a-run',
      `/console/rules/simulations/${randomUUID()}/rows.csv`,
    ]) {
      const res = await board.agent.get(url).expect(404);
      expect(res.text).toContain('Page not found');
    }
  });

  it('shows a stored version and compares it with another; a bad version is a 404, a bad comparison says what `with` must be', async () => {
    const stored = await t.as('auditor').get('/api/v1/rulesets').expect(200);
    const hashOf = (file: string) => stored.body.find((s: { file: string }) => s.file === file).hash as string;
    const [qp13, qp14] = [hashOf('quality-premium/qp-2013-14.json'), hashOf('quality-premium/qp-2014-15.json')];
    const version = await board.agent.get(`/console/rules/versions/${qp13}`).expect(200);
    expect(version.text).toContain('data-testid="rule-set-rules"');
    const compared = await board.agent.get(`/console/rules/versions/${qp13}?with=${qp14}`).expect(200);
    expect(compared.text).toContain('data-testid="diff-summary"');
    await board.agent.get(`/console/rules/versions/${'0'.repeat(64)}`).expect(404);
    await board.agent.get('/console/rules/versions/xyz').expect(404);
    const malformed = await board.agent.get(`/console/rules/versions/${qp13}?with=xyz`).expect(400);
    expect(malformed.text).toContain('The page address is not right: with must be a rule-set content hash');
    const unknown = await board.agent.get(`/console/rules/versions/${qp13}?with=${'0'.repeat(64)}`).expect(404);
    expect(unknown.text).toContain('We could not find that rule set');
  });
});
