import { canonicalJson } from '../common/canonical-json.js';
import type { RuleDefinition, RuleSetDocument } from '../rules/rule-set.schema.js';

/*
 * What changed between two versions of a rule set, for Board staff to read before a change:
 * rules added, removed and changed (matched by name, which traces and explanations use), each
 * changed rule with its thresholds and event params side by side and its citation; and the
 * rule-set-wide parameters and header fields that changed. Pure: no I/O.
 */

/** One side of a diff: a stored version (by hash) or a candidate. */
export interface DiffSide {
  hash: string;
  /** `stored`: a version this service has loaded or registered; `candidate`: sent to be compared. */
  kind: 'stored' | 'candidate';
  document: RuleSetDocument;
}

/** A value that differs. `from` or `to` is left out where the value is absent on that side. */
export interface FieldChange {
  /** JSON pointer within the rule set, e.g. `/parameters/standards/ae4HoursPct/threshold`. */
  path: string;
  from?: unknown;
  to?: unknown;
}

/** A leaf condition as the rule file writes it, at its position in the condition tree. */
export interface ConditionLeaf {
  /** Position as traces name it, e.g. `all[0]` or `all[1].any[0]`. */
  at: string;
  /** JSON pointer of the condition within the rule set. */
  pointer: string;
  fact: string;
  operator: string;
  value: unknown;
  path?: string;
  params?: Record<string, unknown>;
}

export interface ThresholdChange {
  at: string;
  /** JSON pointer of the value in the `to` rule set. */
  pointer: string;
  fact: string;
  operator: string;
  from: unknown;
  to: unknown;
}

export interface RuleSummary {
  name: string;
  /** JSON pointer of the rule in its rule set, e.g. `/rules/3`. */
  pointer: string;
  event: string;
  citation: string;
  reason: string;
  conditions: ConditionLeaf[];
  /** Event params other than citation and reason (a weight, a level, a gap kind…). */
  params: Record<string, unknown>;
}

export interface RuleChange {
  name: string;
  pointer: { from: string; to: string };
  /** Side by side; the same on both sides when only other parts changed. */
  citation: { from: string; to: string };
  /** A leaf's value changed, its fact and operator unchanged. */
  thresholds: ThresholdChange[];
  /** A leaf whose fact, operator or other parts changed, or that is only on one side (`from` or `to` absent). */
  conditions: { at: string; from?: ConditionLeaf; to?: ConditionLeaf }[];
  /** Event params (the reason included, the citation shown above), side by side. */
  params: { name: string; from?: unknown; to?: unknown }[];
  event?: { from: string; to: string };
  priority?: { from: number; to: number };
}

export interface RuleSetDiff {
  from: DiffSideSummary;
  to: DiffSideSummary;
  /** Header fields (id, version, title, effective dates, source, changeReason). */
  header: FieldChange[];
  parameters: FieldChange[];
  rules: { added: RuleSummary[]; removed: RuleSummary[]; changed: RuleChange[]; unchanged: number };
  identical: boolean;
}

export interface DiffSideSummary {
  hash: string;
  kind: 'stored' | 'candidate';
  family: string;
  id: string;
  version: string;
  title: string;
  effective: { from: string; to?: string };
}

const same = (a: unknown, b: unknown): boolean => canonicalJson(a ?? null) === canonicalJson(b ?? null) && (a === undefined) === (b === undefined);

const escape = (key: string | number): string => String(key).replace(/~/g, '~0').replace(/\//g, '~1');
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every leaf where two JSON values differ, by JSON pointer; an object or array on one side only is one change. */
export function jsonChanges(from: unknown, to: unknown, pointer = ''): FieldChange[] {
  if (same(from, to)) return [];
  const objects = isObject(from) && isObject(to);
  const arrays = Array.isArray(from) && Array.isArray(to);
  if (!objects && !arrays) {
    return [{ path: pointer || '/', ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) }];
  }
  const a = from as Record<string, unknown>;
  const b = to as Record<string, unknown>;
  const keys = arrays
    ? Array.from({ length: Math.max((from as unknown[]).length, (to as unknown[]).length) }, (_, i) => String(i))
    : [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return keys.flatMap((k) => jsonChanges(a[k], b[k], `${pointer}/${escape(k)}`));
}

type Node = Record<string, unknown>;

/** The leaf conditions of a rule, with positions as traces name them (see src/rules/trace.ts). */
export function conditionLeaves(rule: RuleDefinition, rulePointer: string): ConditionLeaf[] {
  const out: ConditionLeaf[] = [];
  const walk = (node: Node, at: string, pointer: string) => {
    for (const mode of ['all', 'any'] as const) {
      const children = node[mode];
      if (Array.isArray(children)) {
        children.forEach((child: Node, i) => walk(child, `${at}${at ? '.' : ''}${mode}[${i}]`, `${pointer}/${mode}/${i}`));
        return;
      }
    }
    if (isObject(node.not)) return walk(node.not, `${at}${at ? '.' : ''}not`, `${pointer}/not`);
    if (typeof node.fact !== 'string') return;
    out.push({
      at,
      pointer,
      fact: node.fact,
      operator: String(node.operator),
      value: node.value ?? null,
      ...(typeof node.path === 'string' ? { path: node.path } : {}),
      ...(isObject(node.params) ? { params: node.params } : {}),
    });
  };
  walk(rule.conditions, '', `${rulePointer}/conditions`);
  return out;
}

function summary(rule: RuleDefinition, index: number): RuleSummary {
  const pointer = `/rules/${index}`;
  const { citation, reason, ...params } = rule.event.params;
  return { name: rule.name, pointer, event: rule.event.type, citation, reason, conditions: conditionLeaves(rule, pointer), params };
}

function ruleChange(from: RuleDefinition, fromIndex: number, to: RuleDefinition, toIndex: number): RuleChange | undefined {
  if (same(from, to)) return undefined;
  const a = summary(from, fromIndex);
  const b = summary(to, toIndex);
  const thresholds: ThresholdChange[] = [];
  const conditions: RuleChange['conditions'] = [];
  const byAt = new Map(a.conditions.map((c) => [c.at, c]));
  const seen = new Set<string>();
  for (const leaf of b.conditions) {
    seen.add(leaf.at);
    const before = byAt.get(leaf.at);
    if (!before) conditions.push({ at: leaf.at, to: leaf });
    else if (same(before, { ...leaf, pointer: before.pointer })) continue;
    else if (before.fact === leaf.fact && before.operator === leaf.operator && before.path === leaf.path && same(before.params, leaf.params)) {
      thresholds.push({
        at: leaf.at,
        pointer: `${leaf.pointer}/value`,
        fact: leaf.fact,
        operator: leaf.operator,
        from: before.value,
        to: leaf.value,
      });
    } else conditions.push({ at: leaf.at, from: before, to: leaf });
  }
  for (const leaf of a.conditions) if (!seen.has(leaf.at)) conditions.push({ at: leaf.at, from: leaf });

  const params: RuleChange['params'] = [];
  const fromParams = { reason: a.reason, ...a.params };
  const toParams = { reason: b.reason, ...b.params };
  for (const name of [...new Set([...Object.keys(fromParams), ...Object.keys(toParams)])]) {
    const x = (fromParams as Record<string, unknown>)[name];
    const y = (toParams as Record<string, unknown>)[name];
    if (!same(x, y)) params.push({ name, ...(x !== undefined ? { from: x } : {}), ...(y !== undefined ? { to: y } : {}) });
  }
  return {
    name: to.name,
    pointer: { from: a.pointer, to: b.pointer },
    citation: { from: a.citation, to: b.citation },
    thresholds,
    conditions,
    params,
    ...(a.event !== b.event ? { event: { from: a.event, to: b.event } } : {}),
    ...((from.priority ?? 1) !== (to.priority ?? 1) ? { priority: { from: from.priority ?? 1, to: to.priority ?? 1 } } : {}),
  };
}

const sideSummary = (s: DiffSide): DiffSideSummary => ({
  hash: s.hash,
  kind: s.kind,
  family: s.document.family,
  id: s.document.id,
  version: s.document.version,
  title: s.document.title,
  effective: s.document.effective,
});

const HEADER = ['family', 'id', 'version', 'title', 'effective', 'source', 'changeReason'] as const;

/** The diff from one rule set to another. Rules are matched by name; a rule's place in the file
 *  (which orders traces) is not a change of its own. */
export function diffRuleSets(from: DiffSide, to: DiffSide): RuleSetDiff {
  const a = from.document;
  const b = to.document;
  const header = HEADER.flatMap((field) => jsonChanges(a[field], b[field], `/${field}`));
  const parameters = jsonChanges(a.parameters, b.parameters, '/parameters');
  const fromIndex = new Map(a.rules.map((r, i) => [r.name, i]));
  const toNames = new Set(b.rules.map((r) => r.name));
  const added: RuleSummary[] = [];
  const changed: RuleChange[] = [];
  let unchanged = 0;
  b.rules.forEach((rule, i) => {
    const j = fromIndex.get(rule.name);
    if (j === undefined) return added.push(summary(rule, i));
    const change = ruleChange(a.rules[j], j, rule, i);
    if (change) changed.push(change);
    else unchanged++;
  });
  const removed = a.rules.flatMap((rule, i) => (toNames.has(rule.name) ? [] : [summary(rule, i)]));
  return {
    from: sideSummary(from),
    to: sideSummary(to),
    header,
    parameters,
    rules: { added, removed, changed, unchanged },
    identical: from.hash === to.hash || (header.length === 0 && parameters.length === 0 && added.length + removed.length + changed.length === 0),
  };
}
