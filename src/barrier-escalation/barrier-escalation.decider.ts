import { z } from 'zod';
import { deciderKit } from '../rules/decider-kit.js';
import { FACT } from '../rules/fact-schemas.js';
import { FamilyDefinitionError, type DecideInput, type FamilyOutcome } from '../rules/rule-family.js';

const { fact, params } = deciderKit('barrier-escalation');

/*
 * The escalation decider folds the rules that held into one action for the quarter: the most
 * serious wins (answered or awaiting < chase the owner < the quarterly letter < the Select
 * Committee). It holds no thresholds; the rules and the rule set's parameters do.
 */

/** Outcome keys, least serious first: each picks its template. */
export const ESCALATION_KEYS = ['answered', 'awaiting-response', 'chase-owner', 'include-in-letter', 'select-committee'] as const;
export type EscalationKey = (typeof ESCALATION_KEYS)[number];

const SEVERITY: Record<EscalationKey, number> = {
  answered: 0,
  'awaiting-response': 0,
  'chase-owner': 1,
  'include-in-letter': 2,
  'select-committee': 3,
};

export const ACTION_TITLES: Record<EscalationKey, string> = {
  answered: 'Answered by the Board',
  'awaiting-response': 'Awaiting the Board’s response (not yet due)',
  'chase-owner': 'Chase the owner at the Board',
  'include-in-letter': 'Include in the quarterly letter to the Board, copied to the Secretary of State',
  'select-committee': 'Include in the quarterly letter and mark for the annual report to the Health Select Committee',
};

/** Escalated: in the quarterly letter (the Select Committee's are in it too). */
export const inLetter = (key: string): boolean => key === 'include-in-letter' || key === 'select-committee';

const escalationParams = z.object({
  action: z.enum(ESCALATION_KEYS),
  title: z.string().min(3),
  citation: z.string(),
  reason: z.string(),
});

const subjectSchema = z.object({
  kind: z.enum(['national-issue', 'barrier']),
  ref: z.string(),
  title: z.string(),
  owner: z.string().nullable(),
  responseDue: z.string().nullable(),
  barriers: z.array(z.object({ ref: z.string(), ccg: z.string(), raisedOn: z.string(), objectives: z.array(z.number()), actionArea: z.string() })),
  ccgs: z.array(z.object({ code: z.string(), name: z.string(), region: z.string() })),
  regions: z.array(z.string()),
  objectives: z.array(z.number()),
  primaryObjective: z.number(),
  actionArea: z.string(),
  answer: z.object({ respondedOn: z.string(), text: z.string(), nationalAction: z.string().nullable() }).nullable(),
  rejectedBy: z.array(z.string()),
  firstRaisedOn: z.string(),
  synthetic: z.boolean(),
});

export type EscalationReason = { rule: string; action: EscalationKey; title: string; reason: string; citation: string };

export type EscalationOutcome = {
  action: EscalationKey;
  actionTitle: string;
  inLetter: boolean;
  selectCommittee: boolean;
  quarter: string;
  asOf: string;
  subject: z.infer<typeof subjectSchema>;
  figures: {
    ccgs: number;
    regions: number;
    barriers: number;
    daysSinceRaised: number;
    daysOverdue: number;
    rejectingCcgs: number;
    quartersUnresolved: number;
    lettersBefore: number;
  };
  /** The rules that held, the most serious first. */
  reasons: EscalationReason[];
  basis: 'rules' | 'override';
  overriddenFrom?: { action: EscalationKey };
};

/** The outcome of an action: the flags the letter and the reports read follow the key. */
export const withAction = (
  outcome: Omit<EscalationOutcome, 'action' | 'actionTitle' | 'inLetter' | 'selectCommittee'>,
  action: EscalationKey,
): EscalationOutcome => ({
  ...outcome,
  action,
  actionTitle: ACTION_TITLES[action],
  inLetter: inLetter(action),
  selectCommittee: action === 'select-committee',
});

export function decideBarrierEscalation(input: DecideInput): FamilyOutcome<EscalationOutcome> {
  const { engineFacts: f, rules } = input;
  const reasons: EscalationReason[] = [];
  for (const rule of rules) {
    if (rule.event.type !== 'escalation') {
      throw new FamilyDefinitionError('barrier-escalation', `rule "${rule.name}": event type "${rule.event.type}" is not one the decider folds`);
    }
    const e = params(rule, escalationParams);
    if (rule.result) reasons.push({ rule: rule.name, action: e.action, title: e.title, reason: e.reason, citation: e.citation });
  }
  if (reasons.length === 0) throw new FamilyDefinitionError('barrier-escalation', 'no escalation rule held: the rule set leaves a case undecided');
  reasons.sort((a, b) => SEVERITY[b.action] - SEVERITY[a.action]);
  const action = reasons[0].action;
  const outcome = withAction(
    {
      quarter: fact(f, 'quarter', FACT.string),
      asOf: fact(f, 'asOf', FACT.isoDay),
      subject: fact(f, 'subject', subjectSchema),
      figures: {
        ccgs: fact(f, 'raised.ccgs', FACT.int),
        regions: fact(f, 'raised.regions', FACT.int),
        barriers: fact(f, 'raised.barriers', FACT.int),
        daysSinceRaised: fact(f, 'raised.daysAgo', FACT.int),
        daysOverdue: fact(f, 'response.daysOverdue', FACT.int),
        rejectingCcgs: fact(f, 'response.rejectingCcgs', FACT.int),
        quartersUnresolved: fact(f, 'unresolved.quarters', FACT.int),
        lettersBefore: fact(f, 'escalation.lettersBefore', FACT.int),
      },
      reasons,
      basis: 'rules',
    },
    action,
  );
  return { key: action, outcome };
}
