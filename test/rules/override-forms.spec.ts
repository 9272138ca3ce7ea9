// Every family's review is done through proper form fields: an override form built from the
// family's override schema has no JSON box, and a family that a panel issues names the page
// where the panel works (its judgement and action fields), so nobody types raw JSON.
import { overrideFields } from '../../src/console/override-form.js';
import { ruleFamilies } from '../../src/families.js';

describe('review forms of every family', () => {
  const overridden = ruleFamilies.filter((f) => f.issueModes.includes('override'));
  const panelled = ruleFamilies.filter((f) => f.issueModes.includes('panel'));

  it('covers the families Board staff override and those a panel issues', () => {
    expect(overridden.map((f) => f.id)).toEqual(expect.arrayContaining(['quality-premium', 'intervention', 'authorisation']));
    expect(panelled.map((f) => f.id)).toEqual(['reconfiguration']);
  });

  it.each(overridden.map((f) => [f.id, f] as const))('%s: the override form is fields, never JSON', (_id, family) => {
    const fields = overrideFields(family.overrideSchema);
    expect(fields.length).toBeGreaterThan(0);
    expect(fields.filter((f) => f.kind === 'json').map((f) => f.name)).toEqual([]);
  });

  it.each(panelled.map((f) => [f.id, f] as const))('%s: the panel works on a page of its own', (_id, family) => {
    expect(family.console?.reviewPath?.('RCF-2013-001')).toBe('/console/proposals/RCF-2013-001');
  });
});
