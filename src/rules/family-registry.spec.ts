import { DomainError } from '../common/domain-error.js';
import { FamilyRegistry, type AnyRuleFamily } from './family-registry.js';

const family = (id: string, title = id.toUpperCase()) => ({ id, title }) as AnyRuleFamily;

describe('FamilyRegistry', () => {
  const registry = new FamilyRegistry([family('a'), family('b', 'Bee')]);

  it('finds families by id, in the order given', () => {
    expect(registry.all().map((f) => f.id)).toEqual(['a', 'b']);
    expect(registry.find('b')?.title).toBe('Bee');
    expect(registry.find('c')).toBeUndefined();
    expect(registry.title('c')).toBe('c');
  });

  it('answers an unknown id with a 422 naming the field', () => {
    expect(() => registry.get('c', 'items[0].family')).toThrow(DomainError);
    try {
      registry.get('c', 'items[0].family');
    } catch (error) {
      expect((error as DomainError).issues).toEqual([{ field: 'items[0].family', message: 'unknown family "c"' }]);
    }
  });

  it('refuses two families with one id', () => {
    expect(() => new FamilyRegistry([family('a'), family('a')])).toThrow('two rule families have the id "a"');
  });
});
