import type { z } from 'zod';
import type { Actor } from '../auth/actor.js';
import type { ApiRole } from '../auth/api-key.js';
import type { AuditService } from '../audit/audit.service.js';
import type { PrismaService, Tx } from '../prisma/prisma.service.js';
import type { LoadedRuleSet } from './rule-set.loader.js';
import type { RuleSetDocument } from './rule-set.schema.js';
import type { RuleTrace } from './trace.js';

export interface FactProblem {
  /** Dotted path of the field within `facts`, e.g. `measures.N2.value`. */
  path: string;
  message: string;
}

/** A problem with what a family hook was given, naming its field: at intake a field of the
 *  assessment (`facts.<path>`, `period` or `subject`); in `override`, a field of the outcome the
 *  reviewer sent (review answers it as `outcome.<field>`). */
export interface FamilyProblem {
  field: string;
  message: string;
}

/**
 * The one error a family raises for bad input (facts the register contradicts, a quarter out of
 * order, an override that does not fit): intake and review answer it with 422 naming each field.
 */
export class FamilyProblemsError extends Error {
  constructor(readonly problems: FamilyProblem[]) {
    super(problems.map((p) => `${p.field}: ${p.message}`).join('; '));
    this.name = 'FamilyProblemsError';
  }

  /** Problems found in the submitted facts (paths within `facts`). */
  static inFacts(problems: FactProblem[]): FamilyProblemsError {
    return new FamilyProblemsError(problems.map((p) => ({ field: `facts.${p.path}`, message: p.message })));
  }
}

/**
 * A family's own definition is broken (a rule set whose params its decider cannot read, an
 * outcome key with no template): no retry can mend it, so the worker fails the job at once and
 * start-up checks refuse to start.
 */
export class FamilyDefinitionError extends Error {
  constructor(
    familyId: string,
    message: string,
    /** Where in the rule set, when known: a rule by name and a path within it (e.g.
     *  `['event', 'params', 'weight']`), so a candidate rule set's problem names its JSON pointer. */
    readonly at?: { rule: string; path: readonly (string | number)[] },
  ) {
    super(`${familyId}: ${message}`);
    this.name = 'FamilyDefinitionError';
  }
}

/** What `loadContext` is given: the assessment, and the rule sets this process evaluates with, so
 *  a family can read another family's published parameters without a query of its own. */
export interface LoadContextInput<F = unknown> {
  subject: string;
  period: string;
  facts: F;
  /** The rule set of `familyId` in force on `day` (YYYY-MM-DD), as loaded at start-up. */
  ruleSetOn(familyId: string, day: string): LoadedRuleSet | undefined;
}

/** What the register knows about the subject of an assessment. */
export interface CcgContext {
  odsCode: string;
  name: string;
  areaTeamName: string;
  regionName: string;
  registeredPop2013: number;
  registeredPop2014: number | null;
}

/** What is known of an assessment beyond its facts, as the family's hooks see it. */
export interface SubjectContext {
  /** The assessment's subject (an ODS code, or a reference) and period, as intake normalised them. */
  subject: string;
  period: string;
  ccg?: CcgContext;
  /** What the family's `loadContext` read from stored history (earlier quarters, open
   *  conditions). It reaches the engine only through `engineFacts`, so replays need no database. */
  family?: unknown;
}

/** What a family's own records say of a subject now, in the shapes its readers need. */
export interface SubjectStatus {
  /** As the API returns it (`GET /api/v1/ccgs/:code`, under the family's id). */
  detail: Record<string, unknown>;
  /** As the console lists it: each line a label and a value in words. */
  entries: { label: string; value: string }[];
  /** Series the console draws as small charts (e.g. the level of every quarter); a point's tone
   *  says what its value means for the subject, and colours its bar. */
  series: { name: string; points: { label: string; value: number; max: number; tone?: OutcomeTone }[] }[];
}

/** The part of the country a national view covers: every CCG, a region, or an area team (by name,
 *  as the register spells them). */
export interface NationalFilter {
  region?: string;
  areaTeam?: string;
}

/** What one family shows on the console's national home page, in words and numbers only. */
export interface NationalPicture {
  title: string;
  /** Headline figures, e.g. `{label: 'Paid', value: '£12.3m', detail: 'of a £20.1m pot'}`. */
  figures: { label: string; value: string; detail?: string; tone?: OutcomeTone }[];
  /** A bar chart with one bar group per category (e.g. CCGs at each level, per quarter). */
  chart?: { caption: string; categories: string[]; series: { label: string; tone?: OutcomeTone; values: number[] }[] };
  /** Short lists of what needs attention, each item linking to where it is worked. */
  lists?: { title: string; empty: string; items: { text: string; href?: string }[] }[];
}

/** A family's console pages beyond the shared review page (a panel's proposals). */
export interface FamilyConsole {
  /** Menu entries, shown to the roles named. */
  nav?: readonly { href: string; label: string; roles: readonly ApiRole[] }[];
  /** Where an assessment of `subject` is worked when a panel, not Board staff, issues it. */
  reviewPath?(subject: string): string;
}

/** A number of an outcome that a change of rules can move (pence paid, a level, conditions), as a
 *  simulation of a candidate rule set reads it. `sum` figures are totalled over the subjects;
 *  `level` figures are counted per value (CCGs at each level). */
export interface WhatIfFigure<O = Record<string, unknown>> {
  label: string;
  total: 'sum' | 'level';
  /** `pence`: money, shown in pounds. */
  unit?: 'pence';
  of(outcome: O): number;
}

/** What a simulation of a candidate rule set needs of a family beyond the pipeline's hooks. */
export interface WhatIf<O = Record<string, unknown>> {
  /** The outcome's figures, in the order tables show them. */
  figures: Readonly<Record<string, WhatIfFigure<O>>>;
  /** The schema the decider reads the rule set's `parameters` with: a candidate's are checked
   *  against it before they meet any facts, so a bad one is named by its JSON pointer. */
  parameters?: z.ZodType;
}

/** A decision at the moment it is issued, as a family's `onIssued` hook sees it. */
export interface IssuedDecision<O = Record<string, unknown>> {
  decisionId: string;
  assessmentId: string;
  evaluationId: string;
  subject: string;
  period: string;
  key: string;
  outcome: O;
  overridden: boolean;
  issuedAt: Date;
  /** The issued decision this one replaces (an amendment): the family's records of it give way. */
  replaces?: string;
}

/** An outcome as a decider returns it: a key (which picks the template and is what reviewers
 *  confirm or override) and the family's outcome object. */
export interface FamilyOutcome<O = Record<string, unknown>> {
  key: string;
  outcome: O;
}

/**
 * How a family's proposed decisions are issued. `confirm` and `override`: Board staff confirm the
 * proposal, or issue their own outcome with a reason (the review queue). `panel`: a panel records
 * its judgements and issues through the family's own route (reconfiguration's stage 2 panel); the
 * decision departs from the rules only where the panel's judgement does.
 */
export type IssueMode = 'confirm' | 'override' | 'panel';

/** What an outcome means for its subject, so the console can colour it: `good` (paid, authorised,
 *  assured), `caution` (with conditions or actions), `concern` (directions, more evidence needed),
 *  `adverse` (not paid, not authorised, statutory intervention), `neutral` (deferred, routine). */
export type OutcomeTone = 'good' | 'caution' | 'concern' | 'adverse' | 'neutral';

/** Deciders read only what is stored with an evaluation, so a replay reproduces them exactly. */
export interface DecideInput {
  engineFacts: Record<string, unknown>;
  rules: RuleTrace[];
  ruleSet: RuleSetDocument;
}

/**
 * Everything a rule family adds to the one pipeline: its facts, how it reads periods, its
 * decider and its templates. Intake, queue, worker, review, audit and replay are shared.
 */
export interface RuleFamily<F = unknown, O extends Record<string, unknown> = Record<string, unknown>> {
  readonly id: string;
  readonly title: string;
  /** What an assessment is about: a CCG of the register, or a free reference (a proposal). */
  readonly subjectKind: 'ccg' | 'reference';
  /** e.g. `2013/14` for a financial year. */
  readonly periodSchema: z.ZodType<string>;
  /** The date on which the effective rule set is chosen for a period. */
  periodDate(period: string): string;
  readonly factsSchema: z.ZodType<F>;
  /** The facts the engine sees: submitted facts, register context and rule-set parameters,
   *  flattened to the names the rules use. Stored with the evaluation for replay. */
  engineFacts(facts: F, context: SubjectContext, ruleSet: RuleSetDocument): Record<string, unknown>;
  /** Plain function, no I/O: folds rule results into the outcome. */
  decide(input: DecideInput): FamilyOutcome<O>;
  /** Checks that need the chosen rule set (e.g. every measure it scores has a value or is
   *  marked not assessed). Each problem names the field; intake answers 422 with them. */
  checkFacts?(facts: F, ruleSet: RuleSetDocument): FactProblem[];
  /** The outcome in a few words for a list (an amount, a level), e.g. `£80,960.06 (25.0 %)`. */
  summarise?(outcome: O): string;
  /** What each outcome key means for the subject (absent keys are neutral). */
  readonly tones?: Readonly<Record<string, OutcomeTone>>;
  /** Outcome keys in words, where the key spelt out (`not-payable` → `Not payable`) says too little. */
  readonly outcomeWords?: Readonly<Record<string, string>>;
  /** How its decisions are issued; the API and console offer only these. */
  readonly issueModes: readonly IssueMode[];
  /** For `panel`: where the outcome the panel issues departs from the rules' (none: it agrees). */
  departures?(issued: FamilyOutcome<O>): string[];
  /** The body a reviewer (or, for `panel`, the panel) sends beyond the reason, and how it becomes an outcome. */
  readonly overrideSchema: z.ZodType<Record<string, unknown>>;
  override(proposed: FamilyOutcome<O>, body: Record<string, unknown>): FamilyOutcome<O>;
  /** The template of each outcome key the decider can return, by name under templates/ (e.g.
   *  `quality-premium/payment-statement`); checked against templates/ at start-up. */
  readonly templates: Readonly<Record<string, string>>;
  /** Reads stored history the rules depend on. Runs at intake (its FamilyProblemsError is a 422)
   *  and in the worker, before `engineFacts`. */
  loadContext?(input: LoadContextInput<F>, db: PrismaService): Promise<unknown>;
  /** What the family's own records say of a subject now (e.g. a CCG's authorisation status),
   *  shown with the subject in the register's view. */
  subjectStatus?(subject: string, db: PrismaService): Promise<SubjectStatus>;
  /** The country at a glance for this family (the console's home page), over `filter`'s CCGs. */
  nationalPicture?(filter: NationalFilter, db: PrismaService): Promise<NationalPicture>;
  /** The family's own console pages, if it has any. */
  readonly console?: FamilyConsole;
  /** The figures a simulation of a candidate rule set compares per subject and totals. */
  readonly whatIf?: WhatIf<O>;
  /** Runs inside the transaction that issues a decision, so the family's own records (conditions,
   *  escalation levels) change exactly when the decision does; audit each change with `audit`. */
  onIssued?(decision: IssuedDecision<O>, tx: Tx, audit: AuditService, actor: Actor): Promise<void>;
}

/** The template for an outcome key of a family. */
export function templateFor(family: Pick<RuleFamily, 'id' | 'templates'>, key: string): string {
  const name = Object.hasOwn(family.templates, key) ? family.templates[key] : undefined;
  if (!name) throw new FamilyDefinitionError(family.id, `no template for outcome key "${key}"`);
  return name;
}
