import { ZodError } from 'zod';
import { DomainError } from '../common/domain-error.js';
import { FamilyDefinitionError, type RuleFamily } from '../rules/rule-family.js';
import { assertNoOverlaps, effectiveRuleSet, parseRuleSet, RuleSetFileError, type LoadedRuleSet } from '../rules/rule-set.loader.js';
import type { RuleSetDocument } from '../rules/rule-set.schema.js';

/*
 * A candidate rule set is checked as a file in rules/<family>/ is at start-up: the rule-set
 * schema, a registered family, the parameters its decider reads, and no overlap with the other
 * versions of its family without a changeReason, as the rule sets would stand with it in place of
 * the version of the same id. What only shows when it meets facts (its decider's event params,
 * the template of each outcome key) is checked when it is run, the same way. A problem is a 422
 * whose field is the JSON pointer into the candidate (`/rules/3/conditions/all/0/value`).
 */

export const CANDIDATE_FILE = 'candidate';

export interface CheckedCandidate {
  set: LoadedRuleSet;
  family: RuleFamily;
  /** The family's rule sets as they would stand were the candidate published. */
  standing: LoadedRuleSet[];
}

const pointerOf = (path: readonly PropertyKey[]): string => path.map((p) => '/' + String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('');

/** `field` of a problem at `pointer` of the candidate; `prefix` names which document of a request it is in (`/to`). */
const at = (prefix: string, pointer: string): string => prefix + pointer || '(candidate)';

export function candidateProblem(pointer: string, message: string, prefix = ''): DomainError {
  return DomainError.invalid([{ field: at(prefix, pointer), message }]);
}

const range = (s: LoadedRuleSet): string => `${s.document.effective.from}..${s.document.effective.to ?? ''}`;

/** The versions among `others` (other ids of its family) whose period `set` starts inside. */
export function startsInside(set: LoadedRuleSet, others: readonly LoadedRuleSet[]): LoadedRuleSet[] {
  const from = set.document.effective.from;
  return others.filter((s) => s.document.effective.from <= from && from <= (s.document.effective.to ?? '9999-12-31'));
}

/** Parses and checks a candidate (the rule-set JSON as text). */
export function checkCandidate(
  text: string,
  families: { find(id: string): RuleFamily | undefined },
  loaded: readonly LoadedRuleSet[],
  prefix = '',
): CheckedCandidate {
  let set: LoadedRuleSet;
  try {
    set = parseRuleSet(CANDIDATE_FILE, text);
  } catch (error) {
    if (error instanceof RuleSetFileError) throw candidateProblem(error.pointer, error.detail, prefix);
    throw error;
  }
  const family = families.find(set.document.family);
  if (!family) throw candidateProblem('/family', `no rule family "${set.document.family}" is registered`, prefix);
  const parameters = family.whatIf?.parameters;
  if (parameters) {
    const parsed = parameters.safeParse(set.document.parameters);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw candidateProblem(`/parameters${pointerOf(issue.path)}`, issue.message, prefix);
    }
  }
  const others = loaded.filter((s) => s.document.family === set.document.family && s.document.id !== set.document.id);
  // assertNoOverlaps compares neighbours by start date only, so a start inside a longer version's
  // period with a shorter one between them goes unseen there: the candidate's own start is checked here.
  const inside = startsInside(set, others);
  if (inside.length > 0 && !set.document.changeReason) {
    const names = inside.map((s) => `${s.document.id}@${s.document.version} (${s.file}, in force ${range(s)})`);
    throw candidateProblem(
      '/effective/from',
      `starts ${set.document.effective.from} inside the period of ${names.join(', ')}: an in-year change needs a changeReason (draft mandate §1.9)`,
      prefix,
    );
  }
  // On a tie with a version starting the same day, the candidate counts as the later one: it is
  // the one that must give a changeReason, and the one in force (it is meant to take over).
  const standing = [set, ...others];
  try {
    assertNoOverlaps([...others, set]);
  } catch (error) {
    if (!(error instanceof RuleSetFileError)) throw error;
    // The overlap is named at the later of the two versions; when that is another file, it is the
    // candidate's end date that runs into it, or its start when both start the same day.
    if (error.file === CANDIDATE_FILE) throw candidateProblem(error.pointer, error.detail, prefix);
    const other = standing.find((s) => s.file === error.file);
    const sameDay = other?.document.effective.from === set.document.effective.from;
    throw candidateProblem(sameDay ? '/effective/from' : '/effective/to', `overlaps ${error.file}: ${error.detail}`, prefix);
  }
  return { set, family, standing };
}

/** Whether the candidate would be the rule set in force for a period of its family. */
export function inForceFor(checked: CheckedCandidate, period: string): boolean {
  return effectiveRuleSet(checked.standing, checked.family.id, checked.family.periodDate(period)) === checked.set;
}

/**
 * The 422 for an error the candidate raised when it met stored facts: a family definition error
 * (its decider's event params, an outcome key without a template, a catalogue it names) or a
 * parameter its family reads that does not parse. Named by the rule's pointer where known.
 */
export function candidateRunProblem(error: unknown, ruleSet: RuleSetDocument, where: string, prefix = ''): DomainError {
  const message = error instanceof Error ? error.message : String(error);
  const ruleIndex = (name: string) => ruleSet.rules.findIndex((r) => r.name === name);
  if (error instanceof FamilyDefinitionError && error.at) {
    const i = ruleIndex(error.at.rule);
    if (i >= 0) return candidateProblem(`/rules/${i}${pointerOf(error.at.path)}`, `${message} (${where})`, prefix);
  }
  // Deciders name the rule they refuse as `rule "<name>": …`.
  const named = /^(?:[a-z0-9-]+: )?rule "([^"]+)"/.exec(message);
  if (named && ruleIndex(named[1]) >= 0) return candidateProblem(`/rules/${ruleIndex(named[1])}`, `${message} (${where})`, prefix);
  if (error instanceof ZodError) {
    return candidateProblem(
      '/parameters',
      `${error.issues[0]?.message ?? 'invalid'} at ${pointerOf(error.issues[0]?.path ?? [])} (${where})`,
      prefix,
    );
  }
  return candidateProblem('', `${message} (${where})`, prefix);
}
