import { Engine, Fact } from 'json-rules-engine';
import { addCustomOperators } from './operators.js';
import type { RuleSetDocument } from './rule-set.schema.js';
import { traceRuleResult, type RuleTrace } from './trace.js';

/** Builds a json-rules-engine Engine for a rule set. Absent facts are allowed and simply fail
 *  their conditions; families validate facts before they reach the engine, and say which
 *  absences are meaningful (e.g. "not assessed"). */
function buildEngine(ruleSet: RuleSetDocument): Engine {
  const engine = new Engine([], { allowUndefinedFacts: true });
  addCustomOperators(engine);
  for (const rule of ruleSet.rules) {
    engine.addRule({
      name: rule.name,
      priority: rule.priority ?? 1,
      conditions: structuredClone(rule.conditions),
      event: structuredClone(rule.event),
    });
  }
  return engine;
}

/** Submitted facts are constants. The engine caches a fact's value under a hash of its id and
 *  params, which only computed facts ever read back: declaring ours uncached saves hashing
 *  every fact on every run (about a tenth of a run), and changes no result. */
function constantFacts(facts: Record<string, unknown>): Record<string, Fact> {
  const out: Record<string, Fact> = {};
  for (const id of Object.keys(facts)) out[id] = new Fact(id, facts[id] as never, { cache: false });
  return out;
}

/**
 * Runs one rule set, safely for any number of overlapping runs.
 *
 * json-rules-engine keeps a run's state on the Engine itself (`status` is RUNNING from the start
 * of `run()` to its end, and rules are skipped while it is not): when two runs share an Engine
 * and one finishes while the other is between priority levels, the other silently loses its
 * remaining rules. So an Engine serves one run at a time: each run borrows an idle one and gives
 * it back, and the pool grows to the largest number of runs in flight (a worker's concurrency).
 * Nothing outside this class ever holds an Engine.
 */
export class RuleSetRunner {
  private readonly idle: Engine[] = [];
  private built = 0;
  /** Each rule's position in the file, so traces come out in file order without a lookup table per run. */
  private readonly position: Map<string, number>;

  constructor(readonly ruleSet: RuleSetDocument) {
    this.position = new Map(ruleSet.rules.map((rule, i) => [rule.name, i]));
  }

  /** Every rule's trace (passed and failed), in rule-file order so that explanations and
   *  replays read the same way every time. */
  async run(facts: Record<string, unknown>): Promise<RuleTrace[]> {
    const engine = this.idle.pop() ?? this.build();
    try {
      const { results, failureResults } = await engine.run(constantFacts(facts));
      const rules = this.ruleSet.rules;
      const traces = new Array<RuleTrace | undefined>(rules.length);
      for (const list of [results, failureResults]) {
        for (const r of list) {
          const i = this.position.get(r.name)!;
          // The rule set's own params object (the engine hands back a copy per run), so deciders
          // validate it once per process (see safeParseOnce).
          traces[i] = traceRuleResult(r, rules[i].event.params);
        }
      }
      const missing = traces.findIndex((t) => t === undefined);
      if (missing >= 0 || traces.length !== rules.length) throw new Error(`rule "${rules[Math.max(missing, 0)].name}" produced no result`);
      return traces as RuleTrace[];
    } finally {
      this.idle.push(engine);
    }
  }

  /** Engines built so far: the most runs that were ever in flight at once. */
  get engines(): number {
    return this.built;
  }

  private build(): Engine {
    this.built++;
    return buildEngine(this.ruleSet);
  }
}

/** One runner per rule-set hash per process: building Engines is far dearer than running them. */
export class RunnerCache {
  private readonly runners = new Map<string, RuleSetRunner>();

  get(hash: string, ruleSet: RuleSetDocument): RuleSetRunner {
    let runner = this.runners.get(hash);
    if (!runner) {
      runner = new RuleSetRunner(ruleSet);
      this.runners.set(hash, runner);
    }
    return runner;
  }

  get size(): number {
    return this.runners.size;
  }
}
