import { diffJson } from './outcome-diff.js';

describe('diffJson', () => {
  it('finds nothing between equal values whatever their key order', () => {
    expect(diffJson({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 })).toEqual([]);
  });

  it('names each differing leaf by path', () => {
    expect(
      diffJson(
        { key: 'payable', outcome: { payablePence: 100, measures: [{ achieved: true }] } },
        { key: 'payable', outcome: { payablePence: 90, measures: [{ achieved: false }] } },
      ),
    ).toEqual([
      { path: 'outcome.measures.0.achieved', stored: true, replayed: false },
      { path: 'outcome.payablePence', stored: 100, replayed: 90 },
    ]);
  });

  it('reports a key present on one side only', () => {
    expect(diffJson({ a: 1 }, { a: 1, b: 2 })).toEqual([{ path: 'b', stored: undefined, replayed: 2 }]);
  });
});
