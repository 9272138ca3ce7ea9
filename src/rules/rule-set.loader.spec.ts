import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { effectiveRuleSet, loadRuleSetsFrom, parseRuleSet, RuleSetFileError, type LoadedRuleSet } from './rule-set.loader.js';
import { toyRule, toyRuleSet, type ToyDoc } from '../../test/support/toy-rule-set.js';

// Tiny inline rule sets of a made-up family: the loader knows no family, so neither does this spec.

type Doc = ToyDoc;
const rule = toyRule;
const ruleSet = toyRuleSet;

const FILE = 'toy/toy-2013.json';

/** The RuleSetFileError a call throws (any other outcome fails the test). */
function refusal(parse: () => unknown): RuleSetFileError {
  try {
    parse();
  } catch (error) {
    if (error instanceof RuleSetFileError) return error;
    throw error;
  }
  throw new Error('the rule set was accepted');
}

const refusalOf = (doc: Doc, expectedFamily?: string) => refusal(() => parseRuleSet(FILE, JSON.stringify(doc), expectedFamily));

describe('parseRuleSet', () => {
  it('reads a valid rule set: parameters default to {}, everything frozen, the hash independent of key order and layout', () => {
    const doc = ruleSet();
    const loaded = parseRuleSet(FILE, JSON.stringify(doc), 'toy');
    expect(loaded.file).toBe(FILE);
    expect(loaded.document).toMatchObject({ family: 'toy', id: 'toy-2013', parameters: {}, rules: [{ name: 'a' }, { name: 'b' }] });
    expect(Object.isFrozen(loaded.document.rules[0].event.params)).toBe(true);

    const reordered = Object.fromEntries(Object.entries(doc).reverse());
    expect(parseRuleSet('elsewhere.json', JSON.stringify(reordered, null, 2)).hash).toBe(loaded.hash);
    const changed = ruleSet({ rules: [rule('a', { conditions: { all: [{ fact: 'score', operator: 'greaterThan', value: 2 }] } }), rule('b')] });
    expect(parseRuleSet(FILE, JSON.stringify(changed)).hash).not.toBe(loaded.hash);
  });

  it('refuses text that is not JSON, naming the file and the document root', () => {
    const e = refusal(() => parseRuleSet(FILE, '{"family": "toy",'));
    expect(e).toMatchObject({ name: 'RuleSetFileError', file: FILE, pointer: '' });
    expect(e.detail).toMatch(/^not valid JSON \(/);
    expect(e.message).toMatch(/^toy\/toy-2013\.json#: not valid JSON \(/);
  });

  const { citation: _citation, ...withoutCitation } = (rule('b').event as { params: Doc }).params;
  const broken: [string, Doc, string, string | RegExp][] = [
    [
      'a rule without a citation',
      ruleSet({ rules: [rule('a'), rule('b', { event: { type: 'finding', params: withoutCitation } })] }),
      '/rules/1/event/params/citation',
      /expected string/,
    ],
    [
      'a reason too short to say anything',
      ruleSet({ rules: [rule('a', { event: { type: 'finding', params: { citation: 'toy guide §1', reason: 'ok' } } })] }),
      '/rules/0/event/params/reason',
      /too small|>=3/i,
    ],
    [
      'an unknown operator deep in a condition tree',
      ruleSet({
        rules: [
          rule('a'),
          rule('b', {
            conditions: {
              all: [
                { fact: 'score', operator: 'greaterThan', value: 1 },
                { fact: 'score', operator: 'isRoughly', value: 2 },
              ],
            },
          }),
        ],
      }),
      '/rules/1/conditions/all/1/operator',
      'unknown operator',
    ],
    [
      'a condition without a value, named to the field rather than the condition tree',
      ruleSet({ rules: [rule('a', { conditions: { all: [{ fact: 'score', operator: 'greaterThan' }] } })] }),
      '/rules/0/conditions/all/0/value',
      /nonoptional|required|expected/i,
    ],
    ['an unknown key on a rule', ruleSet({ rules: [rule('a', { note: 'x' })] }), '/rules/0', /note/],
    ['a version that is not semantic', ruleSet({ version: '1.0' }), '/version', 'expected a semantic version like 1.0.0'],
    [
      'a start date that is not an ISO date',
      ruleSet({ effective: { from: '1 April 2013' } }),
      '/effective/from',
      'expected an ISO date as a real calendar date YYYY-MM-DD',
    ],
    ['an end before the start', ruleSet({ effective: { from: '2013-04-01', to: '2013-03-31' } }), '/effective/to', 'ends before it starts'],
    ['no rules', ruleSet({ rules: [] }), '/rules', /too small|>=1/i],
    [
      'two rules with one name (the second is named)',
      ruleSet({ rules: [rule('a'), rule('b'), rule('a')] }),
      '/rules/2/name',
      'duplicate rule name "a"',
    ],
  ];

  it.each(broken)('refuses %s, naming the JSON pointer', (_what, doc, pointer, detail) => {
    const e = refusalOf(doc);
    expect({ file: e.file, pointer: e.pointer }).toEqual({ file: FILE, pointer });
    expect(e.detail).toMatch(detail);
    expect(e.message).toBe(`${FILE}#${pointer}: ${e.detail}`);
  });

  it('refuses a rule set filed under another family’s folder, naming /family', () => {
    expect(refusalOf(ruleSet(), 'other')).toMatchObject({ pointer: '/family', detail: '"toy" does not match its folder "other"' });
  });
});

describe('loadRuleSetsFrom', () => {
  const made: string[] = [];
  afterAll(() => {
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });

  /** A rules directory made of `path → document` (a string is written as it is). */
  function rulesDir(files: Record<string, Doc | string>): string {
    const dir = mkdtempSync(join(tmpdir(), 'rule-sets-'));
    made.push(dir);
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), typeof content === 'string' ? content : JSON.stringify(content));
    }
    return dir;
  }

  const v2013 = ruleSet();
  const v2014 = ruleSet({ id: 'toy-2014', effective: { from: '2014-04-01' } });

  it('reads <family>/*.json in name order, and nothing else: no catalogues, fixtures or top-level files', () => {
    const dir = rulesDir({
      'toy/toy-2014.json': v2014,
      'toy/toy-2013.json': v2013,
      'toy/criteria.catalogue.json': '{"not": "a rule set"}',
      'toy/tests/ok/fixture.json': '{"not": "a rule set"}',
      'toy/README.md': 'notes',
      'stray.json': '{"not": "a rule set"}',
    });
    expect(loadRuleSetsFrom(dir).map((s) => [s.file, s.document.id])).toEqual([
      ['toy/toy-2013.json', 'toy-2013'],
      ['toy/toy-2014.json', 'toy-2014'],
    ]);
  });

  it('refuses a file in the wrong family folder, and a broken file, naming the file', () => {
    expect(refusal(() => loadRuleSetsFrom(rulesDir({ 'other/toy-2013.json': v2013 })))).toMatchObject({
      file: 'other/toy-2013.json',
      pointer: '/family',
    });
    expect(refusal(() => loadRuleSetsFrom(rulesDir({ 'toy/toy-2013.json': v2013, 'toy/toy-2014.json': '{' })))).toMatchObject({
      file: 'toy/toy-2014.json',
      pointer: '',
    });
  });

  it('refuses two versions of a family in force on one day unless the later states why (mandate §1.9)', () => {
    const early = ruleSet({ id: 'toy-2013b', effective: { from: '2013-10-01', to: '2014-03-31' } });
    const e = refusal(() => loadRuleSetsFrom(rulesDir({ 'toy/toy-2013.json': v2013, 'toy/toy-2013b.json': early })));
    expect(e).toMatchObject({ file: 'toy/toy-2013b.json', pointer: '/effective/from' });
    expect(e.detail).toBe('starts 2013-10-01 while toy-2013 is in force until 2014-03-31; add a changeReason (mandate §1.9)');

    const stated = { ...early, changeReason: 'in-year change agreed by the Board' };
    expect(loadRuleSetsFrom(rulesDir({ 'toy/toy-2013.json': v2013, 'toy/toy-2013b.json': stated })).map((s) => s.document.id)).toEqual([
      'toy-2013',
      'toy-2013b',
    ]);
  });

  it('counts an open-ended version as in force for ever, and both ends of a version as days it is in force', () => {
    const open = ruleSet({ effective: { from: '2013-04-01' } });
    expect(refusal(() => loadRuleSetsFrom(rulesDir({ 'toy/a.json': open, 'toy/b.json': v2014 }))).detail).toBe(
      'starts 2014-04-01 while toy-2013 is in force until 9999-12-31; add a changeReason (mandate §1.9)',
    );
    expect(loadRuleSetsFrom(rulesDir({ 'toy/a.json': v2013, 'toy/b.json': v2014 }))).toHaveLength(2);
    // Ending on the day the next starts: both in force that day.
    const endsOnTheDay = ruleSet({ effective: { from: '2013-04-01', to: '2014-04-01' } });
    expect(refusal(() => loadRuleSetsFrom(rulesDir({ 'toy/a.json': endsOnTheDay, 'toy/b.json': v2014 }))).detail).toBe(
      'starts 2014-04-01 while toy-2013 is in force until 2014-04-01; add a changeReason (mandate §1.9)',
    );
  });

  it('refuses a duplicate: the same rule set filed twice', () => {
    const e = refusal(() => loadRuleSetsFrom(rulesDir({ 'toy/toy-2013.json': v2013, 'toy/toy-2013-copy.json': v2013 })));
    expect(e).toMatchObject({ pointer: '/effective/from' });
    expect(e.detail).toMatch(/^starts 2013-04-01 while toy-2013 is in force until 2014-03-31/);
  });

  it('judges overlaps within a family only', () => {
    const other = ruleSet({ family: 'other', id: 'other-2013' });
    expect(loadRuleSetsFrom(rulesDir({ 'toy/toy-2013.json': v2013, 'other/other-2013.json': other })).map((s) => s.file)).toEqual([
      'other/other-2013.json',
      'toy/toy-2013.json',
    ]);
  });
});

describe('effectiveRuleSet', () => {
  const load = (doc: Doc): LoadedRuleSet => parseRuleSet(`${String(doc.family)}/${String(doc.id)}.json`, JSON.stringify(doc));
  const v2013 = load(ruleSet());
  const inYear = load(
    ruleSet({ id: 'toy-2013b', effective: { from: '2013-10-01', to: '2014-03-31' }, changeReason: 'in-year change agreed by the Board' }),
  );
  const v2014 = load(ruleSet({ id: 'toy-2014', effective: { from: '2014-04-01' } }));
  const other = load(ruleSet({ family: 'other', id: 'other-all', effective: { from: '2000-01-01' } }));
  const sets = [v2014, other, inYear, v2013];

  const idOn = (date: string, family = 'toy', from: LoadedRuleSet[] = sets) => effectiveRuleSet(from, family, date)?.document.id;

  it('picks the latest-starting version that covers the date, both ends inclusive', () => {
    expect(idOn('2013-04-01')).toBe('toy-2013');
    expect(idOn('2013-09-30')).toBe('toy-2013');
    expect(idOn('2013-10-01')).toBe('toy-2013b');
    expect(idOn('2014-03-31')).toBe('toy-2013b');
    expect(idOn('2014-04-01')).toBe('toy-2014');
    expect(idOn('2030-01-01')).toBe('toy-2014');
  });

  it('whatever order the sets come in', () => {
    for (const order of [[...sets].reverse(), [inYear, v2013, v2014, other]]) {
      expect(['2013-09-30', '2013-10-01', '2014-04-01'].map((d) => idOn(d, 'toy', order))).toEqual(['toy-2013', 'toy-2013b', 'toy-2014']);
    }
  });

  it('finds nothing before the first version, between versions, or for another family', () => {
    expect(idOn('2013-03-31')).toBeUndefined();
    expect(idOn('2014-06-30', 'toy', [v2013, inYear])).toBeUndefined();
    expect(idOn('2013-06-30', 'astrology')).toBeUndefined();
    expect(idOn('2013-06-30', 'other')).toBe('other-all');
  });
});
