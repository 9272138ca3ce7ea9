import { issueRequestSchema, judgementsRequestSchema } from '../reconfiguration.panel.js';
import { issueFromForm, issueProblems, judgementFromForm, judgementProblems } from './proposal-forms.js';

const DECISION = '7d0c4a0e-1b7a-4c55-9a3e-0c2b9a6f1e10';

describe('judgementFromForm', () => {
  it('an agreeing judgement takes the engine result: a result left selected is not sent', () => {
    const { body, values } = judgementFromForm({
      _csrf: 'token',
      decisionId: DECISION,
      'judgements.0.test': 'T1',
      'judgements.0.agree': 'agree',
      'judgements.0.result': 'not-met',
      'judgements.0.reason': '  ',
    });
    expect(body).toEqual({ decisionId: DECISION, judgements: [{ test: 'T1', agree: true }] });
    expect(judgementsRequestSchema.safeParse(body).success).toBe(true);
    expect(values).toEqual({ test: 'T1', choice: 'agree', result: 'not-met', reason: '  ' });
  });

  it('another result carries the result and the reason, as the API takes them', () => {
    const { body } = judgementFromForm({
      'judgements.0.test': 'T2',
      'judgements.0.agree': 'disagree',
      'judgements.0.result': 'met-with-actions',
      'judgements.0.reason': 'The scrutiny committee objected; a mitigation plan is needed',
    });
    expect(body).toEqual({
      judgements: [{ test: 'T2', agree: false, result: 'met-with-actions', reason: 'The scrutiny committee objected; a mitigation plan is needed' }],
    });
    expect(judgementsRequestSchema.safeParse(body).success).toBe(true);
  });

  it('leaves out what was not given, so the schema names it', () => {
    const none = judgementFromForm({ 'judgements.0.test': 'T2' }).body;
    expect(none).toEqual({ judgements: [{ test: 'T2' }] });
    expect(judgementsRequestSchema.safeParse(none).error?.issues.map((i) => i.path.join('.'))).toEqual(['judgements.0.agree']);
    const noResult = judgementFromForm({ 'judgements.0.test': 'T2', 'judgements.0.agree': 'disagree', 'judgements.0.result': '' }).body;
    expect(
      judgementsRequestSchema
        .safeParse(noResult)
        .error?.issues.map((i) => i.path.join('.'))
        .sort(),
    ).toEqual(['judgements.0.reason', 'judgements.0.result']);
  });
});

describe('issueFromForm', () => {
  it('drops blank rows, keeps typed ones in order, and leaves an empty note out', () => {
    const { body, values } = issueFromForm({
      decisionId: DECISION,
      note: '   ',
      'actions.0.test': '',
      'actions.0.action': '',
      'actions.0.owner': '',
      'actions.1.test': 'T2',
      'actions.1.action': 'Publish a transport plan',
      'actions.1.owner': 'NHS Cumbria CCG',
      'actions.2.test': '',
      'actions.2.action': '',
      'actions.2.owner': 'Someone',
    });
    expect(body).toEqual({
      decisionId: DECISION,
      actions: [
        { test: 'T2', action: 'Publish a transport plan', owner: 'NHS Cumbria CCG' },
        // A blank field of a typed row is left out, so the schema asks for it.
        { owner: 'Someone' },
      ],
    });
    expect(values.rows).toHaveLength(2);
    // The half-typed row is refused by the schema, naming its field.
    expect(issueRequestSchema.safeParse(body).error?.issues.map((i) => i.path.join('.'))).toEqual(['actions.1.test', 'actions.1.action']);
  });

  it('an empty form is the API body with no actions', () => {
    const { body } = issueFromForm({ _csrf: 'x', 'actions.0.test': '', 'actions.0.action': '', 'actions.0.owner': '' });
    expect(body).toEqual({ actions: [] });
    expect(issueRequestSchema.safeParse(body).success).toBe(true);
  });

  it('ignores fields that are not rows, and rows beyond what a form may post', () => {
    const { body } = issueFromForm({ 'actions.x.test': 'T1', 'actions.99.test': 'T1', 'actions.0.colour': 'red', other: 'value' });
    expect(body).toEqual({ actions: [] });
  });
});

describe('refusals onto the forms', () => {
  it('a judgement: result and reason beside their fields, the radios in words', () => {
    expect(
      judgementProblems(
        [
          { field: 'judgements.0.agree', message: 'Invalid input: expected boolean, received undefined' },
          { field: 'judgements.0.reason', message: 'a judgement that disagrees gives a reason' },
        ],
        'T4',
      ),
    ).toEqual([
      {
        slot: 'judge-T4',
        href: '#judge-T4-agree',
        inline: "Choose whether you agree with the engine's result",
        message: "T4: Choose whether you agree with the engine's result",
      },
      {
        slot: 'judge-T4-reason',
        href: '#judge-T4-reason',
        inline: 'A judgement that disagrees gives a reason',
        message: 'T4: A judgement that disagrees gives a reason',
      },
    ]);
  });

  it('a judgement in words, not zod’s: a result not chosen, a reason too long, the report the form is for', () => {
    const problems = judgementProblems(
      [
        { field: 'judgements.0.result', message: 'Invalid option: expected one of "met"|"met-with-actions"|"not-met"|"insufficient-evidence"' },
        { field: 'judgements.0.reason', message: 'Too big: expected string to have <=4000 characters' },
        { field: 'decisionId', message: 'Invalid UUID' },
      ],
      'T1',
    );
    expect(problems.map((p) => [p.slot, p.inline])).toEqual([
      ['judge-T1-result', "Choose the panel's result"],
      ['judge-T1-reason', 'Enter a reason of 4,000 characters or fewer'],
      // Not on the result or reason: on the form, which is out of date.
      ['judge-T1', 'This form does not name the report it is for: reload the page and try again'],
    ]);
    expect(problems[0].message).toBe("T1: Choose the panel's result");
  });

  it('the issue: an unjudged test onto its judgement form, an action field onto its row, the rest onto the actions', () => {
    expect(
      issueProblems([
        { field: 'judgements.T3', message: 'no panel judgement recorded' },
        { field: 'actions.1.owner', message: 'Too small: expected string to have >=2 characters' },
        { field: 'actions.0.action', message: 'Too small: expected string to have >=3 characters' },
        { field: 'actions.0.test', message: 'Invalid input: expected string, received undefined' },
        { field: 'note', message: 'Too big: expected string to have <=4000 characters' },
        { field: 'actions', message: "T2 is met with actions in the panel's judgement: give the action and its owner" },
      ]),
    ).toEqual([
      { slot: 'judge-T3', href: '#judge-T3-agree', message: 'Record a judgement on T3 before issuing the report' },
      {
        slot: 'action-1-owner',
        href: '#action-1-owner',
        inline: 'Enter at least 2 characters for the owner',
        message: 'Action 2: Enter at least 2 characters for the owner',
      },
      {
        slot: 'action-0-action',
        href: '#action-0-action',
        inline: 'Enter at least 3 characters for the action',
        message: 'Action 1: Enter at least 3 characters for the action',
      },
      {
        slot: 'action-0-test',
        href: '#action-0-test',
        inline: 'Choose the test the action is for',
        message: 'Action 1: Choose the test the action is for',
      },
      { slot: 'issue-note', href: '#issue-note', message: 'Enter a note of 4,000 characters or fewer' },
      {
        slot: 'issue-actions',
        href: '#action-0-test',
        message: "T2 is met with actions in the panel's judgement: give the action and its owner",
      },
    ]);
  });
});
