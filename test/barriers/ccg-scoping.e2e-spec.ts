// A ccg key (and a ccg console session) finds nothing of another CCG. The routes come from the
// application's own router, so a route added later is walked without being listed here: each is
// called with CCG A's key and session, with CCG B's real ids, codes and refs in the path, and
// must answer 404 (writes too) and write nothing. Public routes must show nothing of B.
import { randomUUID } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { csrfOf } from '../console/console-support.js';
import { qpAssessment, qpNextYearAssessment } from '../support/qp-facts.js';
import { startTestApp, TEST_CCG, type AsKey, type TestApp } from '../support/test-app.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are read as free-form JSON
type Json = Record<string, any>;

const A = TEST_CCG;
const B = '02N';

let t: TestApp;
let b: AsKey;
/** CCG B's data, which A must not reach. */
const theirs = { assessmentId: '', evaluationId: '', decisionId: '', keyId: '', barrierRef: '', issueRef: '', name: '' };
/** CCG A's own, which A must reach (so a route answering 404 to everything cannot pass). */
const ours = { decisionId: '', proposedDecisionId: '', barrierRef: '' };
let ruleSetHash = '';
let consoleAgent: ReturnType<typeof request.agent>;
/** The session's form token: console forms are walked with it, so a form open to a ccg session
 *  must refuse B's data itself, not merely lack its token. */
let consoleCsrf = '';

const barrierBody = (ccg?: string): Json => ({
  ...(ccg ? { ccg } : {}),
  objectives: [14],
  actionArea: 'information-sharing-technology',
  stopsLocally: 'GP and hospital systems cannot share the care record, so the shared care plan lives on paper.',
  nationalBodies: ['department-of-health'],
  raisedOn: '2013-08-01',
});

beforeAll(async () => {
  t = await startTestApp();
  const bKey = await t.ccgKey(B);
  b = bKey.as;
  theirs.keyId = bKey.id;
  theirs.name = (await t.prisma.ccg.findUniqueOrThrow({ where: { odsCode: B } })).name;

  // B: an issued decision, and two barriers under a national issue of B's alone, answered.
  const bAssessment = await t.submitAndWait(qpAssessment(B));
  [theirs.assessmentId, theirs.evaluationId, theirs.decisionId] = [bAssessment.id, bAssessment.evaluations[0].id, bAssessment.decisions[0].id];
  await t.as('board').post(`/api/v1/decisions/${theirs.decisionId}/confirm`).send({}).expect(200);
  const first = (await b.post('/api/v1/barriers').send(barrierBody()).expect(201)).body;
  const second = (await b.post('/api/v1/barriers').send(barrierBody()).expect(201)).body;
  theirs.barrierRef = first.ref;
  const issue = (
    await t
      .as('board')
      .post('/api/v1/barriers/link')
      .send({ barriers: [first.ref, second.ref], title: 'Care records cannot be shared' })
      .expect(200)
  ).body;
  theirs.issueRef = issue.ref;
  await t
    .as('board')
    .post(`/api/v1/national-issues/${issue.ref}/responses`)
    .send({ text: 'National record-sharing standards are due in 2014.' })
    .expect(201);

  // A: an issued decision, a proposal not yet issued, and a barrier.
  const aIssued = await t.submitAndWait(qpAssessment(A));
  ours.decisionId = aIssued.decisions[0].id;
  await t.as('board').post(`/api/v1/decisions/${ours.decisionId}/confirm`).send({}).expect(200);
  ours.proposedDecisionId = (await t.submitAndWait(qpNextYearAssessment(A))).decisions[0].id;
  ours.barrierRef = (await t.as('ccg').post('/api/v1/barriers').send(barrierBody()).expect(201)).body.ref;

  ruleSetHash = (await t.prisma.ruleSetVersion.findFirstOrThrow()).hash;

  // A's console session, signed in as a browser would be.
  consoleAgent = request.agent(t.app.getHttpServer());
  const form = await consoleAgent.get('/console/sign-in').expect(200);
  await consoleAgent
    .post('/console/sign-in')
    .type('form')
    .send({ _csrf: csrfOf(form.text), apiKey: t.keys.ccg, next: '/console' })
    .expect(303);
  consoleCsrf = csrfOf((await consoleAgent.get('/console/my-ccg').expect(200)).text);
});
afterAll(() => t.close());

interface Route {
  method: string;
  path: string;
}

/** Every route the application serves, from Express's router (as Nest registered them).
 *  Catch-all paths are middleware mounts (the queue dashboard, the console's form parser), not routes. */
function routesOf(app: NestExpressApplication): Route[] {
  const express = app.getHttpAdapter().getInstance() as { router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] } };
  return express.router.stack
    .flatMap((layer) => (layer.route ? Object.keys(layer.route.methods).map((method) => ({ method, path: layer.route!.path })) : []))
    .filter((r) => !r.path.includes('*') && r.method !== '_all');
}

/** CCG B's value for a path parameter, chosen by the parameter and the segment before it; an
 *  unknown one gets a made-up value (such a route must answer 404 to a ccg key all the same). */
function theirValue(param: string, before: string): string {
  if (param === 'code') return B;
  if (param === 'hash' || param === 'otherHash') return ruleSetHash;
  if (param === 'file') return 'nhs-logo.svg';
  if (param === 'ref')
    return ({ barriers: theirs.barrierRef, 'national-issues': theirs.issueRef } as Record<string, string>)[before] ?? 'RCF-2016-777';
  if (param === 'id') {
    const ids: Record<string, string> = {
      assessments: theirs.assessmentId,
      decisions: theirs.decisionId,
      evaluations: theirs.evaluationId,
      'api-keys': theirs.keyId,
      keys: theirs.keyId,
    };
    return ids[before] ?? randomUUID();
  }
  return `unknown-${param}`;
}

const concrete = (path: string): string =>
  path
    .split('/')
    .map((segment, i, all) => segment.replace(/(?<!\\):(\w+)/g, (_m, param: string) => theirValue(param, all[i - 1] ?? '')))
    .join('/')
    .replace(/\\:/g, ':');

/** Bodies that would succeed on B's data, so a 404 says the route refused B, not the body. */
const BODIES: Record<string, () => Json> = {
  'POST /api/v1/barriers': () => barrierBody(B),
  'POST /api/v1/barriers/:ref/evidence': () => ({ summary: 'Evidence added to another CCG’s barrier.' }),
  'POST /api/v1/barriers/:ref/withdraw': () => ({ reason: 'Withdrawing another CCG’s barrier.' }),
  'POST /api/v1/barriers/:ref/response-rejection': () => ({ reason: 'Rejecting the answer to another CCG’s barrier.' }),
  'POST /api/v1/barriers/link': () => ({ barriers: [theirs.barrierRef], title: 'Linked by another CCG' }),
  // The console's barrier forms, as a browser posts them.
  'POST /console/barriers/new': () => ({ ...barrierBody(B), objectives: ['14'] }),
  'POST /console/barriers/:ref/evidence': () => ({ summary: 'Evidence added to another CCG’s barrier.' }),
  'POST /console/barriers/:ref/withdraw': () => ({ reason: 'Withdrawing another CCG’s barrier.' }),
  'POST /console/barriers/:ref/response-rejection': () => ({ reason: 'Rejecting the answer to another CCG’s barrier.' }),
};

/** The only answers to a ccg caller other than 404, each checked for what it shows. */
const OPEN: Record<string, (res: request.Response) => void> = {
  // Its own barriers only.
  'GET /api/v1/barriers': (res) => {
    expect(res.status).toBe(200);
    expect(res.body.items.map((x: Json) => x.ccg.code)).toEqual([A]);
  },
  // Another CCG's code in the body: refused naming the field, the same for any code.
  'POST /api/v1/barriers': (res) => {
    expect(res.status).toBe(422);
    expect(res.body.issues).toEqual([expect.objectContaining({ field: 'ccg' })]);
  },
  'GET /api/v1/mandate/objectives': (res) => expect(res.status).toBe(200),
  // Its own session, refused without the form's token (so the walk stays signed in).
  'POST /console/sign-out': (res) => expect(res.status).toBe(403),
  // The console's pages for a ccg session: its own CCG, its own barriers, the raise form.
  'GET /console': (res) => {
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/console/my-ccg');
  },
  'GET /console/my-ccg': (res) => {
    expect(res.status).toBe(200);
    expect(res.text).toContain(ours.barrierRef);
  },
  'GET /console/barriers': (res) => {
    expect(res.status).toBe(200);
    expect(res.text).toContain(ours.barrierRef);
  },
  'GET /console/barriers/new': (res) => expect(res.status).toBe(200),
  // Another CCG named on the form: refused beside the CCG, as the API refuses it.
  'POST /console/barriers/new': (res) => {
    expect(res.status).toBe(422);
    expect(res.text).toContain('<a href="#ccg">');
  },
};

/** Everything of B that could show: codes, names, ids, refs. */
const markers = (): string[] => [
  B,
  theirs.name,
  theirs.assessmentId,
  theirs.evaluationId,
  theirs.decisionId,
  theirs.keyId,
  theirs.barrierRef,
  theirs.issueRef,
];

/** A digest of every table. The audit log is counted, not digested, and its chain head left out:
 *  the sequencer seals earlier events meanwhile. */
async function snapshot(): Promise<Record<string, string>> {
  const tables = await t.prisma.$queryRaw<{ name: string }[]>`
    SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`;
  const out: Record<string, string> = {};
  for (const { name } of tables.filter((x) => x.name !== 'audit_head')) {
    const sql =
      name === 'audit_events'
        ? `SELECT count(*)::text AS d FROM audit_events`
        : `SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS d FROM "${name}" x`;
    out[name] = (await t.prisma.$queryRawUnsafe<{ d: string }[]>(sql))[0].d;
  }
  return out;
}

const send = (agent: ReturnType<typeof request.agent>, method: string, url: string, key?: string, body?: Json) => {
  const call = (agent as unknown as Record<string, (url: string) => request.Test>)[method](url);
  if (key) call.set('Authorization', `Bearer ${key}`);
  return body !== undefined ? call.send(body) : call;
};

describe('a ccg key walking every route with another CCG’s data', () => {
  it('finds nothing readable or writable, and writes nothing', async () => {
    const routes = routesOf(t.app);
    // The walk sees the routes it must (so an empty or broken enumeration cannot pass).
    for (const known of [
      'GET /api/v1/audit',
      'GET /api/v1/assessments/:id',
      'POST /api/v1/barriers/:ref/triage',
      'GET /console/ccgs/:code',
      'POST /console/admin/keys',
    ]) {
      expect(routes.map((r) => `${r.method.toUpperCase()} ${r.path}`)).toContain(known);
    }

    const before = await snapshot();
    const server = t.app.getHttpServer();
    const failures: string[] = [];
    for (const route of routes) {
      const key = `${route.method.toUpperCase()} ${route.path}`;
      const url = concrete(route.path);
      const form = route.path.startsWith('/console/') && key !== 'POST /console/sign-out' ? { _csrf: consoleCsrf } : {};
      const body = route.method === 'get' ? undefined : { ...(BODIES[key]?.() ?? {}), ...form };
      // Without credentials: a route that asks for them is not public.
      const anonymous = await send(request.agent(server), route.method, url, undefined, body);
      const needsAuth = anonymous.status === 401 || (anonymous.status === 303 && String(anonymous.headers.location).startsWith('/console/sign-in'));
      const res = await send(consoleAgent, route.method, url, t.keys.ccg, body);
      const shown = `${res.text ?? ''}${JSON.stringify(res.headers)}`;
      // A 404 may echo what was asked for; anything else of B's is a leak.
      const asked = `${url}${JSON.stringify(body ?? {})}`;
      const leaked = markers().filter((m) => !asked.includes(m) && shown.includes(m));
      if (leaked.length > 0) failures.push(`${key} (${url}) showed ${leaked.join(', ')}: ${res.status}`);
      if (OPEN[key]) {
        try {
          OPEN[key](res);
        } catch (error) {
          failures.push(`${key}: ${(error as Error).message.split('\n').slice(0, 6).join(' ')}`);
        }
      } else if (needsAuth && res.status !== 404) {
        failures.push(`${key} (${url}) answered ${res.status}, not 404: ${(res.text ?? '').slice(0, 200)}`);
      } else if (!needsAuth && res.status >= 500) {
        failures.push(`${key} (${url}) answered ${res.status}`);
      }
    }
    expect(failures).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });

  it('the queue dashboard, outside the router, is not found to a ccg session either (404, as every other page)', async () => {
    await consoleAgent.get('/admin/queues').set('Accept', 'text/html').expect(404);
    await consoleAgent.get('/admin/queues/api/queues').set('Accept', 'application/json').expect(404);
  });
});

describe('what a ccg key does reach: its own CCG', () => {
  it('its register entry and standing, with the decisions issued to it but no proposal', async () => {
    const ccg = (await t.as('ccg').get(`/api/v1/ccgs/${A.toLowerCase()}`).expect(200)).body;
    expect(ccg.odsCode).toBe(A);
    expect(ccg.decisions.map((d: Json) => d.id)).toEqual([ours.decisionId]);
    // Board staff see the proposal as well.
    expect((await t.as('board').get(`/api/v1/ccgs/${A}`).expect(200)).body.decisions.map((d: Json) => d.id).sort()).toEqual(
      [ours.decisionId, ours.proposedDecisionId].sort(),
    );
    await t.as('ccg').get(`/api/v1/ccgs/${A}/conditions`).expect(200);
    await t.as('ccg').get(`/api/v1/authorisation/status/${A}`).expect(200);
  });

  it('its issued decisions and their documents; a proposal is not found to it', async () => {
    expect((await t.as('ccg').get(`/api/v1/decisions/${ours.decisionId}`).expect(200)).body).toMatchObject({ id: ours.decisionId, status: 'issued' });
    const document = await t.as('ccg').get(`/api/v1/decisions/${ours.decisionId}/document`).expect(200);
    expect(document.text).toContain('Quality Premium');
    await t.as('ccg').get(`/api/v1/decisions/${ours.proposedDecisionId}`).expect(404);
    await t.as('ccg').get(`/api/v1/decisions/${ours.proposedDecisionId}/document`).expect(404);
  });

  it('its barriers, and the Board’s answers to them', async () => {
    expect((await t.as('ccg').get(`/api/v1/barriers/${ours.barrierRef}`).expect(200)).body).toMatchObject({ ref: ours.barrierRef, ccg: { code: A } });
    // B sees its own answered barrier with the answer, and not A's.
    expect((await b.get(`/api/v1/barriers/${theirs.barrierRef}`).expect(200)).body).toMatchObject({
      status: 'answered',
      nationalIssue: { ref: theirs.issueRef },
    });
    await b.get(`/api/v1/barriers/${ours.barrierRef}`).expect(404);
  });

  it('a ccg console session finds no national console page', async () => {
    const page = await consoleAgent.get(`/console/ccgs/${A}`).expect(404);
    expect(page.text).toContain('There is no page at this address');
    await consoleAgent.get('/console/queue').expect(404);
  });
});

describe('keys bound to a CCG', () => {
  it('are made for the ccg role only, naming a CCG in the register (422 naming `ccg` otherwise)', async () => {
    const keys = await t.prisma.apiKey.count();
    const cases: [Json, string][] = [
      [{ role: 'ccg', name: 'No code' }, 'ccg'],
      [{ role: 'ccg', name: 'Unknown code', ccg: 'ZZZ' }, 'ccg'],
      [{ role: 'board', name: 'Board with a code', ccg: A }, 'ccg'],
      [{ role: 'ccg', name: 'Malformed code', ccg: '0000' }, 'ccg'],
    ];
    for (const [body, field] of cases) {
      const res = await t.as('admin').post('/api/v1/api-keys').send(body).expect(422);
      expect(res.body.issues).toEqual([expect.objectContaining({ field })]);
    }
    expect(await t.prisma.apiKey.count()).toBe(keys);
    const created = (await t.as('admin').post('/api/v1/api-keys').send({ role: 'ccg', name: 'CCG B finance', ccg: B.toLowerCase() }).expect(201))
      .body;
    expect(created).toMatchObject({ role: 'ccg', ccg: B });
    const listed = (await t.as('admin').get('/api/v1/api-keys').expect(200)).body as Json[];
    expect(listed.find((k) => k.id === created.id)).toMatchObject({ role: 'ccg', ccgCode: B });
    await t.as('board').post('/api/v1/api-keys').send({ role: 'ccg', name: 'Not an admin', ccg: B }).expect(403);
  });
});
