import { demoSeeds } from './demo.js';

describe('demoSeeds', () => {
  it('gives --seed to every family with synthetic facts', () => {
    expect(demoSeeds(7)).toEqual({ qualityPremium: 7, authorisation: 7, intervention: 7 });
    expect(demoSeeds(0)).toEqual({ qualityPremium: 0, authorisation: 0, intervention: 0 });
  });

  it("keeps each family's own default without one", () => {
    expect(demoSeeds()).toEqual({ qualityPremium: 10, authorisation: 2013, intervention: 1 });
  });
});
