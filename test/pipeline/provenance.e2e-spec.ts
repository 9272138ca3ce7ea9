// Where an assessment's facts come from is the assessment's, set at intake (`provenance`:
// submitted by default, synthetic, sample), kept on the row and in its audit event, and shown by
// the documents; the facts themselves no longer carry it.
import { signedIn } from '../console/console-support.js';
import { qpAssessment, qpFacts } from '../support/qp-facts.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('provenance at intake', () => {
  it('is kept on the assessment and in its audit event; a real submission by default', async () => {
    const synthetic = await t.submitAndWait({ ...qpAssessment('00C'), provenance: 'synthetic' });
    expect(synthetic.provenance).toBe('synthetic');
    const submitted = await t.submitAndWait(qpAssessment('00D'));
    expect(submitted.provenance).toBe('submitted');
    const created = await t.prisma.auditEvent.findFirst({ where: { action: 'assessment.created', entityId: synthetic.id } });
    expect(created?.payload).toMatchObject({ provenance: 'synthetic' });

    // The console's page of the assessment says so; a real submission's says nothing.
    const { agent } = await signedIn(t, 'board');
    const page = (await agent.get(`/console/assessments/${synthetic.id}`).expect(200)).text;
    expect(page).toMatch(/data-testid="provenance"><strong[^>]*>synthetic<\/strong> generated for a demonstration/);
    expect((await agent.get(`/console/assessments/${submitted.id}`).expect(200)).text).not.toContain('data-testid="provenance"');
  });

  it('refuses an unknown provenance with a 422 naming the field, alone or in a batch, and writes nothing', async () => {
    const before = await t.prisma.assessment.count();
    const res = await t
      .as('board')
      .post('/api/v1/assessments')
      .send({ ...qpAssessment('00F'), provenance: 'guessed' })
      .expect(422);
    expect(res.body.issues.map((i: { field: string }) => i.field)).toEqual(['provenance']);
    const batch = await t
      .as('board')
      .post('/api/v1/assessments:batch')
      .send({ items: [{ ...qpAssessment('00K'), provenance: 'made-up' }] })
      .expect(422);
    expect(batch.body.results[0].issues.map((i: { field: string }) => i.field)).toEqual(['provenance']);
    expect(await t.prisma.assessment.count()).toBe(before);
  });

  it('is no longer a fact: facts that carry it are refused, naming facts.provenance', async () => {
    const res = await t
      .as('board')
      .post('/api/v1/assessments')
      .send(qpAssessment('00L', { ...qpFacts(), provenance: 'synthetic' }))
      .expect(422);
    expect(res.body.issues.map((i: { field: string }) => i.field)).toEqual(['facts.provenance']);
  });

  it('shows in the documents: synthetic facts say so, submitted ones do not', async () => {
    const synthetic = await t.submitAndWait({ ...qpAssessment('00M'), provenance: 'synthetic' });
    const submitted = await t.submitAndWait(qpAssessment('00N'));
    const doc = async (a: { decisions: { id: string }[] }) =>
      (await t.as('auditor').get(`/api/v1/decisions/${a.decisions[0].id}/document`).expect(200)).text;
    expect(await doc(synthetic)).toContain('Synthetic data');
    expect(await doc(submitted)).not.toContain('Synthetic data');
  });
});
