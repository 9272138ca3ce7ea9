import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PublishedRuleSet } from '../rules/published-rule-sets.js';
import { parseRuleSet } from '../rules/rule-set.loader.js';

export interface ExportReport {
  /** Files written, relative to the rules directory (`intervention/intervention-2014-15-1.0.0.json`). */
  written: string[];
  /** Published versions a file already holds (the same hash), by that file. */
  unchanged: string[];
  /** Files in the way, holding other content: left as they are. */
  refused: { file: string; reason: string }[];
}

/** The content hash of each rule-set file of a family folder (unreadable ones left out). */
function hashesIn(dir: string, family: string): Map<string, string> {
  const found = new Map<string, string>();
  if (!existsSync(dir)) return found;
  for (const name of readdirSync(dir).sort()) {
    if (!name.endsWith('.json') || name.endsWith('.catalogue.json')) continue;
    try {
      found.set(parseRuleSet(`${family}/${name}`, readFileSync(join(dir, name), 'utf8')).hash, `${family}/${name}`);
    } catch {
      // Not a rule set this can read: start-up will say so; it is not the published content either.
    }
  }
  return found;
}

/**
 * Writes each published version as `<rulesDir>/<family>/<id>-<version>.json`, as the files in
 * rules/ are (the document as published, two-space JSON), so that it can be committed: loaded
 * from the file, it has the published hash, and start-up takes the two for one version. A file
 * already holding that content is left alone; one of that name holding anything else is never
 * overwritten.
 */
export function exportRuleSets(published: readonly PublishedRuleSet[], rulesDir: string): ExportReport {
  const report: ExportReport = { written: [], unchanged: [], refused: [] };
  for (const p of published) {
    const d = p.set.document;
    const dir = join(rulesDir, d.family);
    const already = hashesIn(dir, d.family).get(p.set.hash);
    if (already) {
      report.unchanged.push(already);
      continue;
    }
    const file = `${d.family}/${d.id}-${d.version}.json`;
    if (existsSync(join(rulesDir, file))) {
      report.refused.push({
        file,
        reason: `holds other content than published version ${d.id}@${d.version} (hash ${p.set.hash}, proposal ${p.proposalId}); not overwritten`,
      });
      continue;
    }
    mkdirSync(dir, { recursive: true });
    // `wx`: a file that appeared meanwhile is not overwritten either.
    writeFileSync(join(rulesDir, file), `${JSON.stringify(d, null, 2)}\n`, { flag: 'wx' });
    report.written.push(file);
  }
  return report;
}
