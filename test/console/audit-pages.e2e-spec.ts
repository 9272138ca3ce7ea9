// The console's audit list for auditors: newest first, paged both ways on seq, filters chosen from
// the values in the log, each event with its hashes, its entity's page and its details as a list.
import { qpAssessment } from '../support/qp-facts.js';
import { eventually, startTestApp, type TestApp } from '../support/test-app.js';
import { signedIn } from './console-support.js';

let t: TestApp;
let ids: string[];
beforeAll(async () => {
  t = await startTestApp();
  const codes = (await t.prisma.ccg.findMany({ select: { odsCode: true }, orderBy: { odsCode: 'asc' }, take: 60 })).map((c) => c.odsCode);
  const batch = await t
    .as('board')
    .post('/api/v1/assessments:batch')
    .send({ items: codes.map((c) => qpAssessment(c)) })
    .expect(202);
  ids = (batch.body.results as { id: string }[]).map((r) => r.id);
  // Every evaluation done and every event sealed, so that the log stands still while pages are read.
  await eventually(
    async () => (await t.prisma.assessment.count({ where: { status: { in: ['queued', 'evaluating'] } } })) === 0,
    60000,
    'evaluations',
  );
  await eventually(async () => (await t.prisma.auditEvent.count({ where: { seq: null } })) === 0, 15000, 'sealing');
}, 120000);
afterAll(() => t.close());

const seqsOf = (html: string): number[] => [...html.matchAll(/data-seq="(\d+)"/g)].map((m) => Number(m[1]));
const hrefOf = (html: string, rel: 'next' | 'prev'): string | null => {
  const m = new RegExp(`href="([^"]+)" rel="${rel}"`).exec(html);
  return m ? m[1].replace(/&#x3D;/g, '=').replace(/&amp;/g, '&') : null;
};

describe('the audit list', () => {
  it('opens at the newest events and pages to older ones and back', async () => {
    const { agent } = await signedIn(t, 'auditor');
    const newest = await t.prisma.auditEvent.findFirst({ orderBy: { seq: 'desc' }, where: { seq: { not: null } } });
    const total = await t.prisma.auditEvent.count({ where: { seq: { not: null } } });
    expect(total).toBeGreaterThan(100);

    const first = await agent.get('/console/audit').expect(200);
    const firstSeqs = seqsOf(first.text);
    expect(firstSeqs).toHaveLength(100);
    // Signing in is itself audited (and sealed before the page is read): the top may be newer still.
    expect(firstSeqs[0]).toBeGreaterThanOrEqual(Number(newest!.seq));
    expect(firstSeqs).toEqual([...firstSeqs].sort((a, b) => b - a));
    expect(hrefOf(first.text, 'prev')).toBeNull();

    const olderHref = hrefOf(first.text, 'next');
    expect(olderHref).toBe(`/console/audit?before=${firstSeqs[99]}`);
    const older = await agent.get(olderHref!).expect(200);
    const olderSeqs = seqsOf(older.text);
    expect(olderSeqs.length).toBeGreaterThan(0);
    expect(olderSeqs[0]).toBeLessThan(firstSeqs[99]);
    expect(olderSeqs).toEqual([...olderSeqs].sort((a, b) => b - a));

    const newerHref = hrefOf(older.text, 'prev');
    expect(newerHref).toBe(`/console/audit?after=${olderSeqs[0]}`);
    const back = await agent.get(newerHref!).expect(200);
    expect(seqsOf(back.text)).toEqual(firstSeqs);
  });

  it('keeps a filter while paging', async () => {
    const { agent } = await signedIn(t, 'auditor');
    const page = await agent.get('/console/audit?entityType=assessment').expect(200);
    const html = page.text;
    expect(html).not.toMatch(/<dd class="nhsuk-summary-list__value">(?!assessment )[a-z-]+ <(a|span) class="console-code"/);
    const olderHref = hrefOf(html, 'next');
    if (olderHref) expect(olderHref).toContain('entityType=assessment');
  });

  it('offers entity type and action as choices of the values in the log', async () => {
    const { agent } = await signedIn(t, 'auditor');
    const html = (await agent.get('/console/audit?action=assessment.submitted').expect(200)).text;
    const types = (await t.prisma.auditEvent.findMany({ distinct: ['entityType'], select: { entityType: true } })).map((e) => e.entityType);
    expect(html).toMatch(/<select class="nhsuk-select" id="entityType" name="entityType">/);
    expect(html).toMatch(/<select class="nhsuk-select" id="action" name="action">/);
    for (const type of types) expect(html).toContain(`<option value="${type}">${type}</option>`);
    expect(html).toContain('<option value="assessment.submitted" selected>assessment.submitted</option>');
    expect(html).not.toMatch(/<input[^>]+name="(entityType|action)"/);
  });

  it("shows an event's seq, hash, previous hash, its assessment's page and its details as a list", async () => {
    const { agent } = await signedIn(t, 'auditor');
    const event = await t.prisma.auditEvent.findFirst({
      where: { entityType: 'assessment', entityId: ids[0], seq: { gt: 1 } },
      orderBy: { seq: 'asc' },
    });
    const html = (await agent.get(`/console/audit?entityId=${ids[0]}`).expect(200)).text;
    const card = html.slice(html.indexOf(`data-seq="${event!.seq}"`));
    expect(card).toContain(`<h3 class="nhsuk-card__heading nhsuk-heading-s">Seq ${event!.seq}: ${event!.action}</h3>`);
    expect(card).toContain(`title="${event!.hash}" data-testid="hash">${event!.hash!.slice(0, 12)}</code>`);
    expect(card).toContain(`title="${event!.prevHash}" data-testid="prev-hash">${event!.prevHash!.slice(0, 12)}</code>`);
    expect(card).toContain(`href="/console/assessments/${ids[0]}"`);
    expect(card).toMatch(
      /<dl class="nhsuk-summary-list console-audit-details">\s*<div class="nhsuk-summary-list__row"><dt class="nhsuk-summary-list__key console-code">[\w.]+<\/dt><dd/,
    );
  });

  it('takes a date as the whole of that day, and says so beside the dates the list shows', async () => {
    const { agent } = await signedIn(t, 'auditor');
    const today = new Date().toISOString().slice(0, 10);
    const html = (await agent.get(`/console/audit?from=${today}&to=${today}`).expect(200)).text;
    expect(html).toContain(`a date (${today})`);
    expect(seqsOf(html).length).toBe(100);
    const shown = /(\d{4}-\d{2}-\d{2} \d{2}:\d{2}) UTC/.exec(html.slice(html.indexOf('data-seq=')))![1];
    const same = await agent.get(`/console/audit?to=${encodeURIComponent(`${shown} UTC`)}`).expect(200);
    expect(seqsOf(same.text).length).toBeGreaterThan(0);
  });
});
