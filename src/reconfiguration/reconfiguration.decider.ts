import { z } from 'zod';
import type { DecideInput, FamilyOutcome } from '../rules/rule-family.js';
import type { RuleSetDocument } from '../rules/rule-set.schema.js';
import type { RuleTrace } from '../rules/trace.js';
import { assuranceOf, TEST_RESULTS, type Assurance, type TestKind, type TestResult } from './reconfiguration.assurance.js';
import { parseOnce } from '../rules/parse-once.js';
import { deciderKit } from '../rules/decider-kit.js';

const { params } = deciderKit('reconfiguration');

/*
 * The reconfiguration decider folds rule verdicts into a result per test. Each rule plays one
 * role for one test (its event type): `applies` (the test is in scope only when it passes),
 * `evidence` (fails → insufficient evidence), `criterion` (fails → not met), `action` (fails →
 * met with the rule's action); `flag` rules raise a flag when they pass. The decider holds no
 * thresholds: they are in the rule files.
 */

export const RULE_ROLES = ['applies', 'evidence', 'criterion', 'action', 'flag'] as const;

/** One comparison, as the engine saw it. `met` is null where the engine never reached it. */
export type EvidenceCheck = { rule: string; role: string; fact: string; operator: string; threshold: unknown; value: unknown; met: boolean | null };
export type Cited = { reason: string; citation: string };
export type AssuranceAction = { test: string; action: string; owner: string; citation: string; source: 'engine' | 'panel' };
export type AssuranceFlag = { id: string; title: string; reason: string; citation: string };

/** What the panel said about a test; only in an issued report. */
export type PanelView = {
  result: TestResult;
  agrees: boolean;
  reason: string | null;
  judgements: { id: string; judgedBy: string; judgedAt: string; agrees: boolean; result: TestResult; reason: string | null }[];
};

export type TestAssessment = {
  id: string;
  title: string;
  kind: TestKind;
  citation: string;
  applies: boolean;
  /** The engine's result; `not-applicable` for a test whose `applies` rule failed. */
  result: TestResult | 'not-applicable';
  evidence: { fact: string; value: unknown }[];
  checks: EvidenceCheck[];
  /** Evidence facts a failed `evidence` rule found absent. */
  missing: string[];
  reasons: Cited[];
  actions: AssuranceAction[];
  panel?: PanelView;
};

export type ReconfigurationOutcome = {
  /** The engine's outcome (for an issued report: the panel's, with the engine's in `engineAssurance`). */
  assurance: Assurance;
  proposal: {
    title: string;
    service: string;
    leadCcg: { code: string; name: string };
    affectedCcgs: { code: string; name: string }[];
  };
  tests: TestAssessment[];
  flags: AssuranceFlag[];
  actions: AssuranceAction[];
  /** Set when the panel issues the report. */
  engineAssurance?: Assurance;
  differences?: string[];
  panelNote?: string | null;
};

const cited = { citation: z.string(), reason: z.string() };
const testParams = z.object({ test: z.string().min(1), ...cited });
const actionParams = testParams.extend({ action: z.string().min(3), owner: z.string().min(2) });
const flagParams = z.object({ flag: z.string().min(1), title: z.string().min(3), ...cited });
const testDefinition = z.strictObject({
  id: z.string().min(1),
  kind: z.enum(['test', 'check']),
  title: z.string().min(3),
  citation: z.string().min(3),
  /** Engine facts shown as this test's evidence beyond those its rules compare. */
  evidence: z.array(z.string()).default([]),
});
export const reconfigurationParameters = z.object({ tests: z.array(testDefinition).min(1) });

/** The tests a rule set assesses, in report order. */
export function testsOf(ruleSet: RuleSetDocument) {
  return parseOnce(reconfigurationParameters, ruleSet.parameters).tests;
}

const isFactRef = (v: unknown): boolean => typeof v === 'object' && v !== null && 'fact' in v;

/** A condition the engine never reached has no resolved threshold; a literal one is still shown. */
const thresholdOf = (c: RuleTrace['conditions'][number]): unknown =>
  c.result !== null ? c.thresholdValue : isFactRef(c.threshold) ? null : c.threshold;

function checksOf(rule: RuleTrace): EvidenceCheck[] {
  return rule.conditions.map((c) => ({
    rule: rule.name,
    role: rule.event.type,
    fact: c.fact,
    operator: c.operator,
    threshold: thresholdOf(c),
    value: c.value,
    met: c.result,
  }));
}

function resultOf(rules: RuleTrace[], applies: boolean): TestResult | 'not-applicable' {
  if (!applies) return 'not-applicable';
  const failed = (role: string) => rules.some((r) => r.event.type === role && !r.result);
  if (failed('evidence')) return 'insufficient-evidence';
  if (failed('criterion')) return 'not-met';
  if (failed('action')) return 'met-with-actions';
  return 'met';
}

export function decideReconfiguration(input: DecideInput): FamilyOutcome<ReconfigurationOutcome> {
  const { engineFacts, rules, ruleSet } = input;
  const definitions = testsOf(ruleSet);
  const byTest = new Map<string, RuleTrace[]>(definitions.map((d) => [d.id, []]));
  const flags: AssuranceFlag[] = [];

  for (const rule of rules) {
    if (!(RULE_ROLES as readonly string[]).includes(rule.event.type)) {
      throw new Error(`rule "${rule.name}": event type "${rule.event.type}" is not one the reconfiguration decider folds`);
    }
    if (rule.event.type === 'flag') {
      const p = params(rule, flagParams);
      if (rule.result) flags.push({ id: p.flag, title: p.title, reason: p.reason, citation: p.citation });
      continue;
    }
    const { test } = params(rule, testParams);
    const list = byTest.get(test);
    if (!list) throw new Error(`rule "${rule.name}": test "${test}" is not among the rule set's parameters.tests`);
    list.push(rule);
  }

  const tests: TestAssessment[] = definitions.map((d) => {
    const own = byTest.get(d.id) ?? [];
    const applies = own.filter((r) => r.event.type === 'applies').every((r) => r.result);
    const result = resultOf(own, applies);
    const checks = own.flatMap(checksOf);
    const facts = [...new Set([...d.evidence, ...checks.map((c) => c.fact)])];
    const failedEvidence = own.filter((r) => r.event.type === 'evidence' && !r.result);
    const missing =
      result === 'insufficient-evidence'
        ? [
            ...new Set(
              failedEvidence
                .flatMap(checksOf)
                .filter((c) => c.met === false)
                .map((c) => c.fact),
            ),
          ]
        : [];
    // Only the verdict that decided the result is explained: the missing evidence, the failed
    // criteria, or the actions.
    const decisive =
      result === 'insufficient-evidence' ? 'evidence' : result === 'not-met' ? 'criterion' : result === 'not-applicable' ? 'applies' : 'action';
    const reasons = own
      .filter((r) => r.event.type === decisive && !r.result)
      .map((r) => ({ reason: String(r.event.params.reason), citation: String(r.event.params.citation) }));
    const actions =
      result === 'met-with-actions'
        ? own
            .filter((r) => r.event.type === 'action' && !r.result)
            .map((r) => {
              const p = params(r, actionParams);
              return { test: d.id, action: p.action, owner: p.owner, citation: p.citation, source: 'engine' as const };
            })
        : [];
    return {
      id: d.id,
      title: d.title,
      kind: d.kind,
      citation: d.citation,
      applies,
      result,
      evidence: facts.map((fact) => ({ fact, value: engineFacts[fact] ?? null })),
      checks,
      missing,
      reasons,
      actions,
    };
  });

  const assurance = assuranceOf(tests.filter(isApplicable));
  return {
    key: assurance,
    outcome: {
      assurance,
      proposal: proposalOf(engineFacts),
      tests,
      flags,
      actions: tests.flatMap((t) => t.actions),
    },
  };
}

export const isApplicable = (t: TestAssessment): t is TestAssessment & { result: TestResult } =>
  t.applies && (TEST_RESULTS as readonly string[]).includes(t.result);

const namedCcg = z.object({ code: z.string(), name: z.string() });
const proposalFacts = z.object({
  title: z.string(),
  service: z.string(),
  'proposal.leadCcg': namedCcg,
  'proposal.affectedCcgs': z.array(namedCcg),
});

function proposalOf(engineFacts: Record<string, unknown>): ReconfigurationOutcome['proposal'] {
  const f = proposalFacts.parse(engineFacts);
  return {
    title: f.title,
    service: f.service,
    leadCcg: f['proposal.leadCcg'],
    affectedCcgs: f['proposal.affectedCcgs'],
  };
}
