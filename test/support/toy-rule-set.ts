// A rule set of a made-up family ("toy"), shaped as every file in rules/ is: for the unit specs of
// the loader, candidates and publishing, which know no real family.

export type ToyDoc = Record<string, unknown>;

/** What every toy rule's event carries (rules must cite and give a reason). */
export const TOY_PARAMS = { citation: 'toy guide §1.1', reason: 'A score above one is a finding.' };

export const toyRule = (name: string, over: ToyDoc = {}): ToyDoc => ({
  name,
  conditions: { all: [{ fact: 'score', operator: 'greaterThan', value: 1 }] },
  event: { type: 'finding', params: TOY_PARAMS },
  ...over,
});

/** `toy-2013`, 2013/14, with rules `a` and `b`; `over` replaces top-level fields. */
export const toyRuleSet = (over: ToyDoc = {}): ToyDoc => ({
  family: 'toy',
  id: 'toy-2013',
  version: '1.0.0',
  title: 'Toy rules',
  effective: { from: '2013-04-01', to: '2014-03-31' },
  source: 'the toy guide',
  rules: [toyRule('a'), toyRule('b')],
  ...over,
});
