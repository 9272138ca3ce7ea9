import type { LoadedRuleSet } from '../rules/rule-set.loader.js';
import { qualityPremiumGatewayLevelOf } from './intervention.links.js';
import { interventionParameters } from './intervention.parameters.js';

/*
 * The published principles (mandate §5.7: the approach "clearly set out for CCGs") are generated
 * from the rule set in force, never written by hand, so what is published and what is applied
 * cannot differ. This builds the view; templates/intervention/principles.hbs lays it out.
 */

const OPERATOR_WORDS: Record<string, string> = {
  equal: 'is',
  notEqual: 'is not',
  in: 'is one of',
  notIn: 'is none of',
  lessThan: 'is less than',
  lessThanInclusive: 'is at most',
  greaterThan: 'is more than',
  greaterThanInclusive: 'is at least',
  contains: 'contains',
  doesNotContain: 'does not contain',
};

export interface PublishedCondition {
  fact: string;
  operator: string;
  words: string;
  threshold: string;
}

export interface PublishedRule {
  name: string;
  title: string;
  reason: string;
  citation: string;
  kind: string;
  /** "all of" / "any of" / "not", for the top of the rule's conditions. */
  mode: string;
  conditions: PublishedCondition[];
}

type Node = Record<string, unknown>;

const shown = (v: unknown): string =>
  Array.isArray(v) ? v.map(String).join(' or ') : typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v);

function leaves(node: Node, out: PublishedCondition[]): PublishedCondition[] {
  for (const mode of ['all', 'any'] as const) {
    const children = node[mode];
    if (Array.isArray(children)) for (const c of children) leaves(c as Node, out);
  }
  if (node.not && typeof node.not === 'object') leaves(node.not as Node, out);
  if (typeof node.fact === 'string') {
    const operator = String(node.operator);
    out.push({ fact: node.fact, operator, words: OPERATOR_WORDS[operator] ?? operator, threshold: shown(node.value) });
  }
  return out;
}

const modeOf = (node: Node): string => ('any' in node ? 'any of' : 'not' in node ? 'not' : 'all of');

export function principlesView(set: LoadedRuleSet) {
  const d = set.document;
  const p = interventionParameters.parse(d.parameters);
  const rules: (PublishedRule & { level: number | null })[] = d.rules.map((r) => {
    const params = r.event.params as Record<string, unknown>;
    return {
      name: r.name,
      title: typeof params.title === 'string' ? params.title : r.name,
      reason: String(params.reason),
      citation: String(params.citation),
      kind: r.event.type,
      level: typeof params.level === 'number' ? params.level : null,
      mode: modeOf(r.conditions),
      conditions: leaves(r.conditions, []),
    };
  });
  return {
    title: `Intervention in CCGs: the principles and thresholds the Board applies (${d.id} ${d.version})`,
    ruleSet: { id: d.id, version: d.version, title: d.title, source: d.source, hash: set.hash, effective: d.effective },
    parameters: {
      firstQuarter: p.firstQuarter,
      deEscalationStep: p.deEscalationStep,
      humanDecisionFromLevel: p.humanDecisionFromLevel,
      // Read where the Quality Premium's loadContext reads it, so the two cannot differ.
      qualityPremiumGatewayLevel: qualityPremiumGatewayLevelOf(d.parameters),
      citations: p.citations,
    },
    standards: Object.entries(p.standards).map(([id, s]) => ({ id, ...s })),
    ladder: p.ladder.map((rung) => ({
      ...rung,
      humanDecision: rung.level >= p.humanDecisionFromLevel,
      triggers: rules.filter((r) => r.kind === 'trigger' && r.level === rung.level),
    })),
    holds: rules.filter((r) => r.kind === 'hold'),
    ruleCount: rules.length,
  };
}
