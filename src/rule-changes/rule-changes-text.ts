import type { SimulationRunBody } from '../common/api-responses.js';
import type { RuleSetDiff } from './rule-set-diff.js';

/** Plain-text reports of a simulation run and of a diff, for the command line. Pure. */

const POUNDS = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' });
const value = (v: unknown): string => (v === undefined ? '(absent)' : JSON.stringify(v));
const signed = (n: number, unit?: 'pence'): string => {
  const text = unit === 'pence' ? POUNDS.format(Math.abs(n) / 100) : String(Math.abs(n));
  return n > 0 ? `+${text}` : n < 0 ? `−${text}` : text;
};
const amount = (n: number | null | undefined, unit?: 'pence'): string =>
  n === null || n === undefined ? '–' : unit === 'pence' ? POUNDS.format(n / 100) : String(n);

/** A table of before/after counts, labels left, numbers right. */
function beforeAfter(title: string, rows: [string, number, number][]): string[] {
  const width = Math.max(title.length, ...rows.map(([label]) => label.length + 2));
  return [
    `${title.padEnd(width)}  ${'before'.padStart(7)}  ${'after'.padStart(7)}`,
    ...rows.map(
      ([label, b, a]) => `  ${label.padEnd(width - 2)}  ${String(b).padStart(7)}  ${String(a).padStart(7)}${a !== b ? `  (${signed(a - b)})` : ''}`,
    ),
  ];
}

export function simulationReport(run: SimulationRunBody): string {
  const c = run.candidate;
  const lines = [
    `Simulation ${run.id}: ${run.family} candidate ${c.id}@${c.version} (${c.hash.slice(0, 12)}) over ${run.periods.join(', ') || 'no periods with assessments'}`,
    `${run.counts.subjects} subjects, ${run.counts.changed} changed, ${run.counts.notEvaluable} not evaluable with the stored facts (${run.counts.ms} ms); baseline rule sets ${run.baselineHashes.map((h) => h.slice(0, 12)).join(', ') || '–'}`,
    '',
    ...beforeAfter(
      'Outcomes',
      Object.entries(run.totals.keys).map(([key, n]) => [key, n.before, n.after]),
    ),
  ];
  for (const [name, figure] of Object.entries(run.totals.figures)) {
    lines.push('');
    if (figure.total === 'sum') {
      lines.push(
        `${figure.label} (${name}): ${amount(figure.before, figure.unit)} → ${amount(figure.after, figure.unit)} (${signed(figure.difference, figure.unit)}); ` +
          `at nothing ${figure.atZero.before} → ${figure.atZero.after} (${figure.atZero.newly} newly)`,
      );
    } else {
      lines.push(
        ...beforeAfter(
          `${figure.label} (${name})`,
          Object.entries(figure.values).map(([v, n]) => [v, n.before, n.after]),
        ),
      );
    }
  }
  const moved = run.rules.filter((r) => r.before !== r.after);
  if (moved.length > 0)
    lines.push(
      '',
      ...beforeAfter(
        'Rules fired for',
        moved.map((r) => [`${r.rule}${r.inCandidate ? '' : ' (removed)'}`, r.before, r.after]),
      ),
    );
  const changed = run.rows.filter((r) => r.changed);
  lines.push('', changed.length > 0 ? 'Changed:' : 'No subject changes.');
  for (const r of changed) {
    const figures = Object.entries(r.difference)
      .filter(([, d]) => d !== null && d !== 0)
      .map(([name, d]) => {
        const unit = run.totals.figures[name]?.total === 'sum' ? (run.totals.figures[name] as { unit?: 'pence' }).unit : undefined;
        return `${name} ${amount(r.baseline.figures[name], unit)} → ${amount(r.candidate?.figures[name], unit)} (${signed(d!, unit)})`;
      });
    const key = r.baseline.key === r.candidate?.key ? r.baseline.key : `${r.baseline.key} → ${r.candidate?.key}`;
    lines.push(
      `  ${r.subject} ${r.period}  ${key}${figures.length ? `; ${figures.join('; ')}` : ''}${r.baseline.overridden ? ' [baseline overridden]' : ''}`,
    );
  }
  const unjudged = run.rows.filter((r) => r.candidate === null);
  if (unjudged.length > 0) {
    lines.push('', 'Not evaluable:');
    for (const r of unjudged) lines.push(`  ${r.subject} ${r.period}: ${(r.problems ?? []).join('; ')}`);
  }
  return lines.join('\n');
}

export function diffReport(diff: RuleSetDiff): string {
  const side = (s: RuleSetDiff['from']) => `${s.id}@${s.version} (${s.kind} ${s.hash.slice(0, 12)})`;
  const lines = [`${side(diff.from)} → ${side(diff.to)}${diff.identical ? ': identical' : ''}`];
  const changes = (title: string, list: { path: string; from?: unknown; to?: unknown }[]) => {
    if (list.length === 0) return;
    lines.push('', `${title}:`, ...list.map((c) => `  ${c.path}: ${value(c.from)} → ${value(c.to)}`));
  };
  changes('Header', diff.header);
  changes('Parameters', diff.parameters);
  const { added, removed, changed } = diff.rules;
  if (added.length > 0) lines.push('', `Rules added (${added.length}):`, ...added.map((r) => `  + ${r.name} (${r.pointer}); ${r.citation}`));
  if (removed.length > 0) lines.push('', `Rules removed (${removed.length}):`, ...removed.map((r) => `  - ${r.name} (${r.pointer}); ${r.citation}`));
  if (changed.length > 0) lines.push('', `Rules changed (${changed.length}):`);
  for (const r of changed) {
    lines.push(`  ~ ${r.name} (${r.pointer.to})`);
    for (const t of r.thresholds) lines.push(`      threshold ${t.at} ${t.fact} ${t.operator}: ${value(t.from)} → ${value(t.to)}`);
    for (const c of r.conditions) {
      const leaf = (l?: { fact: string; operator: string; value: unknown }) => (l ? `${l.fact} ${l.operator} ${value(l.value)}` : '(none)');
      lines.push(`      condition ${c.at}: ${leaf(c.from)} → ${leaf(c.to)}`);
    }
    for (const p of r.params) lines.push(`      param ${p.name}: ${value(p.from)} → ${value(p.to)}`);
    if (r.event) lines.push(`      event: ${r.event.from} → ${r.event.to}`);
    if (r.priority) lines.push(`      priority: ${r.priority.from} → ${r.priority.to}`);
    lines.push(r.citation.from === r.citation.to ? `      citation: ${r.citation.to}` : `      citation: ${r.citation.from} → ${r.citation.to}`);
  }
  lines.push('', `${diff.rules.unchanged} rules unchanged.`);
  return lines.join('\n');
}
