import { FamilyDefinitionError } from '../rules/rule-family.js';
import { missingTemplates } from './document-renderer.provider.js';

describe('missingTemplates', () => {
  const families: { id: string; templates: Record<string, string> }[] = [
    { id: 'a', templates: { yes: 'a/letter', no: 'a/notice' } },
    { id: 'b', templates: { only: 'b/report' } },
  ];

  it('names each outcome key whose template is not there', () => {
    const missing = missingTemplates(families, (name) => name !== 'a/notice');
    expect(missing).toHaveLength(1);
    expect(missing[0]).toBeInstanceOf(FamilyDefinitionError);
    expect(missing[0].message).toBe('a: outcome key "no" names the template "a/notice", which is not under templates/');
  });

  it('is empty when every template is there', () => {
    expect(missingTemplates(families, () => true)).toEqual([]);
  });
});
