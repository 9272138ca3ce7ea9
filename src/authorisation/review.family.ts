import { z } from 'zod';
import { FamilyProblemsError, type FactProblem, type RuleFamily, type SubjectContext } from '../rules/rule-family.js';
import type { RuleSetDocument } from '../rules/rule-set.schema.js';
import type { PrismaService } from '../prisma/prisma.service.js';
import { isoDay } from './dates.js';
import { decideReview, REVIEW_KEY_LIST, REVIEW_KEYS, type ReviewOutcome } from './review.decider.js';
import { openConditionSchema, reviewFactsSchema, type OpenConditionContext, type ReviewFacts } from './review.facts.js';
import { recordReview } from './review.records.js';

/** A review round by month, e.g. `2013-07`. */
const reviewPeriodSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected a review month like 2013-07');

/** Every open condition gets a finding, and only open conditions. */
export function reviewFactProblems(facts: ReviewFacts, open: OpenConditionContext[]): FactProblem[] {
  const problems: FactProblem[] = [];
  const openIds = new Set(open.map((c) => c.id));
  if (open.length === 0) problems.push({ path: 'conditions', message: 'the CCG has no open conditions to review' });
  for (const id of Object.keys(facts.conditions)) {
    if (!openIds.has(id)) problems.push({ path: `conditions.${id}`, message: 'not an open condition of this CCG' });
  }
  for (const c of open) {
    if (!facts.conditions[c.id])
      problems.push({ path: `conditions.${c.id}`, message: `open condition on criterion ${c.criterion} (level ${c.level}) needs a finding` });
  }
  for (const c of open) {
    if (facts.reviewedOn < c.openedOn) problems.push({ path: 'reviewedOn', message: `before condition ${c.id} was set (${c.openedOn})` });
  }
  return problems.filter((p, i, all) => all.findIndex((q) => q.path === p.path) === i);
}

async function loadContext(input: { subject: string; facts: ReviewFacts }, db: PrismaService): Promise<OpenConditionContext[]> {
  const rows = await db.authorisationCondition.findMany({ where: { odsCode: input.subject, status: 'open' }, orderBy: { criterion: 'asc' } });
  const open = rows.map((r) => ({
    id: r.id,
    criterion: r.criterion,
    domain: r.domain,
    title: r.title,
    level: r.level,
    dueDate: isoDay(r.dueDate),
    openedOn: isoDay(r.openedOn),
  }));
  const problems = reviewFactProblems(input.facts, open);
  if (problems.length > 0) throw FamilyProblemsError.inFacts(problems);
  return open;
}

function engineFacts(facts: ReviewFacts, context: SubjectContext, _ruleSet: RuleSetDocument): Record<string, unknown> {
  const open = z.array(openConditionSchema).parse(context.family ?? []);
  const problems = reviewFactProblems(facts, open);
  if (problems.length > 0) throw FamilyProblemsError.inFacts(problems);
  const out: Record<string, unknown> = { reviewedOn: facts.reviewedOn };
  const counts: Record<string, number> = {
    'findings.discharged': 0,
    'findings.improved': 0,
    'findings.progressing.beforeDue': 0,
    'findings.progressing.pastDue': 0,
    'findings.notProgressing.beforeDue': 0,
    'findings.notProgressing.pastDue': 0,
  };
  for (const c of open) {
    const status = facts.conditions[c.id].status;
    const pastDue = facts.reviewedOn > c.dueDate;
    Object.assign(out, {
      [`conditions.${c.id}.status`]: status,
      [`conditions.${c.id}.pastDue`]: pastDue,
      [`conditions.${c.id}.level`]: c.level,
      [`conditions.${c.id}.dueDate`]: c.dueDate,
      [`conditions.${c.id}.criterion`]: c.criterion,
      [`conditions.${c.id}.title`]: c.title,
      [`conditions.${c.id}.domain`]: c.domain,
      [`conditions.${c.id}.evidence`]: facts.conditions[c.id].evidence,
    });
    const when = pastDue ? 'pastDue' : 'beforeDue';
    const key =
      status === 'discharged'
        ? 'findings.discharged'
        : status === 'improved'
          ? 'findings.improved'
          : status === 'progressing'
            ? `findings.progressing.${when}`
            : `findings.notProgressing.${when}`;
    counts[key] += 1;
  }
  Object.assign(out, counts);
  out['conditions.ids'] = open.map((c) => c.id);
  out['conditions.count'] = open.length;
  out['conditions.remaining'] = open.length - counts['findings.discharged'];
  return out;
}

export const authorisationReviewFamily: RuleFamily<ReviewFacts, ReviewOutcome> = {
  id: 'authorisation-review',
  title: 'CCG authorisation condition review',
  subjectKind: 'ccg',
  periodSchema: reviewPeriodSchema,
  periodDate: (period) => `${reviewPeriodSchema.parse(period)}-01`,
  factsSchema: reviewFactsSchema,
  engineFacts,
  decide: decideReview,
  loadContext,
  // A review's outcome follows its findings: to change it, submit a new review.
  overrideSchema: z.strictObject({}),
  override() {
    throw new FamilyProblemsError([{ field: '', message: 'a review follows its findings; submit a new review instead of overriding' }]);
  },
  // A review follows its findings: a new review, not an override, changes what it says.
  issueModes: ['confirm'],
  summarise: (o) => `${o.removed} removed, ${o.escalated} escalated, ${o.remaining} remaining${o.directions ? ', with directions' : ''}`,
  tones: { [REVIEW_KEYS.full]: 'good', [REVIEW_KEYS.continue]: 'caution', [REVIEW_KEYS.directions]: 'concern' },
  templates: Object.fromEntries(
    REVIEW_KEY_LIST.map((key) => [key, key === REVIEW_KEYS.full ? 'authorisation-review/full-authorisation' : 'authorisation-review/review-letter']),
  ),
  onIssued: (decision, tx, audit, actor) => recordReview(decision, tx, audit, actor),
};
