import { z } from 'zod';
import { quarterSchema, quarterStart } from '../common/quarter.js';
import type { PrismaService } from '../prisma/prisma.service.js';
import { FamilyDefinitionError, FamilyProblemsError, type FamilyOutcome, type RuleFamily, type SubjectContext } from '../rules/rule-family.js';
import type { RuleSetDocument } from '../rules/rule-set.schema.js';
import { assessmentProblems, assessSubject, escalationFigures } from './barrier-escalation.assess.js';
import { ESCALATION_KEYS, decideBarrierEscalation, withAction, type EscalationOutcome } from './barrier-escalation.decider.js';
import { loadEscalationSubject } from './barrier-escalation.context.js';
import { barrierEscalationFactsSchema, escalationSnapshotSchema, type BarrierEscalationFacts } from './barrier-escalation.facts.js';
import { barrierEscalationParameters, barrierEscalationParametersOf } from './barrier-escalation.parameters.js';
import { recordBarrierEscalation } from './barrier-escalation.records.js';

export const BARRIER_ESCALATION_FAMILY = 'barrier-escalation';

/** Board staff issue another action with a reason; the console builds the form from this. */
const overrideSchema = z.strictObject({ action: z.enum(ESCALATION_KEYS) });

function thresholdsOf(ruleSet: RuleSetDocument) {
  try {
    return barrierEscalationParametersOf(ruleSet.parameters).thresholds;
  } catch (error) {
    throw new FamilyDefinitionError(BARRIER_ESCALATION_FAMILY, `rule set ${ruleSet.id}: parameters do not fit (${(error as Error).message})`);
  }
}

/** The subject on the day assessed, and the figures the rules compare, under their rule names. */
function engineFacts(facts: BarrierEscalationFacts, context: SubjectContext, ruleSet: RuleSetDocument): Record<string, unknown> {
  const quarter = quarterSchema.parse(context.period);
  const snapshot = escalationSnapshotSchema.parse(context.family);
  const problems = assessmentProblems(snapshot, facts.asOf, quarter);
  if (problems.length > 0) throw FamilyProblemsError.inFacts(problems);
  const subject = assessSubject(snapshot, facts.asOf);
  const f = escalationFigures(subject, snapshot.earlier, facts.asOf, quarter);
  const thresholds = thresholdsOf(ruleSet);
  return {
    quarter,
    asOf: facts.asOf,
    subject,
    'raised.ccgs': f.ccgs,
    'raised.regions': f.regions,
    'raised.barriers': f.barriers,
    'raised.daysAgo': f.daysSinceRaised,
    'response.given': f.answered,
    'response.dueSet': f.dueSet,
    'response.overdue': f.overdue,
    'response.daysOverdue': f.daysOverdue,
    'response.rejectingCcgs': f.rejectingCcgs,
    'unresolved.quarters': f.quartersUnresolved,
    'escalation.lettersBefore': f.lettersBefore,
    ...Object.fromEntries(Object.entries(thresholds).map(([name, value]) => [`thresholds.${name}`, value])),
  };
}

function override(proposed: FamilyOutcome<EscalationOutcome>, body: Record<string, unknown>): FamilyOutcome<EscalationOutcome> {
  const { action } = overrideSchema.parse(body);
  const o = proposed.outcome;
  return {
    key: action,
    outcome: { ...withAction(o, action), basis: 'override', overriddenFrom: { action: o.overriddenFrom?.action ?? o.action } },
  };
}

const TEMPLATES = Object.fromEntries(ESCALATION_KEYS.map((k) => [k, `barrier-escalation/${k}`])) as Record<string, string>;

/**
 * Escalation of the national barriers CCGs raise (final mandate §2.7–2.9): each quarter, each
 * national issue is answered, awaited, chased with its owner, put into the CCGs' quarterly letter
 * to the Board (copied to the Secretary of State), or also marked for the annual report to the
 * Health Select Committee. The quarterly sweep (sweep.service.ts) submits the assessments.
 */
export const barrierEscalationFamily: RuleFamily<BarrierEscalationFacts, EscalationOutcome> = {
  id: BARRIER_ESCALATION_FAMILY,
  title: 'Barrier escalation',
  subjectKind: 'reference',
  periodSchema: quarterSchema,
  periodDate: (period) => quarterStart(quarterSchema.parse(period)),
  factsSchema: barrierEscalationFactsSchema,
  // The day assessed must have come: an issue assessed ahead of time counts nothing yet, and its
  // issued decision would stand for a quarter not begun (checked where intake and the worker load).
  loadContext: (input, db: PrismaService) => {
    const today = new Date().toISOString().slice(0, 10);
    if (input.facts.asOf > today) throw FamilyProblemsError.inFacts([{ path: 'asOf', message: `${input.facts.asOf} is after today (${today})` }]);
    return loadEscalationSubject(input.subject, db);
  },
  engineFacts,
  decide: decideBarrierEscalation,
  overrideSchema,
  override,
  templates: TEMPLATES,
  issueModes: ['confirm', 'override'],
  tones: {
    answered: 'good',
    'awaiting-response': 'neutral',
    'chase-owner': 'caution',
    'include-in-letter': 'concern',
    'select-committee': 'adverse',
  },
  outcomeWords: {
    'awaiting-response': 'Awaiting the Board’s response',
    'chase-owner': 'Chase the owner',
    'include-in-letter': 'Include in the quarterly letter',
    'select-committee': 'Mark for the Select Committee',
  },
  summarise: (o) =>
    `${o.actionTitle}: ${o.figures.ccgs} CCG${o.figures.ccgs === 1 ? '' : 's'} in ${o.figures.regions} region${o.figures.regions === 1 ? '' : 's'}` +
    (o.figures.daysOverdue > 0 ? `, ${o.figures.daysOverdue} days overdue` : ''),
  whatIf: {
    parameters: barrierEscalationParameters,
    figures: {
      inLetter: { label: 'In the quarterly letter', total: 'sum', of: (o) => (o.inLetter ? 1 : 0) },
      selectCommittee: { label: 'Marked for the Select Committee', total: 'sum', of: (o) => (o.selectCommittee ? 1 : 0) },
      chased: { label: 'Owner chased', total: 'sum', of: (o) => (o.action === 'chase-owner' ? 1 : 0) },
    },
  },
  onIssued: recordBarrierEscalation,
  // The quarterly letter and the annual report (src/barriers/reports/, which read these decisions).
  console: { nav: [{ href: '/console/barrier-reports', label: 'Barrier reports', roles: ['board', 'panel', 'auditor', 'admin'] }] },
};
