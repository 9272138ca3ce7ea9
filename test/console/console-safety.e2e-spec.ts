import { randomUUID } from 'node:crypto';
// The console's safety rules over plain HTTP: sessions, CSRF, roles, escaping, claims.
import request from 'supertest';
import { qpAssessment } from '../support/qp-facts.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { csrfOf, signedIn, submitAndWait } from './console-support.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('console sessions', () => {
  it('redirects to sign-in without a session, and / to the console', async () => {
    const server = t.app.getHttpServer();
    await request(server).get('/').expect(302).expect('Location', '/console');
    await request(server).get('/console/queue').expect(303).expect('Location', '/console/sign-in?next=%2Fconsole%2Fqueue');
    // A Bearer key opens the API, not the console, nor the queue dashboard.
    await request(server).get('/console/queue').set('Authorization', `Bearer ${t.keys.admin}`).expect(303);
    await request(server).get('/admin/queues').set('Accept', 'text/html').set('Authorization', `Bearer ${t.keys.admin}`).expect(303);
    await request(server).get('/admin/queues/api/queues').set('Accept', 'application/json').expect(401);
  });

  it('exchanges a key for an httpOnly, SameSite=strict session cookie; sign-out ends it', async () => {
    const agent = request.agent(t.app.getHttpServer());
    const form = await agent.get('/console/sign-in').expect(200);
    await agent
      .post('/console/sign-in')
      .type('form')
      .send({ _csrf: csrfOf(form.text), apiKey: 'ccg_board_nonsense' })
      .expect(401);
    const again = await agent.get('/console/sign-in').expect(200);
    const res = await agent
      .post('/console/sign-in')
      .type('form')
      .send({ _csrf: csrfOf(again.text), apiKey: t.keys.panel })
      .expect(303);
    const cookie = res.headers['set-cookie'] as unknown as string[];
    const session = cookie.find((c) => c.startsWith('ccg_session='))!;
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Strict/);
    expect(session).toMatch(/Max-Age=28800/);
    const queue = await agent.get('/console/queue').expect(200);
    expect(queue.text).toContain('test-panel (panel)');
    expect(queue.headers['content-security-policy']).toContain("script-src 'self'");

    await agent
      .post('/console/sign-out')
      .type('form')
      .send({ _csrf: csrfOf(queue.text) })
      .expect(303);
    await agent.get('/console/queue').expect(303);
    const events = await t.as('auditor').get('/api/v1/audit?actor=test-panel').expect(200);
    expect(events.body.items.map((e: { action: string }) => e.action)).toEqual(['console.signed-in', 'console.signed-out']);
  });

  it('refuses a sign-in form without its token, and ends a session whose time is up', async () => {
    const agent = request.agent(t.app.getHttpServer());
    await agent.get('/console/sign-in').expect(200);
    await agent.post('/console/sign-in').type('form').send({ apiKey: t.keys.board }).expect(403);

    const { agent: board } = await signedIn(t, 'board');
    await t.prisma.consoleSession.updateMany({ where: { actorName: 'test-board' }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await board.get('/console/queue').expect(303);
  });
});

describe('console forms', () => {
  it('refuses a form without a valid CSRF token and changes nothing', async () => {
    const { id } = await submitAndWait(t, qpAssessment('00D'));
    const { agent, csrf } = await signedIn(t, 'board');
    await agent.post(`/console/assessments/${id}/claim`).type('form').send({}).expect(403);
    const wrong = await agent
      .post(`/console/assessments/${id}/claim`)
      .type('form')
      .send({ _csrf: csrf.slice(1) + 'x' })
      .expect(403);
    expect(wrong.text).toContain('security token');
    expect(await t.prisma.reviewClaim.count({ where: { assessmentId: id } })).toBe(0);
    await agent.post(`/console/assessments/${id}/claim`).type('form').send({ _csrf: csrf }).expect(303);
    expect(await t.prisma.reviewClaim.count({ where: { assessmentId: id } })).toBe(1);
  });

  it("answers an auditor's and a panel member's review POST with 403", async () => {
    const { id } = await submitAndWait(t, qpAssessment('00F'));
    for (const role of ['auditor', 'panel'] as const) {
      const { agent, csrf } = await signedIn(t, role);
      await agent.post(`/console/assessments/${id}/claim`).type('form').send({ _csrf: csrf }).expect(403);
      await agent.post(`/console/assessments/${id}/confirm`).type('form').send({ _csrf: csrf }).expect(403);
      await agent.post('/console/admin/keys').type('form').send({ _csrf: csrf, name: 'x key', role: 'admin' }).expect(403);
      const page = await agent.get(`/console/assessments/${id}`).expect(200);
      expect(page.text).not.toContain('Claim for review');
    }
    const decision = await t.prisma.decision.findFirstOrThrow({ where: { assessmentId: id } });
    expect(decision.status).toBe('proposed');
  });

  it('lets only one reviewer claim an item until the claim lapses', async () => {
    const { id } = await submitAndWait(t, qpAssessment('00J'));
    const first = await signedIn(t, 'board');
    const second = await signedIn(t, 'admin');
    await first.agent.post(`/console/assessments/${id}/claim`).type('form').send({ _csrf: first.csrf }).expect(303);
    const refused = await second.agent.post(`/console/assessments/${id}/claim`).type('form').send({ _csrf: second.csrf }).expect(409);
    expect(refused.text).toContain('test-board is reviewing');
    await second.agent.post(`/console/assessments/${id}/confirm`).type('form').send({ _csrf: second.csrf }).expect(409);
    await t.prisma.reviewClaim.update({ where: { assessmentId: id }, data: { expiresAt: new Date(Date.now() - 1) } });
    await second.agent.post(`/console/assessments/${id}/claim`).type('form').send({ _csrf: second.csrf }).expect(303);
    const claimed = await t.as('auditor').get(`/api/v1/audit?entityId=${id}&action=assessment.claimed`).expect(200);
    expect(claimed.body.items.map((e: { actor: string }) => e.actor)).toEqual(['test-board', 'test-admin']);
  });

  it("shows each family's standing of a CCG on its page", async () => {
    const { agent } = await signedIn(t, 'auditor');
    const page = await agent.get('/console/ccgs/00C').expect(200);
    expect(page.text).toContain('CCG authorisation: standing now');
    expect(page.text).toContain('not assessed');
    expect(page.text).toContain('no quarter issued yet');
    expect(page.text).toContain('Intervention: standing now');
    expect(page.text).not.toContain('console-chart');

    // With quarters on record, the intervention level per quarter is drawn as a small chart.
    for (const [i, [quarter, level]] of (
      [
        ['2013-Q1', 1],
        ['2013-Q2', 3],
      ] as const
    ).entries()) {
      await t.prisma.interventionQuarter.create({
        data: {
          id: randomUUID(),
          ccgCode: '00C',
          quarter,
          quarterStart: new Date(Date.UTC(2013, 3 + 3 * i, 1)),
          level,
          proposedLevel: level,
          outcomeKey: `level-${level}`,
          overridden: false,
          facts: {},
          assessmentId: randomUUID(),
          decisionId: randomUUID(),
          issuedBy: 'test',
          issuedAt: new Date(),
        },
      });
    }
    const charted = await agent.get('/console/ccgs/00C').expect(200);
    // A bar chart (one image, described in words), each bar coloured by its level, and a table.
    expect(charted.text).toMatch(/<svg class="console-chart"[^>]* role="img"/);
    expect(charted.text).toContain('<desc id="standing-1-0-desc">2013-Q1: 1; 2013-Q2: 3.</desc>');
    expect(charted.text).toMatch(/<rect class="console-bar console-bar--caution" [^>]*data-value="1"/);
    expect(charted.text).toMatch(/<rect class="console-bar console-bar--concern" [^>]*data-value="3"/);
    expect(charted.text).toContain('<caption class="nhsuk-table__caption nhsuk-table__caption--s">Intervention: level by period</caption>');
  });

  it('escapes <script> in an override reason and a confirmation note', async () => {
    const xss = '<script>alert(1)</script>';
    const { agent, csrf } = await signedIn(t, 'board');

    const over = await submitAndWait(t, qpAssessment('00K'));
    await agent.post(`/console/assessments/${over.id}/claim`).type('form').send({ _csrf: csrf }).expect(303);
    // A 422 from the family's override schema comes back inline, with what was typed kept and escaped.
    const bad = await agent
      .post(`/console/assessments/${over.id}/override`)
      .type('form')
      .send({ _csrf: csrf, reason: `${xss} too short?`, 'outcome.payablePence': 'lots' })
      .expect(422);
    expect(bad.text).toContain('id="outcome-payablePence-error"');
    expect(bad.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt; too short?');
    expect(bad.text).not.toContain(xss);
    await agent
      .post(`/console/assessments/${over.id}/override`)
      .type('form')
      .send({ _csrf: csrf, reason: `${xss} verified against the audited accounts`, 'outcome.payablePence': '100' })
      .expect(303);
    const page = await agent.get(`/console/assessments/${over.id}`).expect(200);
    expect(page.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt; verified');
    expect(page.text).not.toContain(xss);

    const conf = await submitAndWait(t, qpAssessment('00L'));
    await agent.post(`/console/assessments/${conf.id}/claim`).type('form').send({ _csrf: csrf }).expect(303);
    await agent.post(`/console/assessments/${conf.id}/confirm`).type('form').send({ _csrf: csrf, note: xss }).expect(303);
    const audit = await agent.get(`/console/audit?entityId=${conf.decisionId}`).expect(200);
    expect(audit.text).toContain('decision.confirmed');
    expect(audit.text).toContain('&lt;script&gt;');
    expect(audit.text).not.toContain(xss);
    // A bad search field is named on the page; nothing is listed.
    const badSearch = await agent.get('/console/audit?from=yesterday').expect(400);
    expect(badSearch.text).toContain('from:');
    const doc = await agent.get(`/console/decisions/${over.decisionId}/document`).expect(200);
    expect(doc.headers['content-security-policy']).toContain("default-src 'none'");
    expect(doc.text).not.toContain(xss);
  });

  it('downloads the audit log as CSV and JSON lines', async () => {
    const { agent } = await signedIn(t, 'auditor');
    const csv = await agent.get('/console/audit/export?format=csv&action=console.signed-in').expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.text.trim().split('\n');
    expect(lines[0]).toBe('seq,at,actor,actorRole,action,entityType,entityId,payload,prevHash,hash');
    expect(lines.length).toBeGreaterThan(1);
    const jsonl = await agent.get('/console/audit/export?format=jsonl&action=console.signed-in').expect(200);
    expect(
      jsonl.text
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).action),
    ).toEqual(expect.arrayContaining(['console.signed-in']));
  });

  it('ends the sessions of a key an admin revokes', async () => {
    const admin = await signedIn(t, 'admin');
    const created = await admin.agent
      .post('/console/admin/keys')
      .type('form')
      .send({ _csrf: admin.csrf, name: 'Temporary reviewer', role: 'board' })
      .expect(201);
    const key = /ccg_board_[A-Za-z0-9_-]+/.exec(created.text)![0];
    const agent = request.agent(t.app.getHttpServer());
    const form = await agent.get('/console/sign-in').expect(200);
    await agent
      .post('/console/sign-in')
      .type('form')
      .send({ _csrf: csrfOf(form.text), apiKey: key })
      .expect(303);
    await agent.get('/console/queue').expect(200);
    const row = await t.prisma.apiKey.findFirstOrThrow({ where: { name: 'Temporary reviewer' } });
    await admin.agent.post(`/console/admin/keys/${row.id}/revoke`).type('form').send({ _csrf: admin.csrf }).expect(303);
    await agent.get('/console/queue').expect(303);
  });
});
