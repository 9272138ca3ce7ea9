// The evaluation's parts in one process, on the same facts: json-rules-engine alone, our
// evaluation (engine + condition traces + decider), and the decision document on its own.
import { Engine } from 'json-rules-engine';
import { DocumentRenderer } from '../src/decisions/document-renderer.js';
import type { LoadedRuleSet } from '../src/rules/rule-set.loader.js';
import type { CcgContext, RuleFamily } from '../src/rules/rule-family.js';
import { RuleSetRunner } from '../src/rules/rule-engine.js';
import { opsPerSecond, sideBySide } from './stats.js';

export interface InProcessInput {
  family: RuleFamily;
  set: LoadedRuleSet;
  ccgs: CcgContext[];
  engineFacts: Record<string, unknown>[];
  templatesDir: string;
}

/** One round of each measurement, `ms` long each; returns operations per second. */
export function inProcessBench({ family, set, ccgs, engineFacts, templatesDir }: InProcessInput) {
  const bare = new Engine(structuredClone(set.document.rules), { allowUndefinedFacts: true });
  const runner = new RuleSetRunner(set.document);
  const renderer = new DocumentRenderer(templatesDir);
  const facts = (i: number) => engineFacts[i % engineFacts.length];
  const evaluate = async (i: number) => {
    const rules = await runner.run(facts(i));
    return { rules, result: family.decide({ engineFacts: facts(i), rules, ruleSet: set.document }) };
  };
  // Documents are rendered from stored evaluations: render from a few prepared ones.
  const prepared = Promise.all(ccgs.slice(0, 50).map((_, i) => evaluate(i)));

  return {
    /** The bare engine and our evaluation, in alternating slices. */
    engine: (ms: number) => sideBySide((i) => bare.run({ ...facts(i) }), evaluate, ms),
    document: async (ms: number) => {
      const evaluations = await prepared;
      // eslint-disable-next-line @typescript-eslint/require-await -- opsPerSecond times promises; rendering is synchronous
      return opsPerSecond(async (i) => {
        const { rules, result } = evaluations[i % evaluations.length];
        const ccg = ccgs[i % evaluations.length];
        return renderer.decisionDocument(family, {
          assessment: { id: 'bench', subject: ccg.odsCode, period: '2013/14' },
          ccg,
          ruleSet: set,
          evaluationId: 'bench',
          decisionId: 'bench',
          rules,
          proposed: result,
        });
      }, ms);
    },
  };
}
