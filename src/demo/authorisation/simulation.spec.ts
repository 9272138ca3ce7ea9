import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ccgCodes } from '../../../test/support/ccg-codes.js';
import { parseCatalogue } from '../../authorisation/criteria-catalogue.js';
import { projectRoot } from '../../common/project-root.js';
import { simulateAuthorisationRound, WAVES } from './simulation.js';

const catalogue = parseCatalogue(JSON.parse(readFileSync(join(projectRoot(), 'rules/authorisation/criteria.catalogue.json'), 'utf8')));
/** The CCGs the simulation places by name (published), then made-up codes up to the 211 of April 2013. */
const NAMED = [
  '02Q',
  '06M',
  '08J',
  '04C',
  '00Y',
  '11X',
  '02E',
  '02F',
  '04G',
  '06N',
  '09W',
  '09F',
  '08M',
  '05F',
  '03M',
  '03Q',
  '99E',
  '07V',
  '09L',
  '07X',
  '99K',
  '07G',
  '08W',
  '07M',
  '09J',
  '10R',
  '99A',
];
const codes = ccgCodes(211, NAMED);

describe('authorisation simulation (the facts it writes, not the outcomes)', () => {
  const ccgs = simulateAuthorisationRound(codes, catalogue);
  const count = (f: (c: (typeof ccgs)[number]) => boolean) => ccgs.filter(f).length;

  it('puts 34/67/62/48 CCGs in the four waves, with the published numbers without conditions', () => {
    for (const w of WAVES) {
      expect({ wave: w.wave, ccgs: count((c) => c.wave === w.wave), free: count((c) => c.wave === w.wave && c.unmet.length === 0) }).toEqual({
        wave: w.wave,
        ccgs: w.ccgs,
        free: w.withoutConditions,
      });
    }
  });

  it('gives the named CCGs their published places', () => {
    const by = new Map(ccgs.map((c) => [c.odsCode, c]));
    for (const code of ['02Q', '06M', '08J', '04C', '00Y', '11X', '02E', '02F']) expect(by.get(code)).toMatchObject({ wave: 1, unmet: [] });
    expect(by.get('09J')?.unmet).toHaveLength(22);
    expect(by.get('10R')).toMatchObject({ wave: 1 });
    expect(by.get('99A')).toMatchObject({ wave: 4 });
    expect(by.get('07G')?.unmet.map((u) => u.gap)).toEqual(expect.arrayContaining(['function-gap', 'leadership-failure']));
    const withStrongGaps = ccgs.filter((c) => c.unmet.some((u) => ['capacity-gap', 'function-gap', 'leadership-failure'].includes(u.gap)));
    expect(withStrongGaps.map((c) => c.odsCode).sort()).toEqual([
      '03M',
      '03Q',
      '04G',
      '05F',
      '06N',
      '07G',
      '07V',
      '07X',
      '08M',
      '08W',
      '09F',
      '09L',
      '09W',
      '99E',
      '99K',
    ]);
  });

  it('never reaches the policy threshold for "established, not authorised"', () => {
    for (const c of ccgs) {
      expect(c.unmet.length).toBeLessThanOrEqual(29);
      expect(c.unmet.some((u) => u.criterion.startsWith('4.') && ['function-gap', 'leadership-failure'].includes(u.gap))).toBe(false);
    }
  });

  it('is deterministic, and another seed changes the findings', () => {
    expect(simulateAuthorisationRound(codes, catalogue)).toEqual(ccgs);
    expect(simulateAuthorisationRound(codes, catalogue, 7)).not.toEqual(ccgs);
  });
});
