// The console in plain words, from a new-user trial: a form's refusal says what to do in the
// GOV.UK style (not zod's wording), beside its field and in the error summary; outcome keys are
// words everywhere, to Board staff and to a CCG, with the key kept in a data-key attribute; a panel
// member's menu has the barriers it may read; a key revoked twice, and a claim someone else
// holds, are told in words.
import { qpAssessment, qpFacts } from '../support/qp-facts.js';
import { eventually, startTestApp, TEST_CCG, type TestApp } from '../support/test-app.js';
import { signedIn, signedInWithKey } from './console-support.js';

let t: TestApp;
type Session = Awaited<ReturnType<typeof signedIn>>;
let admin: Session;
let board: Session;

beforeAll(async () => {
  t = await startTestApp();
  admin = await signedIn(t, 'admin');
  board = await signedIn(t, 'board');
});
afterAll(() => t.close());

/** What no console page may show of zod. */
const ZOD = /Invalid input|Invalid option|Too (big|small): expected|expected (string|number), received|Invalid UUID/;

describe('the admin key form', () => {
  const create = (body: Record<string, string>) =>
    admin.agent
      .post('/console/admin/keys')
      .type('form')
      .send({ _csrf: admin.csrf, ...body });

  it('asks for a name and a role in words, beside each field and in the error summary', async () => {
    const none = await create({}).expect(422);
    expect(none.text).toContain('<a href="#key-name">Enter a name</a>');
    expect(none.text).toContain('<a href="#key-role">Choose a role</a>');
    expect(none.text).toContain('id="key-name-error"><span class="nhsuk-u-visually-hidden">Error:</span> Enter a name</span>');
    expect(none.text).not.toMatch(ZOD);
    const long = await create({ name: 'x'.repeat(5000), role: 'board' }).expect(422);
    expect(long.text).toContain('<a href="#key-name">Enter a name of 100 characters or fewer</a>');
    const short = await create({ name: 'x', role: 'board' }).expect(422);
    expect(short.text).toContain('Enter at least 2 characters for the name');
    expect(short.text).not.toMatch(ZOD);
  });

  it('says a key was already revoked when it is revoked twice', async () => {
    const created = await create({ name: 'Revoked twice', role: 'auditor' }).expect(201);
    expect(created.text).toContain('Revoked twice');
    const key = await t.prisma.apiKey.findFirstOrThrow({ where: { name: 'Revoked twice' } });
    const revoke = () => admin.agent.post(`/console/admin/keys/${key.id}/revoke`).type('form').send({ _csrf: admin.csrf });
    await revoke().expect(303);
    const again = await revoke().expect(409);
    expect(again.text).toContain('This key was already revoked (Revoked twice,');
    expect(again.text).not.toContain('not found');
  });
});

describe('outcome keys in words', () => {
  let issued: string;
  beforeAll(async () => {
    const gateways = qpFacts().gateways as { financial: Record<string, boolean> };
    const notPayable = await t.submitAndWait(
      qpAssessment(TEST_CCG, qpFacts({ gateways: { ...gateways, financial: { ...gateways.financial, unplannedDeficit: true } } })),
    );
    issued = notPayable.decisions[0].id;
    await t.as('board').post(`/api/v1/decisions/${issued}/confirm`).send({}).expect(200);
  });

  it('on a CCG’s page for Board staff, in the table and the timeline', async () => {
    const page = (await board.agent.get(`/console/ccgs/${TEST_CCG}`).expect(200)).text;
    expect(page).toContain('<strong class="nhsuk-tag nhsuk-tag--green">Issued</strong> <span data-key="not-payable">Not payable</span>');
    expect(page).toContain('decision confirmed and issued (Not payable) by test-board');
    expect(page).not.toMatch(/>\s*not-payable|\(not-payable\)/);
  });

  it('on a ccg session’s own page', async () => {
    const ccg = await signedInWithKey(t, t.keys.ccg);
    const home = (await ccg.agent.get('/console/my-ccg').expect(200)).text;
    expect(home).toContain('data-key="not-payable">Not payable</td>');
  });
});

describe('the panel’s menu', () => {
  it('has the barriers, which every role reads', async () => {
    const panel = await signedIn(t, 'panel');
    const page = (await panel.agent.get('/console').expect(200)).text;
    const menu = page.slice(page.indexOf('aria-label="Menu"'), page.indexOf('</nav>', page.indexOf('aria-label="Menu"')));
    expect(menu).toContain('href="/console/barriers"');
    await panel.agent.get('/console/barriers').expect(200);
  });
});

describe('a claim someone else holds', () => {
  it('says until when, as a time of day', async () => {
    const qp = await t.submitAndWait(qpAssessment('00D'));
    await board.agent.post(`/console/assessments/${qp.id}/claim`).type('form').send({ _csrf: board.csrf }).expect(303);
    const refused = await admin.agent.post(`/console/assessments/${qp.id}/claim`).type('form').send({ _csrf: admin.csrf }).expect(409);
    expect(refused.text).toMatch(/test-board is reviewing this assessment, until \d\d:\d\d UTC at the latest/);
    expect(refused.text).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d/);
  });
});

describe('the barrier escalation override', () => {
  it('offers the actions in words and asks for one in words', async () => {
    const ref = (
      await t
        .as('board')
        .post('/api/v1/barriers')
        .send({
          ccg: TEST_CCG,
          objectives: [13],
          actionArea: 'contracting-and-pricing',
          stopsLocally: 'Episode tariffs pay the acute trust per admission, so a joint frailty service would cost it income.',
          nationalBodies: ['monitor'],
          raisedOn: '2013-07-15',
        })
        .expect(201)
    ).body.ref as string;
    await t
      .as('board')
      .post(`/api/v1/barriers/${ref}/triage`)
      .send({
        triage: 'national',
        reason: 'Set nationally: only national action can change it.',
        owner: 'Director of Commissioning',
        responseDue: '2013-08-01',
      })
      .expect(200);
    await t.as('board').post('/api/v1/barriers/sweeps').send({ quarter: '2013-Q3' }).expect(202);
    const assessment = await eventually(
      async () =>
        (await t.prisma.assessment.findFirst({ where: { family: 'barrier-escalation', subject: ref, status: 'awaiting_review' } })) ?? undefined,
      60_000,
      'the escalation of the barrier',
    );
    await board.agent.post(`/console/assessments/${assessment.id}/claim`).type('form').send({ _csrf: board.csrf }).expect(303);
    const page = (await board.agent.get(`/console/assessments/${assessment.id}`).expect(200)).text;
    expect(page).toContain('<option value="chase-owner">Chase the owner</option>');
    expect(page).toContain('<option value="select-committee">Mark for the Select Committee</option>');
    expect(page).not.toMatch(/<option value="[a-z-]+">[a-z]+-[a-z-]+<\/option>/);

    const refused = await board.agent
      .post(`/console/assessments/${assessment.id}/override`)
      .type('form')
      .send({ _csrf: board.csrf, reason: 'The owner answered by letter after the quarter ended.', 'outcome.action': '' })
      .expect(422);
    expect(refused.text).toContain('<a href="#outcome-action">Choose what the Board decides</a>');
    expect(refused.text).toContain(
      'id="outcome-action-error"><span class="nhsuk-u-visually-hidden">Error:</span> Choose what the Board decides</span>',
    );
    expect(refused.text).not.toMatch(ZOD);
  });
});
