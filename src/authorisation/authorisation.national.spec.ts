import { authorisationPicture, monthAround, type AuthorisationRows } from './authorisation.national.js';

const ccgs = ['AAA', 'BBB', 'CCC', 'DDD', 'EEE', 'FFF'].map((odsCode) => ({ odsCode, name: `NHS ${odsCode} CCG` }));

function rows(changes: Partial<AuthorisationRows> = {}): AuthorisationRows {
  return {
    ccgs,
    records: [
      { odsCode: 'AAA', outcome: 'authorised' },
      { odsCode: 'BBB', outcome: 'authorised-with-conditions' },
      { odsCode: 'CCC', outcome: 'authorised-with-conditions-and-directions' },
      { odsCode: 'DDD', outcome: 'established-not-authorised' },
      // Its conditions all discharged since: fully authorised now.
      { odsCode: 'EEE', outcome: 'authorised-with-conditions' },
    ],
    open: [
      { odsCode: 'BBB', count: 2, maxLevel: 3 },
      { odsCode: 'CCC', count: 1, maxLevel: 4 },
      { odsCode: 'DDD', count: 3, maxLevel: 5 },
    ],
    due: [{ odsCode: 'BBB', criterion: '3.2', title: 'Financial plans', dueDate: '2013-04-30' }],
    dueTotal: 1,
    overdue: 2,
    month: 'April 2013',
    ...changes,
  };
}

describe('the authorisation picture', () => {
  it('counts the CCGs by standing as their own pages give it', () => {
    const picture = authorisationPicture(rows());
    expect(picture.figures.map((f) => [f.label, f.value, f.detail])).toEqual([
      ['Fully authorised', '2', 'free of conditions'],
      ['With conditions', '1', 'no directions'],
      ['Under directions', '1', 'a condition at level 4 or above'],
      ['Not yet authorised', '2', '1 established, not authorised; 1 not decided'],
      ['Open conditions', '6', '2 past their due date'],
    ]);
    expect(picture.figures[3].tone).toBe('adverse');
  });

  it('lists the conditions due this month, each leading to its CCG, and counts those not listed', () => {
    const [list] = authorisationPicture(rows({ dueTotal: 4 })).lists!;
    expect(list.title).toBe('Conditions due in April 2013');
    expect(list.items).toEqual([
      { text: 'NHS BBB CCG (BBB): 3.2 Financial plans, due 30 April 2013', href: '/console/ccgs/BBB' },
      { text: 'and 3 more due in April 2013' },
    ]);
    expect(authorisationPicture(rows({ due: [], dueTotal: 0 })).lists![0]).toMatchObject({
      items: [],
      empty: 'No open condition falls due in April 2013.',
    });
  });

  it('reads the month around a moment in UTC', () => {
    expect(monthAround(new Date('2013-12-31T23:30:00Z'))).toEqual({
      start: new Date('2013-12-01T00:00:00Z'),
      end: new Date('2014-01-01T00:00:00Z'),
      label: 'December 2013',
    });
  });
});
