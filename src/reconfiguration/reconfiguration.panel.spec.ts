import { zodIssues } from '../common/validation.js';
import { judgementsRequestSchema } from './reconfiguration.panel.js';

const issuesOf = (body: unknown) => {
  const parsed = judgementsRequestSchema.safeParse(body);
  return parsed.success ? [] : zodIssues(parsed.error);
};

describe('a request of judgements', () => {
  it('judges each test once: a second judgement of a test in one request is named by its index', () => {
    expect(
      issuesOf({
        judgements: [
          { test: 'T1', agree: true },
          { test: 'T1', agree: false, result: 'not-met', reason: 'contradiction here' },
        ],
      }),
    ).toEqual([{ field: 'judgements.1.test', message: 'T1 is judged twice in one request' }]);
  });

  it('names every repeat, and the same judgement twice too', () => {
    expect(
      issuesOf({
        judgements: [
          { test: 'T1', agree: true },
          { test: 'T2', agree: true },
          { test: 'T1', agree: true },
          { test: 'T2', agree: true },
        ],
      }).map((i) => i.field),
    ).toEqual(['judgements.2.test', 'judgements.3.test']);
  });

  it('takes several tests, each once', () => {
    expect(
      issuesOf({
        judgements: [
          { test: 'T1', agree: true },
          { test: 'T2', agree: false, result: 'not-met', reason: 'the consultation ignored the objection' },
        ],
      }),
    ).toEqual([]);
  });
});
