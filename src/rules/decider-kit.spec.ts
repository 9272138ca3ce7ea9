import { z } from 'zod';
import { deciderKit } from './decider-kit.js';
import { FamilyDefinitionError } from './rule-family.js';
import type { RuleTrace } from './trace.js';

const { params, fact } = deciderKit('example');
const rule = (p: unknown) =>
  ({ name: 'a rule', priority: 1, result: true, event: { type: 'flag', params: p }, conditions: [] }) as unknown as RuleTrace;

describe('deciderKit', () => {
  it('reads event params and engine facts through their schemas', () => {
    expect(params(rule({ level: 2 }), z.object({ level: z.number() }))).toEqual({ level: 2 });
    expect(fact({ 'finance.deficit': true }, 'finance.deficit', z.boolean())).toBe(true);
  });

  it('names a rule set or engine facts that do not fit the decider as a definition error of the family', () => {
    expect(() => params(rule({ level: 'high' }), z.object({ level: z.number() }))).toThrow(FamilyDefinitionError);
    expect(() => params(rule({ level: 'high' }), z.object({ level: z.number() }))).toThrow(/^example: rule "a rule": flag event params invalid/);
    expect(() => fact({}, 'finance.deficit', z.boolean())).toThrow('example: engine fact "finance.deficit" is missing or malformed');
  });
});
