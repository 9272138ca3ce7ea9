import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { z } from 'zod';
import { contentHash } from '../common/canonical-json.js';
import { ruleSetSchema, type RuleSetDocument } from './rule-set.schema.js';
import { deepFreeze } from './parse-once.js';

export interface LoadedRuleSet {
  hash: string;
  /** Path relative to the rules directory, e.g. `quality-premium/qp-2013-14.json`. */
  file: string;
  document: RuleSetDocument;
}

/** A rule file that cannot be used. Start-up stops with the file and the JSON pointer. */
export class RuleSetFileError extends Error {
  constructor(
    readonly file: string,
    readonly pointer: string,
    readonly detail: string,
  ) {
    super(`${file}#${pointer}: ${detail}`);
    this.name = 'RuleSetFileError';
  }
}

const pointerOf = (path: PropertyKey[]): string => '/' + path.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

/** A condition is one of several shapes (a leaf, all, any, not): where none fits, the issue of
 *  the shape that came closest (fewest issues, then the deepest), so the pointer names the field
 *  (`/rules/3/conditions/all/0/value`), not only the condition. */
function deepestIssue(issue: z.core.$ZodIssue): { path: PropertyKey[]; message: string } {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return issue;
  const best = [...issue.errors].filter((branch) => branch.length > 0).sort((a, b) => a.length - b.length || b[0].path.length - a[0].path.length)[0];
  if (!best) return issue;
  const inner = deepestIssue(best[0]);
  return { path: [...issue.path, ...inner.path], message: inner.message };
}

export function parseRuleSet(file: string, text: string, expectedFamily?: string): LoadedRuleSet {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new RuleSetFileError(file, '', `not valid JSON (${(e as Error).message})`);
  }
  const parsed = ruleSetSchema.safeParse(json);
  if (!parsed.success) {
    const issue = deepestIssue(parsed.error.issues[0]);
    throw new RuleSetFileError(file, pointerOf(issue.path), issue.message);
  }
  if (expectedFamily && parsed.data.family !== expectedFamily) {
    throw new RuleSetFileError(file, '/family', `"${parsed.data.family}" does not match its folder "${expectedFamily}"`);
  }
  // Frozen: a loaded rule set is shared by every evaluation and must never change under them.
  return { hash: contentHash(parsed.data), file, document: deepFreeze(parsed.data) };
}

/** Reads every `rules/<family>/*.json` (fixtures in `tests/` folders are not rule sets). */
export function loadRuleSetsFrom(rulesDir: string): LoadedRuleSet[] {
  const loaded: LoadedRuleSet[] = [];
  for (const family of readdirSync(rulesDir).sort()) {
    const familyDir = join(rulesDir, family);
    if (!statSync(familyDir).isDirectory()) continue;
    for (const name of readdirSync(familyDir).sort()) {
      if (!name.endsWith('.json') || name.endsWith('.catalogue.json')) continue;
      const path = join(familyDir, name);
      loaded.push(parseRuleSet(relative(rulesDir, path), readFileSync(path, 'utf8'), family));
    }
  }
  assertNoOverlaps(loaded);
  return loaded;
}

/** Two versions of one family may not both be in force on the same day unless the later one
 *  records why it starts early (mandate §1.9: in-year change needs a stated reason). */
export function assertNoOverlaps(sets: LoadedRuleSet[]): void {
  const byFamily = new Map<string, LoadedRuleSet[]>();
  for (const s of sets) byFamily.set(s.document.family, [...(byFamily.get(s.document.family) ?? []), s]);
  for (const list of byFamily.values()) {
    list.sort((a, b) => a.document.effective.from.localeCompare(b.document.effective.from));
    for (let i = 1; i < list.length; i++) {
      const prev = list[i - 1].document;
      const next = list[i].document;
      const prevEnd = prev.effective.to ?? '9999-12-31';
      if (prevEnd >= next.effective.from && !next.changeReason) {
        throw new RuleSetFileError(
          list[i].file,
          '/effective/from',
          `starts ${next.effective.from} while ${prev.id} is in force until ${prevEnd}; add a changeReason (mandate §1.9)`,
        );
      }
    }
  }
}

/** The rule set of a family in force on a date: the latest-starting one that covers it. */
export function effectiveRuleSet(sets: LoadedRuleSet[], family: string, date: string): LoadedRuleSet | undefined {
  return sets
    .filter((s) => s.document.family === family)
    .filter((s) => s.document.effective.from <= date && (!s.document.effective.to || date <= s.document.effective.to))
    .sort((a, b) => b.document.effective.from.localeCompare(a.document.effective.from))[0];
}
