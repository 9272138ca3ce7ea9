import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readImportFile } from './import-file.js';

const dir = mkdtempSync(join(tmpdir(), 'import-'));

describe('readImportFile', () => {
  it('turns dotted fact columns of a CSV into nested facts, typing numbers and booleans', () => {
    const path = join(dir, 'a.csv');
    writeFileSync(
      path,
      'family,subject,period,facts.population,facts.gateways.financialBreach,facts.note\nquality-premium,00C,2013/14,200000,false,hello\n',
    );
    expect(readImportFile(path)).toEqual([
      {
        family: 'quality-premium',
        subject: '00C',
        period: '2013/14',
        facts: { population: 200000, gateways: { financialBreach: false }, note: 'hello' },
      },
    ]);
  });

  it('leaves an empty cell out rather than sending an empty string', () => {
    const path = join(dir, 'b.csv');
    writeFileSync(path, 'family,subject,period,facts.population\nquality-premium,00C,2013/14,\n');
    expect(readImportFile(path)).toEqual([{ family: 'quality-premium', subject: '00C', period: '2013/14', facts: {} }]);
  });

  it('reads a provenance column like the other envelope columns, an empty cell leaving the default', () => {
    const path = join(dir, 'p.csv');
    writeFileSync(
      path,
      'family,subject,period,provenance,facts.population\nquality-premium,00C,2013/14,synthetic,1\nquality-premium,00D,2013/14,,2\n',
    );
    expect(readImportFile(path)).toEqual([
      { family: 'quality-premium', subject: '00C', period: '2013/14', provenance: 'synthetic', facts: { population: 1 } },
      { family: 'quality-premium', subject: '00D', period: '2013/14', facts: { population: 2 } },
    ]);
  });

  it('accepts a JSON array or {items}', () => {
    const a = join(dir, 'c.json');
    writeFileSync(a, JSON.stringify({ items: [{ family: 'x' }] }));
    expect(readImportFile(a)).toEqual([{ family: 'x' }]);
    const b = join(dir, 'd.json');
    writeFileSync(b, JSON.stringify({ nope: 1 }));
    expect(() => readImportFile(b)).toThrow(/expected a JSON array/);
  });

  it('refuses a column that could reach an object prototype, naming it, and changes no object', () => {
    for (const column of ['facts.__proto__.x', 'facts.constructor.prototype.x', '__proto__', 'facts..x']) {
      const path = join(dir, 'proto.csv');
      writeFileSync(path, `family,subject,period,${column}\nintervention,00C,2015-Q1,1\n`);
      expect(() => readImportFile(path)).toThrow(`column "${column}"`);
    }
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});
