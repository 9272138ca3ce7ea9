import type { SimulationRunBody } from '../common/api-responses.js';
import { number, pounds } from '../common/format.js';
import { conditionLeaves, type ConditionLeaf, type FieldChange, type RuleSetDiff, type RuleSummary } from '../rule-changes/rule-set-diff.js';
import type { RuleSetDocument } from '../rules/rule-set.schema.js';
import { barChartView, niceScale, type BarChartView } from './national-view.js';
import { when } from './review-view.js';
import { formProblems } from './form-problems.js';
import { pagingView } from './paging.js';
import { whatIfMessage } from './what-if-form.js';
import { z } from 'zod';

/*
 * The console's rules pages as plain functions: a simulation run (totals in words through each
 * family's figure labels, charts of before against after, the per-rule and per-subject tables),
 * the list of runs, the stored rule-set versions and a rule-set diff, shaped for the templates.
 */

/** Subject rows a page of a run shows; the pages (and the CSV) have them all. */
export const ROWS_PER_PAGE = 200;

/** Which of a run's rows its page lists, and which page of them. */
export const runRowsQuerySchema = z.strictObject({
  rows: z.enum(['all', 'changed']).default('all'),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
});
export type RunRowsQuery = z.infer<typeof runRowsQuerySchema>;

type Run = SimulationRunBody;
type Row = Run['rows'][number];
type FigureTotal = Run['totals']['figures'][string];

export interface FigureMeta {
  name: string;
  label: string;
  total: 'sum' | 'level';
  unit?: 'pence';
}

/** The figures a run compared, in the family's order, as its totals recorded them. */
export function figureMetas(run: Pick<Run, 'totals'>): FigureMeta[] {
  return Object.entries(run.totals.figures).map(([name, f]) => ({
    name,
    label: f.label,
    total: f.total,
    ...(f.total === 'sum' && f.unit ? { unit: f.unit } : {}),
  }));
}

/** A typographic minus: a hyphen reads as a dash in a table. */
const MINUS = '\u2212';

/** A figure's value as a reader reads it: pence in pounds, a missing value as a dash. */
export function formatFigure(meta: Pick<FigureMeta, 'unit'>, value: number | null | undefined): string {
  if (value === null || value === undefined) return '–';
  return meta.unit === 'pence' ? pounds(value) : number(value);
}

/** A difference with its sign (`+£1,000`, `−1`, `0`). */
export function formatDifference(meta: Pick<FigureMeta, 'unit'>, value: number | null | undefined): string {
  if (value === null || value === undefined) return '–';
  if (value === 0) return meta.unit === 'pence' ? pounds(0) : '0';
  return `${value > 0 ? '+' : MINUS}${formatFigure(meta, Math.abs(value))}`;
}

const plural = (n: number, noun: string) => `${number(n)} ${noun}${n === 1 ? '' : 's'}`;

/** What a family's subjects are called on the page. */
export const subjectNoun = (kind: 'ccg' | 'reference' | undefined): string => (kind === 'ccg' ? 'CCG' : 'subject');

/** A figure's total in a sentence or two: a sum before and after with the change, and how many
 *  subjects are at nothing; a level as subjects per value before and after. */
export function totalInWords(meta: FigureMeta, total: FigureTotal, noun: string): string[] {
  if (total.total === 'sum') {
    const change = total.difference === 0 ? 'no change' : `${total.difference > 0 ? 'up' : 'down'} ${formatFigure(meta, Math.abs(total.difference))}`;
    const zero = meta.unit === 'pence' ? 'at nothing' : 'at zero';
    const newly = total.atZero.newly > 0 ? `; ${plural(total.atZero.newly, noun)} newly ${zero}` : `; none newly ${zero}`;
    return [
      `${formatFigure(meta, total.before)} before, ${formatFigure(meta, total.after)} after: ${change}.`,
      `${noun}s ${zero}: ${number(total.atZero.before)} before, ${number(total.atZero.after)} after${newly}.`,
    ];
  }
  return Object.entries(total.values).map(
    ([value, n]) => `${total.label} ${value}: ${plural(n.before, noun)} before, ${number(n.after)} after${moved(n.after - n.before)}.`,
  );
}

/** A change in a count, signed (`+2`, `−1`, `0`). */
const signed = (d: number) => (d === 0 ? '0' : `${d > 0 ? '+' : MINUS}${number(Math.abs(d))}`);
const moved = (d: number) => (d === 0 ? ' (no change)' : ` (${signed(d)})`);

// --- Charts ------------------------------------------------------------------------------------

const BEFORE_AFTER = (before: number[], after: number[]) => [
  { label: 'Before', tone: 'neutral' as const, values: before },
  // The same tone twice: barChartView shades the second lighter, and the legend and table name both.
  { label: 'After', tone: 'neutral' as const, values: after },
];

/** Bands of a money figure: nothing, then four equal bands up to a round top. */
export function moneyBands(values: readonly number[]): { label: string; test: (v: number) => boolean }[] {
  const largest = Math.max(0, ...values);
  const bands = [{ label: 'Nothing', test: (v: number) => v <= 0 }];
  if (largest <= 0) return bands;
  const { top } = niceScale(largest);
  const step = top / 4;
  for (let k = 0; k < 4; k++) {
    const low = k * step;
    const high = (k + 1) * step;
    bands.push({
      label: k === 0 ? `Up to ${pounds(high)}` : `${pounds(low)} to ${pounds(high)}`,
      // The top band also takes anything above `top` (none, as top is above the largest).
      test: (v: number) => v > low && (v <= high || k === 3),
    });
  }
  return bands;
}

/**
 * Before against after: per value of each level figure; per band of each money figure; and the
 * other sums (conditions by level) side by side. Over the rows the candidate could judge, as the
 * totals are. A family without figures gets its outcome keys.
 */
export function runCharts(run: Pick<Run, 'totals' | 'rows'>, noun: string): BarChartView[] {
  const metas = figureMetas(run);
  const judged = run.rows.filter((r) => r.candidate !== null);
  const charts: BarChartView[] = [];
  for (const meta of metas) {
    const total = run.totals.figures[meta.name];
    if (total.total === 'level') {
      const values = Object.entries(total.values);
      charts.push(
        barChartView({
          id: `chart-${meta.name}`,
          caption: `${noun}s at each ${meta.label.toLowerCase()}, before and after`,
          categories: values.map(([v]) => `${meta.label} ${v}`),
          series: BEFORE_AFTER(
            values.map(([, n]) => n.before),
            values.map(([, n]) => n.after),
          ),
          categoryHeading: meta.label,
        }),
      );
    } else if (meta.unit === 'pence') {
      const before = judged.map((r) => r.baseline.figures[meta.name] ?? 0);
      const after = judged.map((r) => r.candidate!.figures[meta.name] ?? 0);
      const bands = moneyBands([...before, ...after]);
      const count = (xs: number[]) => bands.map((b) => xs.filter(b.test).length);
      charts.push(
        barChartView({
          id: `chart-${meta.name}`,
          caption: `${noun}s by ${meta.label.toLowerCase()}, before and after`,
          categories: bands.map((b) => b.label),
          series: BEFORE_AFTER(count(before), count(after)),
          categoryHeading: meta.label,
        }),
      );
    }
  }
  const sums = metas.filter((m) => m.total === 'sum' && m.unit !== 'pence');
  if (sums.length > 0) {
    const totals = sums.map((m) => run.totals.figures[m.name] as Extract<FigureTotal, { total: 'sum' }>);
    charts.push(
      barChartView({
        id: 'chart-totals',
        caption: `${sums.map((m) => m.label).join(', ')}: totals before and after`,
        categories: sums.map((m) => m.label),
        series: BEFORE_AFTER(
          totals.map((t) => t.before),
          totals.map((t) => t.after),
        ),
        categoryHeading: 'Figure',
      }),
    );
  }
  if (metas.length === 0) {
    const keys = Object.entries(run.totals.keys);
    charts.push(
      barChartView({
        id: 'chart-keys',
        caption: `${noun}s per outcome, before and after`,
        categories: keys.map(([k]) => k),
        series: BEFORE_AFTER(
          keys.map(([, n]) => n.before),
          keys.map(([, n]) => n.after),
        ),
        categoryHeading: 'Outcome',
      }),
    );
  }
  return charts;
}

// --- The run page ------------------------------------------------------------------------------

/** The figures a row shows: the family's first (its headline) and any that differ. */
function rowFigures(metas: FigureMeta[], row: Row): FigureMeta[] {
  return metas.filter((m, i) => i === 0 || row.difference[m.name] !== 0 || row.baseline.figures[m.name] !== row.candidate?.figures[m.name]);
}

const figureText = (metas: FigureMeta[], figures: Record<string, number | null>) =>
  metas.map((m) => `${m.label}: ${formatFigure(m, figures[m.name])}`).join(', ');

/** Changed rows first, then those the candidate could not judge, then the rest; by name within each. */
export function orderedRows(rows: readonly Row[], names: ReadonlyMap<string, string>): Row[] {
  const rank = (r: Row) => (r.changed ? 0 : r.candidate === null ? 1 : 2);
  const name = (r: Row) => names.get(r.subject) ?? r.subject;
  return [...rows].sort((a, b) => rank(a) - rank(b) || name(a).localeCompare(name(b)) || a.period.localeCompare(b.period));
}

export function subjectRowView(row: Row, metas: FigureMeta[], names: ReadonlyMap<string, string>) {
  const shown = rowFigures(metas, row);
  const differences = shown.filter((m) => row.difference[m.name] !== null && row.difference[m.name] !== 0);
  return {
    subject: row.subject,
    name: names.get(row.subject) ?? row.subject,
    period: row.period,
    assessmentId: row.assessmentId,
    changed: row.changed,
    judged: row.candidate !== null,
    status: row.changed ? 'Changed' : row.candidate === null ? 'Not judged' : 'No change',
    baseline: {
      key: row.baseline.key,
      figures: figureText(shown, row.baseline.figures),
      source: row.baseline.overridden ? 'issued, overridden by Board staff' : row.baseline.source,
    },
    candidate: row.candidate ? { key: row.candidate.key, figures: figureText(shown, row.candidate.figures) } : null,
    problems: row.problems ?? [],
    difference: differences.length > 0 ? differences.map((m) => `${m.label} ${formatDifference(m, row.difference[m.name])}`).join(', ') : '',
    nowFiring: row.rules.nowFiring,
    noLongerFiring: row.rules.noLongerFiring,
  };
}

/** The periods covered, in words. */
export function periodsInWords(periods: readonly string[]): string {
  if (periods.length === 0) return 'no period: nothing stored that the candidate would be in force for';
  if (periods.length === 1) return periods[0];
  return `${periods[0]} to ${periods[periods.length - 1]} (${periods.length} periods)`;
}

export interface RunPageInput {
  run: Run;
  familyTitle: string;
  subjectKind?: 'ccg' | 'reference';
  /** Register names of the subjects that are CCGs. */
  names: ReadonlyMap<string, string>;
  /** The candidate against the version it replaces, or why there is none. */
  diff: RuleSetDiff | { none: string };
  /** Which rows, which page; all rows' first page when left out. */
  query?: RunRowsQuery;
}

export function simulationPageView({ run, familyTitle, subjectKind, names, diff, query = { rows: 'all', page: 1 } }: RunPageInput) {
  const noun = subjectNoun(subjectKind);
  const metas = figureMetas(run);
  const ordered = orderedRows(run.rows, names);
  const listed = query.rows === 'changed' ? ordered.filter((r) => r.changed) : ordered;
  const href = (rows: RunRowsQuery['rows'], page: number) => {
    const params = new URLSearchParams({ ...(rows === 'changed' ? { rows } : {}), ...(page > 1 ? { page: String(page) } : {}) }).toString();
    return `/console/rules/simulations/${run.id}${params ? `?${params}` : ''}#rows`;
  };
  const { subjects, evaluated, changed, notEvaluable } = run.totals;
  return {
    id: run.id,
    family: { id: run.family, title: familyTitle },
    createdBy: run.createdBy,
    createdAt: when(run.createdAt),
    candidate: { ...run.candidate, effective: effectiveInWords(run.candidate.effective) },
    baselineHashes: run.baselineHashes,
    periods: periodsInWords(run.periods),
    counts: { ...run.counts, ms: number(run.counts.ms) },
    summary: [
      `${number(subjects)} ${noun} period${subjects === 1 ? '' : 's'} covered`,
      `${number(evaluated)} judged by the candidate`,
      `${number(changed)} changed`,
      ...(notEvaluable > 0 ? [`${number(notEvaluable)} the candidate could not judge (see the table)`] : []),
    ].join(', '),
    totals: metas.map((m) => ({ label: m.label, lines: totalInWords(m, run.totals.figures[m.name], noun) })),
    keys: Object.entries(run.totals.keys).map(([key, n]) => ({ key, before: n.before, after: n.after, change: signed(n.after - n.before) })),
    charts: runCharts(run, noun),
    rules: run.rules.map((r) => ({
      ...r,
      change: signed(r.after - r.before),
      moved: r.after !== r.before,
    })),
    noun,
    Noun: noun.charAt(0).toUpperCase() + noun.slice(1),
    rows: listed.slice((query.page - 1) * ROWS_PER_PAGE, query.page * ROWS_PER_PAGE).map((r) => subjectRowView(r, metas, names)),
    paging: pagingView(query.page, ROWS_PER_PAGE, listed.length, (n) => href(query.rows, n)),
    rowChoices: [
      { label: `All (${number(ordered.length)})`, href: href('all', 1), current: query.rows === 'all' },
      { label: `Changed only (${number(ordered.filter((r) => r.changed).length)})`, href: href('changed', 1), current: query.rows === 'changed' },
    ],
    diff: 'none' in diff ? { none: diff.none } : diffView(diff),
    csv: `/console/rules/simulations/${run.id}/rows.csv`,
  };
}

// --- Runs list ---------------------------------------------------------------------------------

export interface RunListItem {
  id: string;
  family: string;
  candidateId: string;
  candidateVersion: string;
  periods: string[];
  counts: { subjects: number; changed: number; notEvaluable: number };
  createdBy: string;
  createdAt: Date;
}

export function runsListView(runs: readonly RunListItem[], familyTitle: (id: string) => string) {
  return runs.map((r) => ({
    id: r.id,
    when: when(r.createdAt),
    createdBy: r.createdBy,
    family: familyTitle(r.family),
    candidate: `${r.candidateId} ${r.candidateVersion}`,
    periods: periodsInWords(r.periods),
    subjects: r.counts.subjects,
    changed: r.counts.changed,
    notEvaluable: r.counts.notEvaluable,
  }));
}

// --- Rule-set versions -------------------------------------------------------------------------

export interface StoredVersion {
  hash: string;
  family: string;
  ruleSetId: string;
  version: string;
  effectiveFrom: Date;
  effectiveTo: Date | null;
  source: string;
  loadedAt: Date;
}

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : undefined);

export const effectiveInWords = (e: { from: string; to?: string }): string => (e.to ? `${e.from} to ${e.to}` : `from ${e.from}, open-ended`);

/**
 * Every family with its stored versions, oldest first: whether this process loaded it from
 * rules/ and whether it is in force today.
 */
export function versionsView(
  families: readonly { id: string; title: string }[],
  versions: readonly StoredVersion[],
  loaded: ReadonlySet<string>,
  inForceToday: ReadonlySet<string>,
) {
  return families.map((f) => {
    const own = versions.filter((v) => v.family === f.id).sort((a, b) => a.effectiveFrom.getTime() - b.effectiveFrom.getTime());
    return {
      id: f.id,
      title: f.title,
      versions: own.map((v) => ({
        hash: v.hash,
        short: v.hash.slice(0, 12),
        name: `${v.ruleSetId} ${v.version}`,
        effective: effectiveInWords({ from: day(v.effectiveFrom)!, to: day(v.effectiveTo) }),
        source: v.source,
        loadedAt: when(v.loadedAt),
        loaded: loaded.has(v.hash),
        inForce: inForceToday.has(v.hash),
      })),
    };
  });
}

/** A value of a rule file as it is written there. */
export const jsonText = (value: unknown): string => (value === undefined ? '(absent)' : JSON.stringify(value));

const leafText = (c: ConditionLeaf) => `${c.fact}${c.path ? ` ${c.path}` : ''} ${c.operator} ${jsonText(c.value)}`;

/** Each leaf of a JSON value by JSON pointer (the parameters of a rule set). */
export function jsonLeaves(value: unknown, pointer = ''): { path: string; value: string }[] {
  if (value !== null && typeof value === 'object' && Object.keys(value).length > 0) {
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
      jsonLeaves(v, `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`),
    );
  }
  return [{ path: pointer || '/', value: jsonText(value) }];
}

/** A stored version's content: its header, parameters and rules with their conditions and citations. */
export function ruleSetView(document: RuleSetDocument, hash: string) {
  return {
    hash,
    family: document.family,
    id: document.id,
    version: document.version,
    title: document.title,
    effective: effectiveInWords(document.effective),
    source: document.source,
    changeReason: document.changeReason,
    parameters: jsonLeaves(document.parameters, '/parameters').filter((p) => p.path !== '/parameters'),
    rules: document.rules.map((rule, i) => {
      const { citation, reason, ...params } = rule.event.params;
      return {
        name: rule.name,
        pointer: `/rules/${i}`,
        event: rule.event.type,
        citation,
        reason,
        conditions: conditionLeaves(rule, `/rules/${i}`).map(leafText),
        params: Object.entries(params).map(([name, v]) => ({ name, value: jsonText(v) })),
      };
    }),
  };
}

// --- Diff --------------------------------------------------------------------------------------

const changeView = (c: FieldChange) => ({ path: c.path, from: jsonText(c.from), to: jsonText(c.to) });

const summaryView = (r: RuleSummary) => ({
  name: r.name,
  pointer: r.pointer,
  event: r.event,
  citation: r.citation,
  reason: r.reason,
  conditions: r.conditions.map(leafText),
  params: Object.entries(r.params).map(([name, v]) => ({ name, value: jsonText(v) })),
});

export function diffView(diff: RuleSetDiff) {
  const side = (s: RuleSetDiff['from']) => ({
    ...s,
    name: `${s.id} ${s.version}`,
    short: s.hash.slice(0, 12),
    effective: effectiveInWords(s.effective),
    what: s.kind === 'candidate' ? 'the candidate' : 'stored version',
  });
  const { added, removed, changed, unchanged } = diff.rules;
  return {
    from: side(diff.from),
    to: side(diff.to),
    identical: diff.identical,
    summary: `${plural(added.length, 'rule')} added, ${number(removed.length)} removed, ${number(changed.length)} changed, ${number(unchanged)} unchanged`,
    header: diff.header.map(changeView),
    parameters: diff.parameters.map(changeView),
    added: added.map(summaryView),
    removed: removed.map(summaryView),
    changed: changed.map((c) => ({
      name: c.name,
      pointer: c.pointer.from === c.pointer.to ? c.pointer.to : `${c.pointer.from} → ${c.pointer.to}`,
      citation: c.citation,
      citationChanged: c.citation.from !== c.citation.to,
      thresholds: c.thresholds.map((t) => ({
        at: t.at,
        pointer: t.pointer,
        fact: t.fact,
        operator: t.operator,
        from: jsonText(t.from),
        to: jsonText(t.to),
      })),
      conditions: c.conditions.map((x) => ({ at: x.at, from: x.from ? leafText(x.from) : '(none)', to: x.to ? leafText(x.to) : '(none)' })),
      params: c.params.map((p) => ({ name: p.name, from: jsonText(p.from), to: jsonText(p.to) })),
      event: c.event,
      priority: c.priority,
    })),
  };
}

// --- The what-if form's problems ---------------------------------------------------------------

export type CandidateSource = 'file' | 'text';

/** The form's controls, by the id each problem links to. */
const INPUT = { candidateFile: 'candidate-file', candidateText: 'candidate-text', periodFrom: 'period-from', periodTo: 'period-to' } as const;
type Control = keyof typeof INPUT;

/** The control a problem's field is about, and what names it within that control's value. */
function placeOf(field: string, source: CandidateSource): { control: Control; pointer: string } {
  const candidate: Control = source === 'file' ? 'candidateFile' : 'candidateText';
  if (field === 'periods.from') return { control: 'periodFrom', pointer: '' };
  if (field === 'periods.to') return { control: 'periodTo', pointer: '' };
  if (Object.hasOwn(INPUT, field)) return { control: field as Control, pointer: '' };
  // A candidate's problem: its JSON pointer into the rule set; `(candidate)` is the whole of it.
  if (field.startsWith('/')) return { control: candidate, pointer: field };
  if (field === '(candidate)' || field === '') return { control: candidate, pointer: '(the whole rule set)' };
  return { control: candidate, pointer: field };
}

/**
 * The problems of a refused what-if as an error summary (each linking to its control) and inline
 * messages: a candidate's problem is named by its JSON pointer (`/rules/3/...`) and points at the
 * control it came in (the file or the pasted text).
 */
export function formProblemsView(issues: readonly { field: string; message: string }[], source: CandidateSource) {
  const { errors, errorList } = formProblems(issues, (i) => {
    const { control, pointer } = placeOf(i.field, source);
    const words = whatIfMessage(i);
    return { slot: control, inline: pointer ? `${pointer}: ${words}` : words, href: `#${INPUT[control]}`, pointer, message: words };
  });
  return { summary: errorList, errors: errors as Partial<Record<Control, string>> };
}
