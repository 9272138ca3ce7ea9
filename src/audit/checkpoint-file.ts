import { readFileSync } from 'node:fs';
import { zodIssues } from '../common/validation.js';
import { checkpointSchema, type Checkpoint } from './audit-checkpoint.js';

/**
 * Checkpoints from a file's text: one JSON object (what `audit checkpoint --out` writes), a JSON
 * array of them, or JSON lines (what publishing to a file appends). A bad entry throws, naming
 * the file, the line or index, and the field.
 */
export function parseCheckpoints(text: string, source: string): Checkpoint[] {
  const whole = tryJson(text);
  if (whole.ok) {
    const items = Array.isArray(whole.value) ? whole.value : [whole.value];
    // An empty array checks nothing: saying the chain extends it would mislead.
    if (items.length === 0) throw new Error(`${source}: no checkpoint in it`);
    return items.map((item, i) => toCheckpoint(item, Array.isArray(whole.value) ? `${source}[${i}]` : source));
  }
  const checkpoints: Checkpoint[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const parsed = tryJson(line);
    if (!parsed.ok) throw new Error(`${source}:${i + 1}: not JSON (${parsed.error})`);
    checkpoints.push(toCheckpoint(parsed.value, `${source}:${i + 1}`));
  });
  if (checkpoints.length === 0) throw new Error(`${source}: no checkpoint in it`);
  return checkpoints;
}

export function readCheckpointFile(path: string): Checkpoint[] {
  return parseCheckpoints(readFileSync(path, 'utf8'), path);
}

function toCheckpoint(value: unknown, where: string): Checkpoint {
  const parsed = checkpointSchema.safeParse(value);
  if (!parsed.success)
    throw new Error(
      `${where}: ${zodIssues(parsed.error)
        .map((i) => `${i.field}: ${i.message}`)
        .join('; ')}`,
    );
  return parsed.data;
}

function tryJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}
