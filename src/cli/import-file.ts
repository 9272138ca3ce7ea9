import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse } from 'csv-parse/sync';
import { isForbiddenKey } from '../common/unsafe-json.js';

/** A cell of an import CSV: numbers and booleans as JSON, empty as absent, anything else text. */
function cellValue(text: string): unknown {
  if (text === '') return undefined;
  if (/^(true|false|null|-?\d+(\.\d+)?([eE][+-]?\d+)?)$/.test(text) || /^[[{"]/.test(text)) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

/** A column's dotted path as keys: an empty one, or one that could reach an object's prototype
 *  (`facts.__proto__.x` would change every object in the process), is refused naming the column. */
function columnKeys(column: string): string[] {
  const keys = column.split('.');
  const bad = keys.find((k) => k === '' || isForbiddenKey(k));
  if (bad !== undefined) throw new Error(`column "${column}": ${bad === '' ? 'an empty name between dots' : `"${bad}" cannot be a field name`}`);
  return keys;
}

function setPath(target: Record<string, unknown>, dotted: string, value: unknown): void {
  const keys = columnKeys(dotted);
  let node = target;
  for (const key of keys.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]] = value;
}

/**
 * Reads assessments to import. JSON: an array of `{family, subject, period, provenance?, facts}`
 * (or `{items: [...]}`). CSV: columns `family, subject, period`, optionally `provenance`, and one
 * column per fact, named by its dotted path under `facts.` (e.g. `facts.measures.N1.value`). An
 * empty cell is left out, so a column may be filled on some rows only.
 */
export function readImportFile(path: string): unknown[] {
  const text = readFileSync(path, 'utf8');
  if (extname(path).toLowerCase() === '.json') {
    const json: unknown = JSON.parse(text);
    if (Array.isArray(json)) return json;
    if (json && typeof json === 'object' && Array.isArray((json as { items?: unknown }).items)) return (json as { items: unknown[] }).items;
    throw new Error(`${path}: expected a JSON array of assessments or {"items": [...]}`);
  }
  const rows = parse<Record<string, string>>(text, {
    // Checked as the header is read, so a bad column is refused even in a file without rows.
    columns: (header: string[]) =>
      header.map((column) => {
        columnKeys(column);
        return column;
      }),
    skip_empty_lines: true,
    trim: true,
  });
  return rows.map((row) => {
    const item: Record<string, unknown> = { facts: {} };
    for (const [column, raw] of Object.entries(row)) {
      const value = raw === '' ? undefined : column.startsWith('facts.') ? cellValue(raw) : raw;
      if (value !== undefined) setPath(item, column, value);
    }
    return item;
  });
}
