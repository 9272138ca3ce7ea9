// A register of CCG-like subjects for the end-to-end benchmarks: one decision is current per
// (family, subject, period), and the real register has 211 CCGs, so a round of thousands of
// assessments needs as many subjects of its own.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { readCcgRegister } from '../src/ccgs/ccg-register.js';
import type { CcgContext } from '../src/rules/rule-family.js';

/** A register of `count` CCG-like subjects, each a copy of a real CCG of the register under a
 *  code and ONS code of its own, written to a temporary CSV the processes read as CCG_REGISTER. */
export function syntheticRegister(realRegister: string, count: number): { file: string; ccgs: CcgContext[] } {
  const rows = parse<Record<string, string>>(readFileSync(realRegister, 'utf8'), { columns: true });
  const code = (i: number) => i.toString(36).toUpperCase().padStart(3, '0');
  const made = Array.from({ length: count }, (_, i) => ({
    ...rows[i % rows.length],
    ods_code: code(46_655 - i),
    ons_code: `E38${String(900_000 + i)}`,
  }));
  const file = join(mkdtempSync(join(tmpdir(), 'ccg-bench-register-')), 'register.csv');
  writeFileSync(file, stringify(made, { header: true }));
  return { file, ccgs: readCcgRegister(file) };
}
