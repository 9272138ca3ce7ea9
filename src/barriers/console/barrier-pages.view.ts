import { z } from 'zod';
import type { ApiRole } from '../../auth/api-key.js';
import { DomainError } from '../../common/domain-error.js';
import { parseOrThrow } from '../../common/validation.js';
import { number } from '../../common/format.js';
import { humanise } from '../../console/outcome-words.js';
import { pagingView } from '../../console/paging.js';
import { ACTION_AREA_WORDS, ACTION_AREAS, BARRIER_STATUSES, NATIONAL_BODIES, type ActionArea, type BarrierStatus } from '../barrier.schemas.js';
import type { BarriersService } from '../barriers.service.js';
import { MANDATE_OBJECTIVES } from '../mandate-objectives.js';
import type { FormProblems, LinkFormValues, RaiseFormValues, RespondFormValues, TriageFormValues } from './barrier-forms.js';

/*
 * What the barrier channel's console pages show, as plain functions of what BarriersService
 * returns: a CCG's own landing page, the raise form, the triage queue and one barrier with the
 * forms its reader may use. Words, not codes: areas, bodies, statuses and dates are spelt out, and
 * an overdue response says so in words beside its tag.
 */

export type BarrierView = Awaited<ReturnType<BarriersService['get']>>;
export type IssueView = Awaited<ReturnType<BarriersService['issue']>>;
/** What the link form offers: barriers (a few fields of each) and national issues. */
export type LinkCandidates = Awaited<ReturnType<BarriersService['linkCandidates']>>;

/** The register as these pages use it. */
export interface RegisterCcg {
  odsCode: string;
  name: string;
  regionName: string;
  areaTeamName: string;
}

export const NATIONAL_BODY_WORDS: Record<(typeof NATIONAL_BODIES)[number], string> = {
  'nhs-commissioning-board': 'NHS Commissioning Board',
  'department-of-health': 'Department of Health',
  monitor: 'Monitor',
  'health-education-england': 'Health Education England',
  'public-health-england': 'Public Health England',
  'local-government-association': 'Local Government Association',
};

export const STATUS_WORDS: Record<BarrierStatus, string> = {
  raised: 'Awaiting triage',
  triaged: 'Triaged',
  answered: 'Answered',
  withdrawn: 'Withdrawn',
};

const STATUS_TAGS: Record<BarrierStatus, string> = {
  raised: 'nhsuk-tag--blue',
  triaged: 'nhsuk-tag--yellow',
  answered: 'nhsuk-tag--green',
  withdrawn: 'nhsuk-tag--grey',
};

export const TRIAGE_WORDS: Record<string, string> = {
  national: 'A national barrier',
  local: 'Local: for the CCG and its partners, not national',
  'not-a-barrier': 'Not a barrier',
};

const ISSUE_STATUS_WORDS: Record<string, string> = { open: 'Awaiting the Board’s response', answered: 'Answered', merged: 'Merged' };

const words = <K extends string>(table: Record<K, string>, key: string | null | undefined): string =>
  key ? (Object.hasOwn(table, key) ? table[key as K] : key) : '';

const dayFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** `2013-08-01` (or an instant) as `1 August 2013`. */
export function dayInWords(at: string | Date | null | undefined): string {
  if (!at) return '';
  const d = typeof at === 'string' ? new Date(at.length === 10 ? `${at}T00:00:00Z` : at) : at;
  return Number.isNaN(d.getTime()) ? String(at) : dayFormat.format(d);
}

/** Whole days from one ISO date to another (negative when `to` is earlier). */
export const daysBetween = (from: string, to: string): number =>
  Math.round((Date.parse(`${to.slice(0, 10)}T00:00:00Z`) - Date.parse(`${from.slice(0, 10)}T00:00:00Z`)) / 86_400_000);

const whole = new Intl.NumberFormat('en-GB');
const plural = (n: number, unit: string): string => `${n} ${unit}${n === 1 ? '' : 's'}`;
/** A count in a heading or note, grouped: `1,000 barriers`. */
const counted = (n: number, unit: string): string => `${whole.format(n)} ${unit}${n === 1 ? '' : 's'}`;

/** How long since it was raised, in days. */
export function ageInDays(raisedOn: string | null, today: string): string {
  if (!raisedOn) return '';
  const days = Math.max(0, daysBetween(raisedOn, today));
  return days === 0 ? 'raised today' : plural(days, 'day');
}

/** Whether the Board's response is still awaited (an answered or withdrawn barrier is not). */
const awaitingResponse = (status: string): boolean => status === 'raised' || status === 'triaged';

/** The response due date in words, overdue said in words too (not by colour alone). */
export function dueInWords(responseDue: string | null, status: string, today: string): { text: string; overdue: boolean } {
  if (!responseDue) return { text: awaitingResponse(status) ? 'not set' : '', overdue: false };
  const days = daysBetween(today, responseDue);
  if (!awaitingResponse(status)) return { text: dayInWords(responseDue), overdue: false };
  if (days < 0) return { text: `${dayInWords(responseDue)}: overdue by ${plural(-days, 'day')}`, overdue: true };
  if (days === 0) return { text: `${dayInWords(responseDue)}: due today`, overdue: false };
  return { text: `${dayInWords(responseDue)}: in ${plural(days, 'day')}`, overdue: false };
}

const objectiveLines = (b: Pick<BarrierView, 'objectives'>): string[] => b.objectives.map((o) => `${o.number}. ${o.title ?? ''}`.trim());
const areaWords = (b: Pick<BarrierView, 'actionArea' | 'otherReason'>): string =>
  b.actionArea === 'other' && b.otherReason ? `Other: ${b.otherReason}` : words(ACTION_AREA_WORDS, b.actionArea);
const barrierHref = (ref: string): string => `/console/barriers/${encodeURIComponent(ref)}`;

// --- The triage queue ------------------------------------------------------------------------

export interface BarrierFilter {
  status?: BarrierStatus;
  actionArea?: ActionArea;
  objective?: number;
  region?: string;
}

/** Rows on one page of the triage queue, as on the review queue. */
export const BARRIER_QUEUE_PAGE_SIZE = 50;

const blank = (v: unknown) => (v === '' ? undefined : v);
const filterSchema = z.strictObject({
  status: z.preprocess(blank, z.enum(BARRIER_STATUSES).optional()),
  actionArea: z.preprocess(blank, z.enum(ACTION_AREAS).optional()),
  objective: z.preprocess(blank, z.coerce.number().int().min(1).max(MANDATE_OBJECTIVES.length).optional()),
  region: z.preprocess(blank, z.string().max(200).optional()),
  page: z.preprocess(blank, z.coerce.number().int().min(1).max(100_000).default(1)),
});

/** The queue's filter and page from its query string, or a 400 naming the parameter (`query.page`). */
export function parseBarrierQueueQuery(query: unknown, regions: readonly string[]): { filter: BarrierFilter; page: number } {
  const q = parseOrThrow(filterSchema, query ?? {}, 'query', 'BAD_REQUEST');
  const filter: BarrierFilter = { status: q.status, actionArea: q.actionArea, objective: q.objective };
  if (q.region !== undefined) {
    filter.region = regions.find((r) => r.toLowerCase() === q.region!.trim().toLowerCase());
    if (!filter.region) {
      throw DomainError.invalid([{ field: 'query.region', message: `"${q.region}" is not a region of the register` }], 'BAD_REQUEST');
    }
  }
  return { filter, page: q.page };
}

/** The service's list query for a filter (the region goes to the service apart: the API has none). */
export const listQueryOf = (f: BarrierFilter): Record<string, string> =>
  Object.fromEntries(
    Object.entries({ status: f.status, actionArea: f.actionArea, objective: f.objective?.toString() }).filter(
      (e): e is [string, string] => e[1] !== undefined,
    ),
  );

/** A page of the queue with its filter kept, so paging does not lose it. */
export function queueHref(f: BarrierFilter, page: number): string {
  const params = new URLSearchParams({ ...listQueryOf(f), ...(f.region ? { region: f.region } : {}) });
  if (page > 1) params.set('page', String(page));
  const query = params.toString();
  return `/console/barriers${query ? `?${query}` : ''}`;
}

/** Open barriers first, the most overdue (then the oldest) at the top; then answered, withdrawn.
 *  The triage queue is ordered so in the database (QUEUE_BANDS); a CCG's own short list, here. */
const RANK: Record<string, number> = { raised: 0, triaged: 0, answered: 1, withdrawn: 2 };
export function queueOrder(a: BarrierView, b: BarrierView): number {
  const due = (x: BarrierView) => (awaitingResponse(x.status) && x.responseDue ? x.responseDue : '9999-12-31');
  return (
    (RANK[a.status] ?? 3) - (RANK[b.status] ?? 3) ||
    due(a).localeCompare(due(b)) ||
    (a.raisedOn ?? '').localeCompare(b.raisedOn ?? '') ||
    a.ref.localeCompare(b.ref)
  );
}

/** Where a page of the queue sits in the whole, its links keeping the filter. */
export const queuePaging = (f: BarrierFilter, page: number, limit: number, total: number) => pagingView(page, limit, total, (n) => queueHref(f, n));

export function barrierQueueView(input: {
  /** One page of the queue, in the queue's order. */
  items: readonly BarrierView[];
  /** All that match the filter, and those of them overdue today. */
  total: number;
  overdue: number;
  page: number;
  limit: number;
  filter: BarrierFilter;
  register: readonly RegisterCcg[];
  today: string;
  /** A ccg session sees its own barriers: no region filter, no CCG column. */
  ownCcg?: { odsCode: string; name: string };
  mayRaise: boolean;
}) {
  const { filter, register, today, ownCcg, total, overdue } = input;
  const byCode = new Map(register.map((c) => [c.odsCode, c]));
  const rows = input.items.map((b) => {
    const due = dueInWords(b.responseDue, b.status, today);
    return {
      ref: b.ref,
      href: barrierHref(b.ref),
      ccg: `${b.ccg.name} (${b.ccg.code})`,
      region: byCode.get(b.ccg.code)?.regionName ?? '',
      objectives: objectiveLines(b),
      area: areaWords(b),
      status: words(STATUS_WORDS, b.status),
      statusTag: STATUS_TAGS[b.status as BarrierStatus] ?? 'nhsuk-tag--grey',
      raisedOn: dayInWords(b.raisedOn),
      age: ageInDays(b.raisedOn, today),
      due: due.text,
      overdue: due.overdue,
    };
  });
  const option = (value: string, label: string, selected: boolean) => ({ value, label, selected });
  const filtered = Boolean(filter.status || filter.actionArea || filter.objective || filter.region);
  return {
    title: ownCcg ? 'Your barriers' : 'Barriers: triage queue',
    heading: ownCcg ? `Barriers raised by ${ownCcg.name}` : 'Barriers: triage queue',
    board: !ownCcg,
    mayRaise: input.mayRaise,
    rows,
    total,
    count: `${counted(total, 'barrier')}${filtered ? ' match the filter' : ''}${overdue ? `, ${whole.format(overdue)} overdue` : ''}`,
    paging: queuePaging(filter, input.page, input.limit, total),
    filtered,
    filters: {
      statuses: BARRIER_STATUSES.map((s) => option(s, STATUS_WORDS[s], filter.status === s)),
      actionAreas: ACTION_AREAS.map((a) => option(a, ACTION_AREA_WORDS[a], filter.actionArea === a)),
      objectives: MANDATE_OBJECTIVES.map((o) => option(String(o.number), `${o.number}. ${o.title}`, filter.objective === o.number)),
      regions: [...new Set(register.map((c) => c.regionName))].sort().map((r) => option(r, r, filter.region === r)),
    },
  };
}

// --- A CCG's own landing page ----------------------------------------------------------------

export interface IssuedDecisionLine {
  id: string;
  family: string;
  period: string;
  status: string;
  key: string | null;
  overridden: boolean;
  createdAt: Date | string;
}

const latestResponse = (b: BarrierView) => b.nationalIssue?.responses.at(-1) ?? null;

export function ccgHomeView(input: {
  ccg: RegisterCcg;
  standing: { title: string; entries: { label: string; value: string }[] }[];
  decisions: readonly IssuedDecisionLine[];
  familyTitle: (id: string) => string;
  /** An outcome key of a family in words (console/outcome-words.ts); the key spelt out without it. */
  outcomeWords?: (family: string, key: string) => string;
  barriers: readonly BarrierView[];
  /** How many barriers the CCG has in all, when `barriers` is only the first of them. */
  barrierTotal?: number;
  today: string;
}) {
  const { ccg, today } = input;
  return {
    title: `${ccg.name}: your CCG`,
    barrierTotal: input.barrierTotal !== undefined && input.barrierTotal > input.barriers.length ? number(input.barrierTotal) : undefined,
    ccg,
    standing: input.standing.filter((s) => s.entries.length > 0),
    decisions: input.decisions.map((d) => ({
      family: input.familyTitle(d.family),
      period: d.period,
      outcome: `${d.key ? (input.outcomeWords ?? ((_, key: string) => humanise(key)))(d.family, d.key) : ''}${d.overridden ? ' (changed on review)' : ''}`,
      outcomeKey: d.key ?? '',
      status: d.status === 'superseded' ? 'Replaced by a later decision' : 'Issued',
      documentHref: `/console/my-ccg/decisions/${d.id}/document`,
    })),
    barriers: [...input.barriers].sort(queueOrder).map((b) => {
      const answer = latestResponse(b);
      const due = dueInWords(b.responseDue, b.status, today);
      return {
        ref: b.ref,
        href: barrierHref(b.ref),
        raisedOn: dayInWords(b.raisedOn),
        objectives: objectiveLines(b),
        area: areaWords(b),
        status: words(STATUS_WORDS, b.status),
        statusTag: STATUS_TAGS[b.status as BarrierStatus] ?? 'nhsuk-tag--grey',
        due: due.text,
        overdue: due.overdue,
        answer: answer ? { text: answer.text, on: dayInWords(answer.respondedOn) } : null,
      };
    }),
  };
}

// --- The raise form --------------------------------------------------------------------------

export function raiseFormView(input: {
  /** The CCG of a ccg session: fixed. Board staff choose from the register. */
  ownCcg?: { odsCode: string; name: string };
  register: readonly RegisterCcg[];
  values?: RaiseFormValues;
  problems?: FormProblems;
}) {
  const v = input.values;
  const { errors = {}, errorList = [] } = input.problems ?? {};
  return {
    title: `${errorList.length ? 'Error: ' : ''}Raise a barrier`,
    ownCcg: input.ownCcg ?? null,
    ccgs: input.ownCcg
      ? []
      : [...input.register]
          .sort((a, b) => a.name.localeCompare(b.name))
          .map((c) => ({ value: c.odsCode, label: `${c.name} (${c.odsCode})`, selected: v?.ccg.toUpperCase() === c.odsCode })),
    objectives: MANDATE_OBJECTIVES.map((o) => ({
      id: `objective-${o.number}`,
      value: String(o.number),
      label: `${o.number}. ${o.title}`,
      checked: v?.objectives.includes(String(o.number)) ?? false,
    })),
    actionAreas: ACTION_AREAS.map((a, i) => ({ id: `actionArea-${i + 1}`, value: a, label: ACTION_AREA_WORDS[a], checked: v?.actionArea === a })),
    nationalBodies: NATIONAL_BODIES.map((b, i) => ({
      id: `nationalBody-${i + 1}`,
      value: b,
      label: NATIONAL_BODY_WORDS[b],
      checked: v?.nationalBodies.includes(b) ?? false,
    })),
    values: v ?? null,
    errors,
    errorList,
  };
}

// --- One barrier -----------------------------------------------------------------------------

export interface BarrierPageForms {
  evidence?: { summary: string; source: string };
  withdraw?: { reason: string };
  triage?: TriageFormValues;
  link?: LinkFormValues;
  respond?: RespondFormValues;
  reject?: { reason: string };
}

const BOARD: readonly ApiRole[] = ['board', 'admin'];

/** Barriers offered on the link form at most: the rest are found by the queue's filters. */
export const LINK_CANDIDATE_LIMIT = 100;

/** Whether the barrier may go under a national issue, so its page has the link form. */
export const mayLink = (b: Pick<BarrierView, 'status' | 'triage'>): boolean =>
  b.status !== 'withdrawn' && b.triage?.kind !== 'local' && b.triage?.kind !== 'not-a-barrier';

export function barrierPageView(input: {
  barrier: BarrierView;
  role: ApiRole;
  today: string;
  /** Board staff: barriers this one could be linked with, and the national issues open to it. */
  candidates?: LinkCandidates;
  forms?: BarrierPageForms;
  problems?: FormProblems;
  flash?: string | null;
  notice?: string | null;
}) {
  const { barrier: b, role, today, forms = {} } = input;
  const { errors: slots = {}, errorList = [] } = input.problems ?? {};
  // `triage.reason` → errors.triage.reason, as the template reads it.
  const errors: Record<string, Record<string, string>> = {};
  for (const [slot, message] of Object.entries(slots)) {
    const [form, field] = slot.split('.');
    (errors[form] ??= {})[field] = message;
  }
  const board = BOARD.includes(role);
  const ccg = role === 'ccg';
  const withdrawn = b.status === 'withdrawn';
  const issue = b.nationalIssue;
  const responses = issue?.responses ?? [];
  const latest = responses.at(-1);
  const rejectedIds = new Set(b.rejections.map((r) => r.responseId));
  const due = dueInWords(b.responseDue, b.status, today);
  const issueDue = issue ? dueInWords(issue.responseDue, b.status, today) : null;
  const linkable = mayLink(b);
  const triage = forms.triage ?? {
    triage: b.triage?.kind ?? '',
    reason: b.triage?.reason ?? '',
    owner: b.owner ?? '',
    responseDue: b.responseDue ?? '',
  };
  const link = forms.link ?? { barriers: [], issue: '', title: issue?.title ?? '', owner: '', responseDue: '' };
  // The service chose them: same area or objective, not this one, under no issue yet.
  const candidates = input.candidates?.barriers ?? [];
  const candidatesTotal = input.candidates?.total ?? 0;

  return {
    title: `${errorList.length ? 'Error: ' : ''}Barrier ${b.ref}`,
    ref: b.ref,
    href: barrierHref(b.ref),
    board,
    ccg: `${b.ccg.name} (${b.ccg.code})`,
    status: words(STATUS_WORDS, b.status),
    statusTag: STATUS_TAGS[b.status as BarrierStatus] ?? 'nhsuk-tag--grey',
    raisedOn: dayInWords(b.raisedOn),
    raisedBy: b.createdBy,
    objectives: objectiveLines(b),
    area: words(ACTION_AREA_WORDS, b.actionArea),
    otherReason: b.actionArea === 'other' ? b.otherReason : null,
    stopsLocally: b.stopsLocally,
    nationalBodies: b.nationalBodies.map((x) => words(NATIONAL_BODY_WORDS, x)),
    withdrawn: b.withdrawn ? { reason: b.withdrawn.reason, on: dayInWords(b.withdrawn.at) } : null,
    evidence: b.evidence.map((e) => ({ summary: e.summary, source: e.source, addedBy: e.addedBy, on: dayInWords(e.addedAt) })),
    triage: b.triage
      ? {
          kind: words(TRIAGE_WORDS, b.triage.kind),
          reason: b.triage.reason,
          by: b.triage.by,
          on: dayInWords(b.triage.at),
          owner: b.owner,
          due: due.text,
          overdue: due.overdue,
        }
      : null,
    issue: issue
      ? {
          ref: issue.ref,
          title: issue.title,
          status: words(ISSUE_STATUS_WORDS, issue.status),
          owner: issue.owner,
          due: issueDue?.text ?? '',
          overdue: issueDue?.overdue ?? false,
          // Which other CCGs raised it is Board staff's to know (the service leaves it out for a ccg).
          others: (issue.otherBarriers ?? []).map((o) => ({
            ref: o.ref,
            href: barrierHref(o.ref),
            ccg: o.ccg,
            status: words(STATUS_WORDS, o.status),
          })),
        }
      : null,
    responses: responses.map((r, i) => {
      const rejection = b.rejections.find((x) => x.responseId === r.id);
      return {
        position: i + 1,
        latest: r === latest,
        text: r.text,
        nationalAction: r.nationalAction,
        on: dayInWords(r.respondedOn),
        by: r.respondedBy,
        rejection: rejection ? { reason: rejection.reason, on: dayInWords(rejection.rejectedOn), by: rejection.rejectedBy } : null,
      };
    }),
    // The forms this reader may use now; each is left out when the barrier's state refuses it.
    evidenceForm: (board || ccg) && !withdrawn ? (forms.evidence ?? { summary: '', source: '' }) : null,
    withdrawForm: ccg && !withdrawn ? (forms.withdraw ?? { reason: '' }) : null,
    rejectForm: ccg && b.status === 'answered' && latest && !rejectedIds.has(latest.id) ? (forms.reject ?? { reason: '' }) : null,
    triageForm:
      board && awaitingResponse(b.status)
        ? {
            ...triage,
            underIssue: issue !== null,
            kinds: (['national', 'local', 'not-a-barrier'] as const).map((k) => ({
              id: `triage-triage-${k}`,
              value: k,
              label: words(TRIAGE_WORDS, k),
              checked: triage.triage === k,
            })),
          }
        : null,
    linkForm:
      board && linkable
        ? {
            ...link,
            candidates: candidates.map((x, i) => ({
              id: `link-barriers-${i + 1}`,
              value: x.ref,
              label: `${x.ref}: ${x.ccg.name}; objectives ${x.objectives.join(', ')}; ${words(ACTION_AREA_WORDS, x.actionArea)}`,
              checked: link.barriers.includes(x.ref),
            })),
            more:
              candidatesTotal > candidates.length
                ? `Showing the first ${whole.format(candidates.length)} of ${counted(candidatesTotal, 'barrier')} that could be linked, by reference. Find others in the triage queue by action area or objective.`
                : null,
            issues: (input.candidates?.issues ?? [])
              .filter((i) => i.status !== 'merged' && i.ref !== issue?.ref)
              .map((i) => ({ value: i.ref, label: `${i.ref}: ${i.title}`, selected: link.issue === i.ref })),
          }
        : null,
    respondForm:
      board && issue && !withdrawn && issue.status !== 'merged' ? (forms.respond ?? { text: '', nationalAction: '', respondedOn: '' }) : null,
    errors,
    errorList,
    flash: input.flash ?? null,
    notice: input.notice ?? null,
  };
}
