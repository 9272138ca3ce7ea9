import { queueFacets, subjectsMatching, totalMatching, type QueueGroup } from './queue-facets.js';

const groups: QueueGroup[] = [
  { family: 'quality-premium', subject: '00C', period: '2013/14', areaTeam: 'Durham', region: 'North', ccgName: 'NHS Darlington CCG', count: 2 },
  { family: 'quality-premium', subject: '01A', period: '2013/14', areaTeam: 'Merseyside', region: 'North', ccgName: 'NHS Aintree CCG', count: 1 },
  { family: 'authorisation', subject: '00C', period: '2013-Q1', areaTeam: 'Durham', region: 'North', ccgName: 'NHS Darlington CCG', count: 3 },
  { family: 'reconfiguration', subject: 'RCF-2016-002', period: '2016-09-15', areaTeam: '(not a CCG)', region: '(not a CCG)', count: 1 },
];

describe('queue facets', () => {
  it('counts each filter value given the other filters', () => {
    const facets = queueFacets(groups, { family: 'quality-premium' });
    expect(facets.family).toEqual([
      { value: 'authorisation', count: 3, selected: false },
      { value: 'quality-premium', count: 3, selected: true },
      { value: 'reconfiguration', count: 1, selected: false },
    ]);
    // CCGs by name, sorted by it; the proposal's reference is not a CCG.
    expect(facets.ccg).toEqual([
      { value: '01A', label: 'NHS Aintree CCG (01A)', count: 1, selected: false },
      { value: '00C', label: 'NHS Darlington CCG (00C)', count: 2, selected: false },
    ]);
    expect(facets.period).toEqual([{ value: '2013/14', count: 3, selected: false }]);
    expect(totalMatching(groups, { family: 'quality-premium', areaTeam: 'Durham' })).toBe(2);
  });

  it('names the subjects the register filters leave', () => {
    expect(subjectsMatching(groups, {})).toBeUndefined();
    expect(subjectsMatching(groups, { areaTeam: 'Merseyside' })).toEqual(['01A']);
    expect(subjectsMatching(groups, { region: 'South' })).toEqual([]);
  });
});
