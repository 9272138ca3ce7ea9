import { z } from 'zod';
import { deepFreeze, parseOnce, safeParseOnce } from './parse-once.js';

const schema = z.object({ weight: z.number() }).transform((v) => ({ ...v, seen: Math.random() }));

describe('parsing rule-set data once', () => {
  it('remembers the result for a frozen object and schema', () => {
    const params = deepFreeze({ weight: 0.25 });
    expect(parseOnce(schema, params)).toBe(parseOnce(schema, params));
  });

  it('parses unfrozen objects (read back from storage) every time', () => {
    const params = { weight: 0.25 };
    expect(parseOnce(schema, params)).not.toBe(parseOnce(schema, params));
  });

  it('remembers failures too, and throws the schema error from parseOnce', () => {
    const params = deepFreeze({ weight: 'heavy' });
    expect(safeParseOnce(schema, params).success).toBe(false);
    expect(() => parseOnce(schema, params)).toThrow(z.ZodError);
  });

  it('freezes nested values', () => {
    const doc = deepFreeze({ rules: [{ event: { params: { a: 1 } } }] });
    expect(Object.isFrozen(doc.rules[0].event.params)).toBe(true);
  });
});
