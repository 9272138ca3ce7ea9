import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { publishedSource, type PublishedRuleSet } from '../rules/published-rule-sets.js';
import { loadRuleSetsFrom, parseRuleSet } from '../rules/rule-set.loader.js';
import { exportRuleSets } from './rule-set-export.js';

const document = (over: Record<string, unknown> = {}) => ({
  family: 'toy',
  id: 'toy-2015',
  version: '1.0.0',
  title: 'Toy rules',
  effective: { from: '2015-04-01' },
  source: 'the toy guide',
  parameters: { perHead: 5 },
  rules: [
    {
      name: 'a',
      conditions: { all: [{ fact: 'score', operator: 'greaterThan', value: 1 }] },
      event: { type: 'finding', params: { citation: 'toy guide §1.1', reason: 'A score above one is a finding.' } },
    },
  ],
  ...over,
});
const published = (proposalId: string, over: Record<string, unknown> = {}): PublishedRuleSet => ({
  proposalId,
  set: parseRuleSet(publishedSource(proposalId), JSON.stringify(document(over))),
  takesOver: [],
});

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'ccg-export-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('exportRuleSets', () => {
  it('writes <family>/<id>-<version>.json that loads as a rules/ file with the published hash', () => {
    const p = published('p1');
    expect(exportRuleSets([p], dir)).toEqual({ written: ['toy/toy-2015-1.0.0.json'], unchanged: [], refused: [] });
    const [loaded] = loadRuleSetsFrom(dir);
    expect(loaded).toMatchObject({ file: 'toy/toy-2015-1.0.0.json', hash: p.set.hash });
    expect(readFileSync(join(dir, 'toy', 'toy-2015-1.0.0.json'), 'utf8')).toMatch(/^\{\n {2}"family": "toy",\n[\s\S]*\n\}\n$/);
  });

  it('leaves a file that holds the same content alone, under whatever name', () => {
    mkdirSync(join(dir, 'toy'));
    writeFileSync(join(dir, 'toy', 'committed.json'), JSON.stringify(document()));
    expect(exportRuleSets([published('p1')], dir)).toEqual({ written: [], unchanged: ['toy/committed.json'], refused: [] });
  });

  it('never overwrites a file of that name holding other content', () => {
    mkdirSync(join(dir, 'toy'));
    const path = join(dir, 'toy', 'toy-2015-1.0.0.json');
    writeFileSync(path, JSON.stringify(document({ title: 'Edited by hand' })));
    const report = exportRuleSets([published('p1')], dir);
    expect(report.written).toEqual([]);
    expect(report.refused).toEqual([{ file: 'toy/toy-2015-1.0.0.json', reason: expect.stringContaining('proposal p1') }]);
    expect(JSON.parse(readFileSync(path, 'utf8')).title).toBe('Edited by hand');
  });
});
