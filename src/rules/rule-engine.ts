import { Engine } from 'json-rules-engine';
import { addCustomOperators } from './operators.js';
import type { RuleSetDocument } from './rule-set.schema.js';
import { traceRuleResult, type RuleTrace } from './trace.js';

/** Builds a json-rules-engine Engine for a rule set. Absent facts are allowed and simply fail
 *  their conditions; families validate facts before they reach the engine, and say which
 *  absences are meaningful (e.g. "not assessed"). */
export function buildEngine(ruleSet: RuleSetDocument): Engine {
  const engine = new Engine([], { allowUndefinedFacts: true });
  addCustomOperators(engine);
  for (const rule of ruleSet.rules) {
    engine.addRule({
      name: rule.name,
      priority: rule.priority ?? 1,
      conditions: structuredClone(rule.conditions) as never,
      event: structuredClone(rule.event),
    });
  }
  return engine;
}

/** Runs a rule set and returns every rule's trace (passed and failed), in rule-file order so
 *  that explanations and replays read the same way every time. */
export async function runEngine(engine: Engine, ruleSet: RuleSetDocument, facts: Record<string, unknown>): Promise<RuleTrace[]> {
  const { results, failureResults } = await engine.run({ ...facts });
  const byName = new Map<string, RuleTrace>();
  for (const r of [...results, ...failureResults]) byName.set(r.name, traceRuleResult(r));
  return ruleSet.rules.map((rule) => {
    const trace = byName.get(rule.name);
    if (!trace) throw new Error(`rule "${rule.name}" produced no result`);
    return trace;
  });
}

/** One Engine per rule-set hash per process: building one is far dearer than running it. */
export class EngineCache {
  private readonly engines = new Map<string, Engine>();

  get(hash: string, ruleSet: RuleSetDocument): Engine {
    let engine = this.engines.get(hash);
    if (!engine) {
      engine = buildEngine(ruleSet);
      this.engines.set(hash, engine);
    }
    return engine;
  }

  get size(): number {
    return this.engines.size;
  }
}
