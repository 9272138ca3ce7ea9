import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../common/project-root.js';
import { parseRuleSet } from '../rules/rule-set.loader.js';
import type { RuleSetDocument } from '../rules/rule-set.schema.js';
import { diffRuleSets, jsonChanges, type DiffSide } from './rule-set-diff.js';

// The intervention rule set as stored, and candidates made from a copy of it.
const FILE = 'intervention/intervention-2013-14.json';
const text = readFileSync(join(projectRoot(), 'rules', FILE), 'utf8');
const stored = parseRuleSet(FILE, text);
const side = (document: RuleSetDocument, kind: DiffSide['kind'] = 'candidate', hash = 'candidate-hash'): DiffSide => ({ hash, kind, document });
const base = side(stored.document, 'stored', stored.hash);
const copy = (): RuleSetDocument => JSON.parse(text) as RuleSetDocument;
const YTD = 'finance: year-to-date variance worse than -0.5% of allocation';

describe('rule-set diff', () => {
  it('names a changed threshold side by side, with the rule citation and the pointer of the value', () => {
    const candidate = copy();
    const i = candidate.rules.findIndex((r) => r.name === YTD);
    (candidate.rules[i].conditions as { all: { value: unknown }[] }).all[0].value = -0.3;
    const diff = diffRuleSets(base, side(candidate));
    expect(diff.rules.added).toEqual([]);
    expect(diff.rules.removed).toEqual([]);
    expect(diff.rules.changed).toHaveLength(1);
    const [change] = diff.rules.changed;
    expect(change.name).toBe(YTD);
    expect(change.thresholds).toEqual([
      { at: 'all[0]', pointer: `/rules/${i}/conditions/all/0/value`, fact: 'finance.ytdVariancePct', operator: 'lessThan', from: -0.5, to: -0.3 },
    ]);
    expect(change.citation.from).toBe(stored.document.rules[i].event.params.citation);
    expect(change.citation.to).toBe(change.citation.from);
    expect(change.params).toEqual([]);
    expect(diff.rules.unchanged).toBe(stored.document.rules.length - 1);
    expect(diff.identical).toBe(false);
  });

  it('puts changed event params side by side, and a changed citation', () => {
    const candidate = copy();
    const i = candidate.rules.findIndex((r) => r.name === YTD);
    candidate.rules[i].event.params.level = 2;
    candidate.rules[i].event.params.citation = 'mandate §5.7, revised';
    const [change] = diffRuleSets(base, side(candidate)).rules.changed;
    expect(change.params).toEqual([{ name: 'level', from: 1, to: 2 }]);
    expect(change.citation).toEqual({ from: stored.document.rules[i].event.params.citation, to: 'mandate §5.7, revised' });
    expect(change.thresholds).toEqual([]);
  });

  it('lists rules added and removed by name, and a condition whose fact changed as a condition, not a threshold', () => {
    const candidate = copy();
    const removed = candidate.rules.splice(0, 1)[0];
    candidate.rules.push({ ...structuredClone(removed), name: 'finance: a new rule' });
    const j = candidate.rules.findIndex((r) => r.name === 'quality: MRSA case');
    (candidate.rules[j].conditions as { all: { fact: string }[] }).all[0].fact = 'quality.mrsaCasesConfirmed';
    const diff = diffRuleSets(base, side(candidate));
    expect(diff.rules.removed.map((r) => r.name)).toEqual([YTD]);
    expect(diff.rules.removed[0].citation).toBe(removed.event.params.citation);
    expect(diff.rules.added.map((r) => [r.name, r.pointer])).toEqual([['finance: a new rule', `/rules/${candidate.rules.length - 1}`]]);
    const mrsa = diff.rules.changed.find((c) => c.name === 'quality: MRSA case')!;
    expect(mrsa.thresholds).toEqual([]);
    expect(mrsa.conditions).toEqual([
      {
        at: 'all[0]',
        from: expect.objectContaining({ fact: 'quality.mrsaCases' }),
        to: expect.objectContaining({ fact: 'quality.mrsaCasesConfirmed' }),
      },
    ]);
    // Moving a rule up the file changes its place, not the rule.
    expect(diff.rules.changed.map((c) => c.name)).toEqual(['quality: MRSA case']);
  });

  it('names changed parameters and header fields by JSON pointer', () => {
    const candidate = copy();
    (candidate.parameters.standards as Record<string, { threshold: number }>).ae4HoursPct.threshold = 94;
    candidate.version = '1.1.0';
    const diff = diffRuleSets(base, side(candidate));
    expect(diff.parameters).toEqual([{ path: '/parameters/standards/ae4HoursPct/threshold', from: 95, to: 94 }]);
    expect(diff.header).toEqual([{ path: '/version', from: stored.document.version, to: '1.1.0' }]);
    expect(diff.rules.changed).toEqual([]);
  });

  it('finds nothing between a rule set and itself', () => {
    const diff = diffRuleSets(base, side(copy(), 'candidate', stored.hash));
    expect(diff).toMatchObject({ identical: true, header: [], parameters: [], rules: { added: [], removed: [], changed: [] } });
  });

  it('tells an absent value from null', () => {
    expect(jsonChanges({ a: null }, {}, '/p')).toEqual([{ path: '/p/a', from: null }]);
    expect(jsonChanges({ 'x/y': 1 }, { 'x/y': 2 })).toEqual([{ path: '/x~1y', from: 1, to: 2 }]);
  });
});
