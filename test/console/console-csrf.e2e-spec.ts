// Cross-site request forgery on the console's forms and on the queue dashboard's JSON API: a
// request with the admin's session cookie must still prove it came from one of our own pages.
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { EVALUATION_QUEUE } from '../../src/assessments/evaluation.job.js';
import { qpAssessment } from '../support/qp-facts.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { csrfOf, signedIn, submitAndWait } from './console-support.js';

const FOREIGN = 'https://evil.example';

let t: TestApp;
/** The origin a browser on our own pages sends: the app listens on one port for the whole file,
 *  so the Host header every request carries matches it. */
let ours: string;

beforeAll(async () => {
  t = await startTestApp();
  const server = t.app.getHttpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  ours = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => t.close());

const auditActions = async (actor: string) =>
  (await t.as('auditor').get(`/api/v1/audit?actor=${actor}`).expect(200)).body.items.map((e: { action: string }) => e.action);

describe('console forms check Origin (or Referer) as well as the CSRF token', () => {
  it('refuses a review confirmation sent from another site, and issues it from ours', async () => {
    const { id, decisionId } = await submitAndWait(t, qpAssessment('00D'));
    const { agent, csrf } = await signedIn(t, 'board');
    // Under helmet's no-referrer a browser's form posts would carry `Origin: null`.
    await agent.get('/console/queue').expect(200).expect('Referrer-Policy', 'same-origin');
    await agent.post(`/console/assessments/${id}/claim`).set('Origin', ours).type('form').send({ _csrf: csrf }).expect(303);

    const refused = await agent.post(`/console/assessments/${id}/confirm`).set('Origin', FOREIGN).type('form').send({ _csrf: csrf }).expect(403);
    expect(refused.text).toContain('sent from another site');
    await agent.post(`/console/assessments/${id}/confirm`).set('Referer', `${FOREIGN}/console/queue`).type('form').send({ _csrf: csrf }).expect(403);
    // A sandboxed frame or a privacy redirect sends "null": not provably ours.
    await agent.post(`/console/assessments/${id}/confirm`).set('Origin', 'null').type('form').send({ _csrf: csrf }).expect(403);
    expect((await t.prisma.decision.findUniqueOrThrow({ where: { id: decisionId } })).status).toBe('proposed');

    await agent.post(`/console/assessments/${id}/confirm`).set('Origin', ours).type('form').send({ _csrf: csrf }).expect(303);
    expect((await t.prisma.decision.findUniqueOrThrow({ where: { id: decisionId } })).status).toBe('issued');
  });

  it('refuses a cross-site sign-out and key creation; same-origin ones work', async () => {
    const { agent, csrf } = await signedIn(t, 'admin');
    const keys = await t.prisma.apiKey.count();
    await agent.post('/console/admin/keys').set('Origin', FOREIGN).type('form').send({ _csrf: csrf, name: 'forged key', role: 'admin' }).expect(403);
    expect(await t.prisma.apiKey.count()).toBe(keys);
    await agent
      .post('/console/admin/keys')
      .set('Referer', `${ours}/console/admin`)
      .type('form')
      .send({ _csrf: csrf, name: 'real key', role: 'panel' })
      .expect(201);
    expect(await t.prisma.apiKey.count()).toBe(keys + 1);

    await agent.post('/console/sign-out').set('Origin', FOREIGN).type('form').send({ _csrf: csrf }).expect(403);
    await agent.get('/console/queue').expect(200);
    expect(await auditActions('test-admin')).not.toContain('console.signed-out');
    await agent.post('/console/sign-out').set('Origin', ours).type('form').send({ _csrf: csrf }).expect(303);
    await agent.get('/console/queue').expect(303);
  });

  it('refuses a sign-in posted from another site (login CSRF)', async () => {
    const agent = request.agent(t.app.getHttpServer());
    const form = await agent.get('/console/sign-in').expect(200);
    const refused = await agent
      .post('/console/sign-in')
      .set('Origin', FOREIGN)
      .type('form')
      .send({ _csrf: csrfOf(form.text), apiKey: t.keys.panel })
      .expect(403);
    expect(refused.text).toContain('sent from another site');
    expect(String(refused.headers['set-cookie'] ?? '')).not.toContain('ccg_session=');
    expect(await auditActions('test-panel')).not.toContain('console.signed-in');

    const again = await agent.get('/console/sign-in').expect(200);
    await agent
      .post('/console/sign-in')
      .set('Origin', ours)
      .type('form')
      .send({ _csrf: csrfOf(again.text), apiKey: t.keys.panel })
      .expect(303);
    await agent.get('/console/queue').expect(200);
  });
});

describe('the queue dashboard API needs same-origin proof for every change', () => {
  const pause = `/admin/queues/api/queues/${EVALUATION_QUEUE}/pause`;
  const resume = `/admin/queues/api/queues/${EVALUATION_QUEUE}/resume`;

  afterAll(() => t.queue().resume());

  it('refuses a change with the admin session but a foreign, null or missing Origin', async () => {
    const { agent } = await signedIn(t, 'admin');
    const foreign = await agent.put(pause).set('Origin', FOREIGN).expect(403);
    expect(foreign.text).toContain('sent from another site');
    await agent.put(pause).set('Referer', `${FOREIGN}/x`).expect(403);
    await agent.put(pause).set('Origin', 'null').expect(403);
    const bare = await agent.put(pause).expect(403);
    expect(bare.text).toContain('Origin');
    expect(await t.queue().isPaused()).toBe(false);
    // Reading stays open to the signed-in admin without either header.
    await agent.get('/admin/queues/api/queues').set('Accept', 'application/json').expect(200);
  });

  it('refuses a POST a cross-site form could send (no JSON body), even with our Origin', async () => {
    const { agent } = await signedIn(t, 'admin');
    const before = await t.queue().count();
    await agent
      .post(`/admin/queues/api/queues/${EVALUATION_QUEUE}/add`)
      .set('Origin', ours)
      .set('Content-Type', 'text/plain')
      .send(JSON.stringify({ name: 'forged', data: {} }))
      .expect(403);
    expect(await t.queue().count()).toBe(before);
  });

  it('accepts the dashboard’s own calls: our Origin (or Referer) with the admin session', async () => {
    const { agent } = await signedIn(t, 'admin');
    await agent.put(pause).set('Origin', ours).expect(200);
    expect(await t.queue().isPaused()).toBe(true);
    await agent.put(resume).set('Referer', `${ours}/admin/queues/queue/${EVALUATION_QUEUE}`).expect(200);
    expect(await t.queue().isPaused()).toBe(false);
  });
});
