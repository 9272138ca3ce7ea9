import type { RuleResult } from 'json-rules-engine';

/** One leaf condition as the engine saw it: what was compared with what, and the verdict. */
export interface ConditionTrace {
  /** Position in the rule's condition tree, e.g. "all[0]" or "all[1].any[0]". */
  at: string;
  fact: string;
  path?: string;
  operator: string;
  /** The threshold as written in the rule (a number, or `{fact: ...}` for a per-subject one). */
  threshold: unknown;
  /** The threshold after resolution (the fact's value when the threshold names a fact). */
  thresholdValue: unknown;
  /** The fact's value; `null` when the fact was absent. */
  value: unknown;
  /** `null` when the engine short-circuited and never evaluated this condition. */
  result: boolean | null;
}

export interface RuleTrace {
  name: string;
  priority: number;
  result: boolean;
  event: { type: string; params: Record<string, unknown> };
  conditions: ConditionTrace[];
}

type Node = Record<string, unknown>;

function walk(node: Node, at: string, out: ConditionTrace[]): void {
  for (const mode of ['all', 'any'] as const) {
    const children = node[mode];
    if (Array.isArray(children)) {
      children.forEach((child: Node, i) => walk(child, `${at}${at ? '.' : ''}${mode}[${i}]`, out));
      return;
    }
  }
  if (node.not && typeof node.not === 'object') {
    walk(node.not as Node, `${at}${at ? '.' : ''}not`, out);
    return;
  }
  if (typeof node.fact !== 'string') return;
  const evaluated = typeof node.result === 'boolean';
  out.push({
    at,
    fact: node.fact,
    ...(typeof node.path === 'string' ? { path: node.path } : {}),
    operator: String(node.operator),
    threshold: node.value ?? null,
    thresholdValue: evaluated ? (node.valueResult ?? null) : null,
    value: evaluated ? (node.factResult ?? null) : null,
    result: evaluated ? (node.result as boolean) : null,
  });
}

/** Turns json-rules-engine's results into plain, JSON-safe traces (stored with the evaluation,
 *  shown as the explanation table, compared on replay). */
export function traceRuleResult(result: RuleResult, params?: Record<string, unknown>): RuleTrace {
  const conditions: ConditionTrace[] = [];
  walk(result.conditions as unknown as Node, '', conditions);
  return {
    name: result.name,
    priority: result.priority ?? 1,
    result: result.result === true,
    event: {
      type: result.event?.type ?? 'unknown',
      params: params ?? { ...(result.event?.params ?? {}) },
    },
    conditions,
  };
}

/** A trace as stored with its evaluation: the event's params are the rule set's own, so they are
 *  left out (about 60 % of a trace) and restored from the rule-set version on reading. Rows
 *  written before this carry their params, which are kept as they are. */
export type StoredRuleTrace = Omit<RuleTrace, 'event'> & { event: { type: string; params?: Record<string, unknown> } };

export function compactTraces(traces: readonly RuleTrace[]): StoredRuleTrace[] {
  return traces.map(({ event, ...rest }) => ({ ...rest, event: { type: event.type } }));
}

/** Stored traces with each rule's event params restored from the rule set they ran on. */
export function expandTraces(
  stored: unknown,
  ruleSet: { rules: readonly { name: string; event: { params?: Record<string, unknown> } }[] },
): RuleTrace[] {
  if (!Array.isArray(stored)) return [];
  const params = new Map(ruleSet.rules.map((r) => [r.name, r.event.params ?? {}]));
  return (stored as StoredRuleTrace[]).map((t) => ({ ...t, event: { type: t.event.type, params: t.event.params ?? params.get(t.name) ?? {} } }));
}
