import { detailRows, entityLink, searchEnd, searchTime, shortHash } from './audit-view.js';

describe('audit list views', () => {
  it('links the entities the console has pages for, and no others', () => {
    expect(entityLink('assessment', 'a1')).toBe('/console/assessments/a1');
    expect(entityLink('decision', 'd1')).toBe('/console/decisions/d1/document');
    expect(entityLink('ccg', '00C')).toBe('/console/ccgs/00C');
    expect(entityLink('api-key', 'k1')).toBeNull();
  });

  it('shortens a hash to 12 characters', () => {
    expect(shortHash('0123456789abcdef')).toBe('0123456789ab');
    expect(shortHash(null)).toBe('');
  });

  it('flattens a payload to dotted keys', () => {
    const { rows, more } = detailRows({ status: 'queued', outcome: { payablePence: 100, tags: ['a', 'b'], none: [] }, note: null, empty: {} });
    expect(rows).toEqual([
      { key: 'status', value: 'queued' },
      { key: 'outcome.payablePence', value: '100' },
      { key: 'outcome.tags.0', value: 'a' },
      { key: 'outcome.tags.1', value: 'b' },
      { key: 'outcome.none', value: '(none)' },
      { key: 'note', value: 'null' },
      { key: 'empty', value: '(empty)' },
    ]);
    expect(more).toBe(0);
    expect(detailRows('plain').rows).toEqual([{ key: '(payload)', value: 'plain' }]);
    expect(detailRows(null).rows).toEqual([]);
  });

  it('keeps at most the given number of rows and counts the rest', () => {
    const { rows, more } = detailRows({ a: 1, b: 2, c: 3 }, 2);
    expect(rows).toHaveLength(2);
    expect(more).toBe(1);
  });

  it('takes a time as the list shows it, and a date as the whole day at the end', () => {
    expect(searchTime('2025-06-01 09:30 UTC')).toBe('2025-06-01T09:30:00Z');
    expect(searchTime('2025-06-01T09:30:15.5Z')).toBe('2025-06-01T09:30:15.5Z');
    expect(searchTime(' 2025-06-01 ')).toBe('2025-06-01');
    expect(searchTime('yesterday')).toBe('yesterday');
    expect(searchEnd('2025-06-01')?.toISOString()).toBe('2025-06-01T23:59:59.999Z');
    expect(searchEnd('2025-06-01T09:30:00Z')?.toISOString()).toBe('2025-06-01T09:30:00.000Z');
    expect(searchEnd('2025-06-01T09:30:00Z', '2025-06-01 09:30 UTC')?.toISOString()).toBe('2025-06-01T09:30:59.999Z');
    expect(searchEnd(undefined)).toBeUndefined();
  });
});
