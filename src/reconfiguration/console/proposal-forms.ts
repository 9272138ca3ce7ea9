import type { FieldIssue } from '../../common/domain-error.js';
import { plainMessage, type PlainField, type ProblemPlace } from '../../console/form-problems.js';

/*
 * The panel's console forms as the API's bodies, and the service's refusals back onto the forms.
 * Plain functions: the forms post urlencoded fields (`judgements.0.reason`, `actions.2.owner`);
 * the bodies they become are exactly those of POST /api/v1/proposals/:ref/judgements and /issue, so
 * the service applies the same rules to both. Nothing here decides what is valid.
 */

type Form = Record<string, unknown>;
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const trimmed = (v: unknown): string | undefined => str(v).trim() || undefined;

/** Blank action rows the issue form offers beyond those already typed. */
export const BLANK_ACTION_ROWS = 3;
/** Rows read from a post: the schema allows 50 actions, and a few blank rows may come with them. */
const MAX_ACTION_ROWS = 60;

export interface JudgementFormValues {
  test: string;
  /** The radio chosen: `agree`, `disagree`, or none. */
  choice: '' | 'agree' | 'disagree';
  result: string;
  reason: string;
}

/** One test's judgement form. "Agree" takes the engine's result, so a result left selected
 *  under "Another result" is not sent with it; blanks are left out so the schema names them. */
export function judgementFromForm(form: Form): { body: Record<string, unknown>; values: JudgementFormValues } {
  const choice = str(form['judgements.0.agree']);
  const values: JudgementFormValues = {
    test: str(form['judgements.0.test']).trim(),
    choice: choice === 'agree' || choice === 'disagree' ? choice : '',
    result: str(form['judgements.0.result']),
    reason: str(form['judgements.0.reason']),
  };
  const agree = values.choice === '' ? undefined : values.choice === 'agree';
  const result = agree === false ? trimmed(values.result) : undefined;
  const judgement = { test: values.test, agree, result, reason: trimmed(values.reason) };
  const decisionId = trimmed(form.decisionId);
  return {
    body: { ...(decisionId ? { decisionId } : {}), judgements: [withoutUndefined(judgement)] },
    values,
  };
}

export interface ActionRow {
  test: string;
  action: string;
  owner: string;
}

export interface IssueFormValues {
  rows: ActionRow[];
  note: string;
  /** Why this report replaces the one that stands (only when one stands for the date). */
  amendReason: string;
}

/** The issue form: the rows typed (blank ones dropped) become `actions`, an empty note is left
 *  out. The form shown again after a refusal lists the typed rows first, so `actions.<i>` is its
 *  row i. */
export function issueFromForm(form: Form): { body: Record<string, unknown>; values: IssueFormValues } {
  const rows: ActionRow[] = [];
  for (const key of Object.keys(form)) {
    const m = /^actions\.(\d{1,2})\.(test|action|owner)$/.exec(key);
    if (!m || Number(m[1]) >= MAX_ACTION_ROWS) continue;
    const i = Number(m[1]);
    while (rows.length <= i) rows.push({ test: '', action: '', owner: '' });
    rows[i][m[2] as keyof ActionRow] = str(form[key]);
  }
  const typed = rows.filter((r) => r.test.trim() || r.action.trim() || r.owner.trim());
  const note = str(form.note);
  const decisionId = trimmed(form.decisionId);
  // The report that stands for the date (a hidden field, there only when one does) and why.
  const amends = trimmed(form.amends);
  const amendReason = str(form.amendReason);
  return {
    body: {
      ...(decisionId ? { decisionId } : {}),
      ...(note.trim() ? { note } : {}),
      ...(amends ? { amends, ...(amendReason.trim() ? { amendReason: amendReason.trim() } : {}) } : {}),
      // A blank field of a typed row is left out, so the schema asks for it (`Enter an owner`).
      actions: typed.map((r) =>
        withoutUndefined({ test: trimmed(r.test), action: trimmed(r.action) && r.action, owner: trimmed(r.owner) && r.owner }),
      ),
    },
    values: { rows: typed, note, amendReason },
  };
}

/** A refusal as the page shows it: beside the element of `slot` (as `inline`, when it is worded
 *  otherwise than the summary's), and in the summary linking to `href`. */
export interface FormProblem extends ProblemPlace {
  slot: string;
}

/** The forms' fields as their messages name them (console/plain-words.ts): `Choose the panel's
 *  result`, `Enter at least 3 characters for the action`. */
const JUDGEMENT_FIELDS: Record<string, PlainField> = {
  agree: { kind: 'choice', missing: "Choose whether you agree with the engine's result" },
  result: { kind: 'choice', missing: "Choose the panel's result" },
  reason: { noun: 'a reason' },
  test: { kind: 'hidden' },
};
const ACTION_FIELDS: Record<string, PlainField> = {
  test: { kind: 'choice', missing: 'Choose the test the action is for' },
  action: { noun: 'an action' },
  owner: { noun: 'an owner' },
};
/** The report a form was for is a hidden field of the page: only a page out of date, or a
 *  crafted post, gets it wrong. */
const REPORT_FIELD: PlainField = { kind: 'hidden', missing: 'This form does not name the report it is for: reload the page and try again' };
/** A test without a judgement, when issuing: what to do about it. */
const unjudged = (test: string, message: string): string =>
  message === 'no panel judgement recorded' ? `Record a judgement on ${test} before issuing the report` : plainMessage(message);

/** The service's refusal of one test's judgement, onto that test's form; the summary names the test. */
export function judgementProblems(issues: FieldIssue[], test: string): FormProblem[] {
  return issues.map((issue) => {
    const named = /^judgements\.0\.(agree|result|reason|test)$/.exec(issue.field)?.[1];
    const words =
      issue.field === 'decisionId' ? plainMessage(issue.message, REPORT_FIELD) : plainMessage(issue.message, named ? JUDGEMENT_FIELDS[named] : {});
    const inline = named === 'result' || named === 'reason';
    const slot = inline ? `judge-${test}-${named}` : `judge-${test}`;
    return { slot, href: inline ? `#${slot}` : `#judge-${test}-agree`, inline: words, message: `${test}: ${words}` };
  });
}

/** The service's refusal of the issue: an unjudged test onto its judgement form, an action's
 *  field onto its row (the summary naming the row), the note onto the note; anything else onto
 *  the actions. */
export function issueProblems(issues: FieldIssue[]): FormProblem[] {
  return issues.map((issue) => {
    const judged = /^judgements\.([A-Z][0-9]{1,2})$/.exec(issue.field);
    if (judged) {
      const words = unjudged(judged[1], issue.message);
      return { slot: `judge-${judged[1]}`, href: `#judge-${judged[1]}-agree`, message: words };
    }
    const action = /^actions\.(\d+)\.(test|action|owner)$/.exec(issue.field);
    if (action) {
      const row = Number(action[1]);
      const id = `action-${row}-${action[2]}`;
      const words = plainMessage(issue.message, ACTION_FIELDS[action[2]]);
      return { slot: id, href: `#${id}`, inline: words, message: `Action ${row + 1}: ${words}` };
    }
    if (issue.field === 'note') return { slot: 'issue-note', href: '#issue-note', message: plainMessage(issue.message, { noun: 'a note' }) };
    if (issue.field === 'amendReason')
      return { slot: 'issue-amend-reason', href: '#issue-amend-reason', message: plainMessage(issue.message, { noun: 'a reason' }) };
    const field = issue.field === 'decisionId' ? REPORT_FIELD : { kind: 'list' as const, noun: 'an action' };
    return { slot: 'issue-actions', href: '#action-0-test', message: plainMessage(issue.message, field) };
  });
}

function withoutUndefined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
