import { queueFacets, subjectsMatching, totalMatching, type QueueGroup } from './queue-facets.js';

const groups: QueueGroup[] = [
  { family: 'quality-premium', subject: '00C', period: '2013/14', areaTeam: 'Durham', region: 'North', count: 2 },
  { family: 'quality-premium', subject: '01A', period: '2013/14', areaTeam: 'Merseyside', region: 'North', count: 1 },
  { family: 'authorisation', subject: '00C', period: '2013-Q1', areaTeam: 'Durham', region: 'North', count: 3 },
];

describe('queue facets', () => {
  it('counts each filter value given the other filters', () => {
    const facets = queueFacets(groups, { family: 'quality-premium' });
    expect(facets.family).toEqual([
      { value: 'authorisation', count: 3, selected: false },
      { value: 'quality-premium', count: 3, selected: true },
    ]);
    expect(facets.ccg).toEqual([
      { value: '00C', count: 2, selected: false },
      { value: '01A', count: 1, selected: false },
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
