import { formProblems } from '../../console/form-problems.js';
import { humanise } from '../../console/outcome-words.js';
import { when } from '../../console/review-view.js';
import { factLabel } from '../../rules/condition-words.js';
import { TAG_CLASSES, tagClass } from '../../console/tone-tags.js';
import type { OutcomeTone } from '../../rules/rule-family.js';
import { TEST_RESULTS } from '../reconfiguration.assurance.js';
import { isApplicable, type ReconfigurationOutcome, type TestAssessment } from '../reconfiguration.decider.js';
import { reconfigurationFamily } from '../reconfiguration.family.js';
import { unjudgedTests } from '../reconfiguration.panel.js';
import type { ReconfigurationService } from '../reconfiguration.service.js';
import { BLANK_ACTION_ROWS, type FormProblem, type IssueFormValues, type JudgementFormValues } from './proposal-forms.js';

/*
 * What the panel's console pages show, as plain functions of what the service returns: the list of
 * proposals, and one proposal with the engine's result per test, the panel's judgements and, while
 * its report awaits the panel, the forms to judge and issue it. Words, not codes: results and
 * outcomes are spelt out and coloured by what they mean.
 */

export type ProposalList = Awaited<ReturnType<ReconfigurationService['list']>>;
export type ProposalTimeline = Awaited<ReturnType<ReconfigurationService['timeline']>>;

/** The current report of a proposal: its latest assessment's decision. */
export interface CurrentReport {
  id: string;
  status: 'proposed' | 'issued' | 'superseded';
  proposedKey: string;
  finalKey: string | null;
  proposedOutcome: ReconfigurationOutcome;
  finalOutcome: ReconfigurationOutcome | null;
  reviewedBy: string | null;
  reviewedAt: Date | null;
}

export const RESULT_WORDS: Record<string, string> = {
  met: 'Met',
  'met-with-actions': 'Met with actions',
  'not-met': 'Not met',
  'insufficient-evidence': 'Insufficient evidence',
  'not-applicable': 'Does not apply',
};

export const ASSURANCE_WORDS: Record<string, string> = {
  assured: 'Assured',
  'assured-with-actions': 'Assured with actions',
  'more-evidence-needed': 'More evidence needed',
  'not-assured': 'Not assured',
};

/** A test's result coloured as the outcome it leads to would be. */
const RESULT_TONES: Record<string, OutcomeTone> = {
  met: 'good',
  'met-with-actions': 'caution',
  'insufficient-evidence': 'concern',
  'not-met': 'adverse',
  'not-applicable': 'neutral',
};

const resultWords = (r: string | null | undefined): string => (r ? (RESULT_WORDS[r] ?? humanise(r)) : '');
const assuranceWords = (k: string | null | undefined): string => (k ? (ASSURANCE_WORDS[k] ?? humanise(k)) : '');
const resultTag = (r: string): string => TAG_CLASSES[RESULT_TONES[r] ?? 'neutral'];
const outcomeTag = (key: string | null | undefined): string => tagClass(reconfigurationFamily.tones, key);

const ASSESSMENT_WORDS: Record<string, string> = {
  queued: 'Being evaluated',
  evaluating: 'Being evaluated',
  awaiting_review: 'Awaiting the panel',
  decided: 'Issued',
  failed: 'Evaluation failed',
  superseded: 'Superseded by a newer submission',
};

/** Where a proposal stands, in words, with the outcome to show beside it (and whose it is). */
export function proposalStatus(
  assessmentStatus: string,
  report: { status: string; engineAssurance: string; panelAssurance: string | null } | null,
): { status: string; outcome: string; outcomeTag: string; outcomeBy: string } {
  if (report?.status === 'issued' && report.panelAssurance) {
    return {
      status: 'Issued',
      outcome: assuranceWords(report.panelAssurance),
      outcomeTag: outcomeTag(report.panelAssurance),
      outcomeBy: 'by the panel',
    };
  }
  if (report?.status === 'proposed') {
    return {
      status: 'Awaiting the panel',
      outcome: assuranceWords(report.engineAssurance),
      outcomeTag: outcomeTag(report.engineAssurance),
      outcomeBy: 'proposed by the rules',
    };
  }
  return { status: ASSESSMENT_WORDS[assessmentStatus] ?? assessmentStatus, outcome: '', outcomeTag: '', outcomeBy: '' };
}

/** The Proposals page: every proposal, newest submission first, linked to its page. */
export function proposalsView(list: ProposalList) {
  const items = list.items.map((p) => ({
    reference: p.reference,
    href: reconfigurationFamily.console!.reviewPath!(p.reference),
    title: p.title ?? '',
    leadCcg: p.leadCcg ? (p.leadCcg.name ?? p.leadCcg.code) : '',
    leadCode: p.leadCcg?.code ?? '',
    assuranceDate: p.latestAssessment.period,
    submitted: when(p.latestAssessment.createdAt),
    submissions: p.submissions,
    ...proposalStatus(p.latestAssessment.status, p.report),
  }));
  return { title: 'Proposals', items, awaiting: items.filter((i) => i.status === 'Awaiting the panel').length };
}

/** Audit actions of a proposal's timeline, in words. */
function eventWords(action: string, payload: unknown): string {
  const p = (payload ?? {}) as Record<string, unknown>;
  switch (action) {
    case 'assessment.created':
      return 'Submitted for assurance';
    case 'evaluation.completed':
      return 'Assessed by the rules';
    case 'reconfiguration.judgement.recorded':
      return `Judgement on ${String(p.test)}: ${p.agrees ? 'agrees with the rules' : 'differs from the rules'} (${resultWords(String(p.result)).toLowerCase()})`;
    case 'decision.issued-by-panel':
      return 'Assurance report issued by the panel';
    case 'reconfiguration.report.issued':
      return `Report recorded for the proposal: ${assuranceWords(String(p.assurance)).toLowerCase()}`;
    case 'evaluation.replayed':
      return 'Evaluation replayed';
    case 'decision.superseded':
      return 'Report superseded';
    case 'assessment.failed':
      return 'Evaluation failed';
    default:
      return action.replaceAll('.', ' ').replaceAll('-', ' ');
  }
}

export interface ProposalForms {
  /** The judgement form that was refused, as it was filled in. */
  judgement?: JudgementFormValues;
  /** The issue form that was refused, as it was filled in. */
  issue?: IssueFormValues;
}

export interface ProposalPageInput {
  timeline: ProposalTimeline;
  report: CurrentReport | null;
  /** The signed-in role may judge and issue (panel, admin). */
  mayJudge: boolean;
  forms?: ProposalForms;
  problems?: FormProblem[];
  flash?: string | null;
  /** A refusal told in words above the page (someone issued meanwhile). */
  notice?: string | null;
  /** The report issued for the current submission's date, which issuing this one would replace. */
  standing?: { id: string; issuedAt: Date | null } | null;
}

type StoredJudgementRow = ProposalTimeline['assessments'][number]['reports'][number]['judgements'][number];

/** One proposal: the timeline, the engine's result per test and, for the panel while the report
 *  awaits it, a judgement form per applicable test and the issue form. */
export function proposalView(input: ProposalPageInput) {
  const { timeline, report, forms = {}, problems = [] } = input;
  const { errors, errorList } = formProblems(problems, (p) => p);
  const engine = report?.proposedOutcome ?? null;
  const issued = report?.status === 'issued' ? report.finalOutcome : null;
  const open = report?.status === 'proposed';
  const canJudge = input.mayJudge && open;
  const allReports = timeline.assessments.flatMap((a) => a.reports);
  const judgementsOf = (test: string): StoredJudgementRow[] =>
    (allReports.find((r) => r.id === report?.id)?.judgements ?? []).filter((j) => j.test === test);
  const applicable = engine ? engine.tests.filter(isApplicable) : [];
  const judged = engine ? applicable.filter((t) => judgementsOf(t.id).length > 0).map((t) => t.id) : [];
  const missing = engine ? unjudgedTests(engine, judged) : [];

  const tests = (engine?.tests ?? []).map((t) =>
    testView(
      t,
      issued?.tests.find((x) => x.id === t.id),
      judgementsOf(t.id),
      canJudge,
      forms,
      errors,
    ),
  );
  const last = timeline.assessments[timeline.assessments.length - 1];
  const proposal = engine?.proposal;
  const status = proposalStatus(
    last.status,
    report ? { status: report.status, engineAssurance: report.proposedKey, panelAssurance: report.finalKey } : null,
  );

  const typedRows = forms.issue?.rows ?? [];
  const actionRows = [...typedRows, ...Array.from({ length: BLANK_ACTION_ROWS }, () => ({ test: '', action: '', owner: '' }))].map((r, i) => ({
    index: i,
    // Not `number`: templates have a helper of that name, which would win.
    rowNumber: i + 1,
    action: r.action,
    owner: r.owner,
    tests: applicable.map((t) => ({ value: t.id, label: `${t.id}: ${t.title}`, selected: r.test === t.id })),
    errors: { test: errors[`action-${i}-test`], action: errors[`action-${i}-action`], owner: errors[`action-${i}-owner`] },
  }));
  const heading = proposal?.title ?? timeline.title ?? timeline.reference;

  return {
    title: `${errorList.length ? 'Error: ' : ''}Proposal ${timeline.reference}`,
    flash: input.flash ?? null,
    notice: input.notice ?? null,
    errorList,
    reference: timeline.reference,
    heading,
    service: proposal?.service.replaceAll('-', ' ') ?? '',
    leadCcg: proposal ? `${proposal.leadCcg.name} (${proposal.leadCcg.code})` : '',
    affectedCcgs: proposal?.affectedCcgs.map((c) => `${c.name} (${c.code})`) ?? [],
    assuranceDate: last.period,
    submissions: timeline.submissions,
    ...status,
    assessmentHref: `/console/assessments/${last.id}`,
    report: report
      ? {
          id: report.id,
          documentHref: `/console/decisions/${report.id}/document`,
          engineAssurance: assuranceWords(report.proposedKey),
          engineTag: outcomeTag(report.proposedKey),
          panelAssurance: report.finalKey ? assuranceWords(report.finalKey) : '',
          panelTag: outcomeTag(report.finalKey),
          issuedBy: report.reviewedBy,
          issuedAt: when(report.reviewedAt),
          differences: issued?.differences ?? [],
          note: issued?.panelNote ?? null,
          actions: (issued?.actions ?? []).map((a) => ({ ...a, byPanel: a.source === 'panel' })),
        }
      : null,
    issued: Boolean(issued),
    open,
    canJudge,
    flags: engine?.flags ?? [],
    tests,
    missing: missing.map((id) => ({ id, href: `#judge-${id}-agree` })),
    issueForm:
      canJudge && report
        ? {
            decisionId: report.id,
            rows: actionRows,
            note: forms.issue?.note ?? '',
            noteError: errors['issue-note'],
            actionsError: errors['issue-actions'],
            standing: input.standing ? { id: input.standing.id, issuedAt: input.standing.issuedAt ? when(input.standing.issuedAt) : null } : null,
            amendReason: { value: forms.issue?.amendReason ?? '', error: errors['issue-amend-reason'] },
          }
        : null,
    submissionsList: timeline.assessments.map((a) => ({
      submission: a.submission,
      period: a.period,
      status: ASSESSMENT_WORDS[a.status] ?? a.status,
      createdBy: a.createdBy,
      createdAt: when(a.createdAt),
      href: `/console/assessments/${a.id}`,
      reports: a.reports.map((r) => ({
        documentHref: `/console/decisions/${r.id}/document`,
        status: r.status,
        engine: assuranceWords(r.engineAssurance),
        panel: assuranceWords(r.panelAssurance),
        differences: r.differences.join(', '),
        judgements: r.judgements.length,
      })),
    })),
    events: timeline.timeline.map((e) => ({ at: when(e.at), actor: e.actor, what: eventWords(e.action, e.payload) })),
  };
}

function testView(
  t: TestAssessment,
  issued: TestAssessment | undefined,
  judgements: StoredJudgementRow[],
  canJudge: boolean,
  forms: ProposalForms,
  errors: Record<string, string>,
) {
  const applicable = isApplicable(t);
  const values = forms.judgement?.test === t.id ? forms.judgement : undefined;
  return {
    id: t.id,
    title: t.title,
    kind: t.kind === 'test' ? 'Test' : 'Priority check',
    citation: t.citation,
    applicable,
    result: resultWords(t.result),
    resultTag: resultTag(t.result),
    reasons: t.reasons,
    missing: t.missing.map(factLabel),
    actions: t.actions,
    panel: issued?.panel
      ? { result: resultWords(issued.panel.result), tag: resultTag(issued.panel.result), agrees: issued.panel.agrees, reason: issued.panel.reason }
      : null,
    judgements: judgements.map((j) => ({
      by: j.judgedBy,
      at: when(j.judgedAt),
      result: resultWords(j.result),
      agrees: j.agrees,
      reason: j.reason,
    })),
    error: errors[`judge-${t.id}`],
    form:
      canJudge && applicable
        ? {
            agree: values?.choice === 'agree',
            disagree: values?.choice === 'disagree',
            reason: values?.reason ?? '',
            // The engine's own result is "agree", not another result.
            results: TEST_RESULTS.filter((r) => r !== t.result).map((r) => ({ value: r, label: RESULT_WORDS[r], selected: values?.result === r })),
            resultError: errors[`judge-${t.id}-result`],
            reasonError: errors[`judge-${t.id}-reason`],
          }
        : null,
  };
}
