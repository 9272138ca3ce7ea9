// Helpers for console tests: sign in through the form as a browser would, read the CSRF token.
import request from 'supertest';
import type { ApiRole } from '../../src/auth/api-key.js';
import type { TestApp } from '../support/test-app.js';

export function csrfOf(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('no CSRF token on the page');
  return match[1];
}

/** A cookie-keeping agent signed in with a role's key, and its session's CSRF token. */
export async function signedIn(t: TestApp, role: ApiRole): Promise<{ agent: ReturnType<typeof request.agent>; csrf: string }> {
  const agent = request.agent(t.app.getHttpServer());
  const form = await agent.get('/console/sign-in').expect(200);
  await agent
    .post('/console/sign-in')
    .type('form')
    .send({ _csrf: csrfOf(form.text), apiKey: t.keys[role], next: '/console/queue' })
    .expect(303);
  const queue = await agent.get('/console/queue').expect(200);
  return { agent, csrf: csrfOf(queue.text) };
}

/** Submits an assessment through the API and waits until its proposal awaits review. */
export async function submitAndWait(t: TestApp, body: object): Promise<{ id: string; decisionId: string; evaluationId: string }> {
  const a = await t.submitAndWait(body);
  return { id: a.id, decisionId: a.decisions[0].id, evaluationId: a.evaluations[0].id };
}

/** As signedIn, with any key (a ccg key for another CCG: `t.ccgKey(code)`), landing on `page`:
 *  a ccg session finds the review queue not found, and lands on its own CCG's page. */
export async function signedInWithKey(
  t: TestApp,
  key: string,
  page = '/console/my-ccg',
): Promise<{ agent: ReturnType<typeof request.agent>; csrf: string }> {
  const agent = request.agent(t.app.getHttpServer());
  const form = await agent.get('/console/sign-in').expect(200);
  await agent
    .post('/console/sign-in')
    .type('form')
    .send({ _csrf: csrfOf(form.text), apiKey: key, next: page })
    .expect(303);
  const landing = await agent.get(page).expect(200);
  return { agent, csrf: csrfOf(landing.text) };
}
