import { effectiveRuleSet, parseRuleSet, type LoadedRuleSet } from './rule-set.loader.js';
import type { PrismaService } from '../prisma/prisma.service.js';
import { contendersOf, originOf, publishedSource, readPublishedRuleSets, standingRuleSets, type PublishedRuleSet } from './published-rule-sets.js';
import { toyRule, toyRuleSet, type ToyDoc } from '../../test/support/toy-rule-set.js';

type Doc = ToyDoc;
const doc = (over: Doc = {}): Doc => toyRuleSet({ rules: [toyRule('a')], ...over });
const file = (name: string, over: Doc = {}): LoadedRuleSet => parseRuleSet(`toy/${name}.json`, JSON.stringify(doc(over)));
const published = (proposalId: string, over: Doc, takesOver: LoadedRuleSet[] = []): PublishedRuleSet => ({
  proposalId,
  set: parseRuleSet(publishedSource(proposalId), JSON.stringify(doc(over))),
  takesOver: takesOver.map((s) => s.hash),
});

const y2013 = file('toy-2013');
const y2014 = file('toy-2014', { id: 'toy-2014', effective: { from: '2014-04-01' } });
const inForce = (sets: LoadedRuleSet[], day: string) => effectiveRuleSet(sets, 'toy', day)?.file;

describe('standingRuleSets', () => {
  it('puts a published version in force over the file it was published over, from its start', () => {
    const change = published('p1', { id: 'toy-2013-q3', effective: { from: '2013-10-01', to: '2014-03-31' }, changeReason: 'in year' }, [y2013]);
    const { sets, conflicts } = standingRuleSets([y2013, y2014], [change]);
    expect(conflicts).toEqual([]);
    expect(inForce(sets, '2013-09-30')).toBe('toy/toy-2013.json');
    expect(inForce(sets, '2013-10-01')).toBe('published/p1');
    expect(inForce(sets, '2014-04-01')).toBe('toy/toy-2014.json');
    expect(originOf(sets[0])).toBe('published');
    expect(originOf(y2013)).toBe('file');
  });

  it('takes the place of the version of the same id, as the candidate was checked', () => {
    const v11 = published('p1', { version: '1.1.0' }, [y2013]);
    const { sets } = standingRuleSets([y2013, y2014], [v11]);
    expect(sets.map((s) => s.file)).toEqual(['published/p1', 'toy/toy-2014.json']);
  });

  it('refuses a file that overlaps a published version it was not published over, naming both', () => {
    const next = published('p2', { id: 'toy-2015', effective: { from: '2015-04-01' }, changeReason: 'new year' }, [y2014]);
    const late = file('toy-2015-late', { id: 'toy-2015-late', effective: { from: '2015-07-01' }, changeReason: 'late' });
    const { sets, conflicts } = standingRuleSets([y2013, y2014, late], [next]);
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toContain('toy/toy-2015-late.json');
    expect(conflicts[0]).toContain(next.set.hash);
    expect(conflicts[0]).toContain('proposal p2');
    // Left out, not silently preferred.
    expect(sets.map((s) => s.file)).not.toContain('published/p2');
  });

  it('refuses a file that shares the id of a published version without overlapping it', () => {
    const p = published('p1', { id: 'toy-2016', effective: { from: '2016-04-01' } });
    const sameId = file('toy-2016-old', { id: 'toy-2016', effective: { from: '2012-04-01', to: '2013-03-31' } });
    expect(standingRuleSets([sameId], [p]).conflicts[0]).toContain('share the id toy-2016');
  });

  it('takes a file of the same content (written out by rules export) for the published version', () => {
    const p = published('p1', { id: 'toy-2015', effective: { from: '2015-04-01' } });
    const exported = file('toy-2015-1.0.0', { id: 'toy-2015', effective: { from: '2015-04-01' } });
    expect(exported.hash).toBe(p.set.hash);
    const { sets, conflicts } = standingRuleSets([y2013, exported], [p]);
    expect(conflicts).toEqual([]);
    expect(sets.map((s) => s.file).sort()).toEqual(['toy/toy-2013.json', 'toy/toy-2015-1.0.0.json']);
  });

  it('applies published versions oldest first: a later one replaces an earlier one of the same id', () => {
    const first = published('p1', { id: 'toy-2015', effective: { from: '2015-04-01' } });
    const second = published('p2', { id: 'toy-2015', version: '1.1.0', effective: { from: '2015-04-01' } }, [first.set]);
    const { sets } = standingRuleSets([y2013], [first, second]);
    expect(inForce(sets, '2015-05-01')).toBe('published/p2');
    expect(sets).toHaveLength(2);
  });
});

describe('contendersOf', () => {
  it('names the versions of the family with the same id or overlapping dates, not itself', () => {
    const candidate = file('c', { id: 'toy-2014-q3', effective: { from: '2014-10-01' } });
    expect(contendersOf(candidate, [y2013, y2014, candidate]).map((s) => s.file)).toEqual(['toy/toy-2014.json']);
  });
});

describe('readPublishedRuleSets', () => {
  // A stand-in for the table: published rows, and the queries made of it.
  type Row = { id: string; hash: string; content: unknown; takesOver: unknown };
  const tableOf = (rows: Row[]) => {
    const queries: { select: string[]; ids?: string[] }[] = [];
    const db = {
      ruleSetProposal: {
        findMany: async (args: { select: Record<string, boolean>; where: { id?: { in: string[] } } }) => {
          const ids = args.where.id?.in;
          queries.push({ select: Object.keys(args.select), ...(ids ? { ids } : {}) });
          return rows.filter((r) => !ids || ids.includes(r.id));
        },
      },
    } as unknown as PrismaService;
    return { db, queries };
  };
  const row = (id: string, over: Doc): Row => {
    const content = doc(over);
    return { id, hash: parseRuleSet('x', JSON.stringify(content)).hash, content, takesOver: [] };
  };

  it('parses a row once: a refresh is one query of ids and hashes, and keeps the objects it had', async () => {
    const rows = [row('r1', { id: 'toy-2030', effective: { from: '2030-04-01' } })];
    const { db, queries } = tableOf(rows);
    const first = await readPublishedRuleSets(db);
    expect(queries).toEqual([{ select: ['id', 'hash'] }, { select: ['id', 'hash', 'content', 'takesOver'], ids: ['r1'] }]);

    queries.length = 0;
    const again = await readPublishedRuleSets(db);
    expect(queries).toEqual([{ select: ['id', 'hash'] }]);
    expect(again[0]).toBe(first[0]);
    expect(again[0].set.document).toBe(first[0].set.document);

    // A new row: only it is read in full.
    rows.push(row('r2', { id: 'toy-2031', effective: { from: '2031-04-01' }, changeReason: 'next year' }));
    queries.length = 0;
    const grown = await readPublishedRuleSets(db);
    expect(queries).toEqual([{ select: ['id', 'hash'] }, { select: ['id', 'hash', 'content', 'takesOver'], ids: ['r2'] }]);
    expect(grown.map((p) => p.set.file)).toEqual([publishedSource('r1'), publishedSource('r2')]);
    expect(grown[0]).toBe(first[0]);
  });

  it('refuses content that does not hash as it was published', async () => {
    const bad = { ...row('r3', { id: 'toy-2032', effective: { from: '2032-04-01' } }), hash: 'f'.repeat(64) };
    await expect(readPublishedRuleSets(tableOf([bad]).db)).rejects.toThrow(/not the f+ it was published as/);
  });
});
