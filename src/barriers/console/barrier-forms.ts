import type { FieldIssue } from '../../common/domain-error.js';
import { formProblems as foldProblems, type FormProblemsView } from '../../console/form-problems.js';

/*
 * The barrier channel's console forms as the API's bodies, and the service's refusals back onto
 * the forms. Plain functions: a form posts urlencoded fields (a checkbox group as a repeated key);
 * the body it becomes is exactly that of the matching POST /api/v1/barriers… route, so the
 * service applies the same rules to both. Nothing here decides what is valid: blanks are left out
 * so the schema names them. What the form itself cannot say as the API's body (a field of one
 * input given twice, an objective that is no number) is a problem of the form's own: the page
 * shows it beside the field and nothing is sent.
 */

export type Form = Record<string, unknown>;

/** A field of one input: its value, or the first of a repeated key (kept on the form, refused by
 *  `repeated`). */
const str = (v: unknown): string => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '');
const trimmed = (v: unknown): string | undefined => str(v).trim() || undefined;
/** A checkbox group: absent, one value (a string) or several (an array). */
const many = (v: unknown): string[] =>
  (Array.isArray(v) ? v : v === undefined ? [] : [v]).map((s) => (typeof s === 'string' ? s : '')).filter((s) => s.trim() !== '');
const withoutUndefined = (o: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/** Each field of one input, in the words that ask for it once. */
const ONE: Record<string, string> = {
  ccg: 'choose one CCG',
  raisedOn: 'give one date raised',
  actionArea: 'choose one national action area',
  otherReason: 'give one reason why none of the national action areas fits',
  stopsLocally: 'say once what the barrier stops locally',
  'evidence.0.summary': 'give one description of the evidence',
  'evidence.0.source': 'give one place where the evidence can be read',
  summary: 'give one description of the evidence',
  source: 'give one place where the evidence can be read',
  reason: 'give one reason',
  triage: 'choose one triage',
  owner: 'name one owner',
  responseDue: 'give one date the response is due',
  issue: 'choose one national issue',
  title: 'give one title',
  text: 'give one response',
  nationalAction: 'describe one national action',
  respondedOn: 'give one date of the response',
};

/** The fields of one input posted more than once (a crafted post, a form sent twice over): each a
 *  problem naming it, where a value dropped without a word would be recorded as never given. */
function repeated(form: Form, fields: readonly string[]): FieldIssue[] {
  return fields.filter((f) => Array.isArray(form[f])).map((f) => ({ field: f, message: ONE[f] }));
}

export interface RaiseFormValues {
  ccg: string;
  raisedOn: string;
  objectives: string[];
  actionArea: string;
  otherReason: string;
  stopsLocally: string;
  evidenceSummary: string;
  evidenceSource: string;
  nationalBodies: string[];
}

/** What a form becomes: the API's body, what was typed (to show again), and the form's own
 *  problems (none: send the body). */
export interface FromForm<V> {
  body: Record<string, unknown>;
  values: V;
  problems: FieldIssue[];
}

/** The checkboxes offer objectives by number: anything else did not come from the list. */
const OBJECTIVE = /^\d{1,3}$/;

/** The raise form. Objectives are numbers to the API: a value that is not one (no checkbox sends
 *  it) is a problem of the form, not a number sent for the schema to refuse. One evidence item
 *  may come with it (more are added on the barrier's page); both its fields blank means none. */
export function raiseFromForm(form: Form): FromForm<RaiseFormValues> {
  const values: RaiseFormValues = {
    ccg: str(form.ccg).trim(),
    raisedOn: str(form.raisedOn).trim(),
    objectives: many(form.objectives),
    actionArea: str(form.actionArea),
    otherReason: str(form.otherReason),
    stopsLocally: str(form.stopsLocally),
    evidenceSummary: str(form['evidence.0.summary']),
    evidenceSource: str(form['evidence.0.source']),
    nationalBodies: many(form.nationalBodies),
  };
  const evidence =
    values.evidenceSummary.trim() || values.evidenceSource.trim()
      ? [withoutUndefined({ summary: values.evidenceSummary, source: trimmed(values.evidenceSource) })]
      : undefined;
  const body = withoutUndefined({
    ccg: values.ccg || undefined,
    raisedOn: values.raisedOn || undefined,
    objectives: values.objectives.filter((o) => OBJECTIVE.test(o.trim())).map(Number),
    actionArea: trimmed(values.actionArea),
    otherReason: trimmed(values.otherReason),
    stopsLocally: trimmed(values.stopsLocally),
    evidence,
    nationalBodies: values.nationalBodies,
  });
  const problems = repeated(form, ['ccg', 'raisedOn', 'actionArea', 'otherReason', 'stopsLocally', 'evidence.0.summary', 'evidence.0.source']);
  if (values.objectives.some((o) => !OBJECTIVE.test(o.trim()))) problems.push({ field: 'objectives', message: 'choose objectives from the list' });
  return { body, values, problems };
}

export interface EvidenceFormValues {
  summary: string;
  source: string;
}

export function evidenceFromForm(form: Form): FromForm<EvidenceFormValues> {
  const values = { summary: str(form.summary), source: str(form.source) };
  return {
    body: withoutUndefined({ summary: trimmed(values.summary), source: trimmed(values.source) }),
    values,
    problems: repeated(form, ['summary', 'source']),
  };
}

/** One free-text reason (withdrawing, rejecting a response). */
export function reasonFromForm(form: Form): FromForm<{ reason: string }> {
  const values = { reason: str(form.reason) };
  return { body: withoutUndefined({ reason: trimmed(values.reason) }), values, problems: repeated(form, ['reason']) };
}

export interface TriageFormValues {
  triage: string;
  reason: string;
  owner: string;
  responseDue: string;
}

/** Owner and due date are sent whatever the triage: the schema asks for them only for national. */
export function triageFromForm(form: Form): FromForm<TriageFormValues> {
  const values = { triage: str(form.triage), reason: str(form.reason), owner: str(form.owner), responseDue: str(form.responseDue) };
  return {
    body: withoutUndefined({
      triage: trimmed(values.triage),
      reason: trimmed(values.reason),
      owner: trimmed(values.owner),
      responseDue: trimmed(values.responseDue),
    }),
    values,
    problems: repeated(form, ['triage', 'reason', 'owner', 'responseDue']),
  };
}

export interface LinkFormValues {
  barriers: string[];
  issue: string;
  title: string;
  owner: string;
  responseDue: string;
}

/** A national issue as the link form offers it: its ref and the barriers under it. */
export interface LinkableIssue {
  ref: string;
  barriers: { ref: string; status: string }[];
}

/**
 * The link form on a barrier's page: this barrier alone under a new national issue (a title is
 * then required), with the barriers chosen, or with an existing issue. The API links barriers
 * only; an issue is joined by linking with one of its live barriers (the oldest issue involved is
 * kept, see planLink). An issue with none left is a problem of the form's `issue` field.
 */
export function linkFromForm(form: Form, ref: string, issues: readonly LinkableIssue[]): FromForm<LinkFormValues> {
  const values: LinkFormValues = {
    barriers: many(form.barriers),
    issue: str(form.issue).trim(),
    title: str(form.title),
    owner: str(form.owner),
    responseDue: str(form.responseDue),
  };
  const refs = [ref, ...values.barriers.map((b) => b.trim()).filter((b) => b !== ref)];
  const problems = repeated(form, ['issue', 'title', 'owner', 'responseDue']);
  let problem: FieldIssue | undefined;
  if (values.issue && !Array.isArray(form.issue)) {
    const issue = issues.find((i) => i.ref === values.issue);
    const live = issue?.barriers.find((b) => b.status !== 'withdrawn');
    if (!issue) problem = { field: 'issue', message: `there is no open national issue ${values.issue}` };
    else if (!live) problem = { field: 'issue', message: `national issue ${issue.ref} has no barrier left that is not withdrawn` };
    else if (!refs.includes(live.ref)) refs.push(live.ref);
  }
  const body = withoutUndefined({
    barriers: refs,
    title: trimmed(values.title),
    owner: trimmed(values.owner),
    responseDue: trimmed(values.responseDue),
  });
  return { body, values, problems: problem ? [...problems, problem] : problems };
}

export interface RespondFormValues {
  text: string;
  nationalAction: string;
  respondedOn: string;
}

export function respondFromForm(form: Form): FromForm<RespondFormValues> {
  const values = { text: str(form.text), nationalAction: str(form.nationalAction), respondedOn: str(form.respondedOn) };
  return {
    body: withoutUndefined({ text: trimmed(values.text), nationalAction: trimmed(values.nationalAction), respondedOn: trimmed(values.respondedOn) }),
    values,
    problems: repeated(form, ['text', 'nationalAction', 'respondedOn']),
  };
}

// --- Refusals onto the forms ------------------------------------------------------------------

/** A field of a form on the page: where its message goes (`slot`), the element the error summary
 *  links to, and what it wants, in words, when the API's message is the schema's generic one. */
export interface FormField {
  /** The API's field, or its prefix (`objectives` takes `objectives.2`). */
  field: string;
  slot: string;
  href: string;
  wants: string;
}

export type FormProblems = FormProblemsView;

/** zod's own wording (the schema's `Too small: expected string to have >=10 characters`); our
 *  own refinements speak in words already and are shown as they are. */
const GENERIC = /^(Invalid input|Invalid option|Too small|Too big|Invalid|expected )/;
const sentence = (s: string): string => (s ? s[0].toUpperCase() + s.slice(1) : s);

/** The service's field issues onto a form's fields. An issue of a field the form does not have
 *  goes to the summary only, linking to the form itself. */
export function formProblems(issues: readonly FieldIssue[], fields: readonly FormField[], formHref: string): FormProblems {
  return foldProblems(
    issues,
    (issue) => {
      const field = fields.find((f) => issue.field === f.field || issue.field.startsWith(`${f.field}.`));
      const message = sentence(field && GENERIC.test(issue.message) ? field.wants : issue.message);
      return field ? { slot: field.slot, href: field.href, message } : { href: formHref, message: `${issue.field}: ${message}` };
    },
    { oncePerSlot: true },
  );
}

/** The raise form's fields, in the order the page shows them. `firstObjective` and the first
 *  action area and body are the inputs the summary links to. */
export const RAISE_FIELDS: readonly FormField[] = [
  { field: 'ccg', slot: 'ccg', href: '#ccg', wants: 'choose the CCG the barrier is raised for' },
  { field: 'raisedOn', slot: 'raisedOn', href: '#raisedOn', wants: 'enter the date it was raised as a real date, like 2013-08-01' },
  { field: 'objectives', slot: 'objectives', href: '#objective-1', wants: 'choose at least one mandate objective' },
  { field: 'actionArea', slot: 'actionArea', href: '#actionArea-1', wants: 'choose the national action area, or other' },
  {
    field: 'otherReason',
    slot: 'otherReason',
    href: '#otherReason',
    wants: 'say why none of the national action areas fits, in 10 to 2,000 characters',
  },
  { field: 'stopsLocally', slot: 'stopsLocally', href: '#stopsLocally', wants: 'say what the barrier stops locally, in 10 to 4,000 characters' },
  {
    field: 'evidence.0.summary',
    slot: 'evidenceSummary',
    href: '#evidenceSummary',
    wants: 'describe the evidence in 10 to 4,000 characters, or leave it blank',
  },
  {
    field: 'evidence.0.source',
    slot: 'evidenceSource',
    href: '#evidenceSource',
    wants: 'give where the evidence can be read in 3 to 500 characters, or leave it blank',
  },
  { field: 'evidence', slot: 'evidenceSummary', href: '#evidenceSummary', wants: 'describe the evidence in 10 to 4,000 characters' },
  { field: 'nationalBodies', slot: 'nationalBodies', href: '#nationalBody-1', wants: 'choose at least one national body' },
];

/** The forms of a barrier's page: each slot is `<form>.<field>`, each input id `<form>-<field>`. */
export type BarrierForm = 'evidence' | 'withdraw' | 'triage' | 'link' | 'respond' | 'reject';

const slot = (form: BarrierForm, field: string, wants: string, href = `#${form}-${field}`): FormField => ({
  field,
  slot: `${form}.${field}`,
  href,
  wants,
});

export const BARRIER_FORM_FIELDS: Record<BarrierForm, readonly FormField[]> = {
  evidence: [
    slot('evidence', 'summary', 'describe the evidence in 10 to 4,000 characters'),
    slot('evidence', 'source', 'give where the evidence can be read in 3 to 500 characters, or leave it blank'),
  ],
  withdraw: [slot('withdraw', 'reason', 'say why the barrier is withdrawn, in 10 to 2,000 characters')],
  triage: [
    slot('triage', 'triage', 'choose national, local or not a barrier', '#triage-triage-national'),
    slot('triage', 'reason', 'give the reason for the triage, in 10 to 4,000 characters'),
    slot('triage', 'owner', 'name the owner at the Board, in 2 to 200 characters'),
    slot('triage', 'responseDue', 'enter the date the response is due as a real date, like 2014-03-31'),
  ],
  link: [
    slot('link', 'barriers', 'choose barriers that are not withdrawn and not triaged local', '#link-barriers'),
    slot('link', 'issue', 'choose a national issue, or none'),
    slot('link', 'title', 'give the national issue a title of 5 to 300 characters'),
    slot('link', 'owner', 'name the owner at the Board, in 2 to 200 characters'),
    slot('link', 'responseDue', 'enter the date the response is due as a real date, like 2014-03-31'),
  ],
  respond: [
    slot('respond', 'text', "write the Board's response, in 10 to 8,000 characters"),
    slot('respond', 'nationalAction', 'describe the national action in 5 to 4,000 characters, or leave it blank'),
    slot('respond', 'respondedOn', 'enter the date of the response as a real date, like 2014-03-31, or leave it blank'),
  ],
  reject: [
    slot('reject', 'reason', 'say why the response does not answer the barrier, in 10 to 4,000 characters'),
    slot('reject', 'rejectedOn', 'enter the date as a real date, or leave it blank'),
  ],
};
