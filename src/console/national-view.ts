import { z } from 'zod';
import { DomainError } from '../common/domain-error.js';
import { parseOrThrow } from '../common/validation.js';
import type { NationalFilter, NationalPicture, OutcomeTone } from '../rules/rule-family.js';

/*
 * The console's national home page as plain functions: the filter checked against the register,
 * each family's picture shaped for the template, bar charts laid out as SVG geometry (the
 * template only places numbers: no inline styles under the console's CSP), ages in words.
 */

/** A CCG of the register as the home page filters by it. */
export interface RegisterEntry {
  odsCode: string;
  name: string;
  regionName: string;
  areaTeamName: string;
}

const blankToUndefined = (v: unknown) => (v === '' ? undefined : v);
const filterSchema = z.object({
  region: z.preprocess(blankToUndefined, z.string().max(200).optional()),
  areaTeam: z.preprocess(blankToUndefined, z.string().max(200).optional()),
});

/** The filter of a query, in the register's spelling, or a 400 naming the field (`query.region`,
 *  as the queue names its filters): a name the register does not have, or an area team outside
 *  the chosen region. */
export function parseNationalFilter(query: unknown, register: readonly RegisterEntry[]): NationalFilter {
  const q = parseOrThrow(filterSchema, query, 'query', 'BAD_REQUEST');
  const find = (values: string[], wanted: string) => values.find((v) => v.toLowerCase() === wanted.trim().toLowerCase());
  const filter: NationalFilter = {};
  if (q.region !== undefined) {
    const regions = [...new Set(register.map((c) => c.regionName))];
    filter.region = find(regions, q.region);
    if (!filter.region) {
      throw DomainError.invalid(
        [{ field: 'query.region', message: `"${q.region}" is not a region of the register (${regions.sort().join(', ')})` }],
        'BAD_REQUEST',
      );
    }
  }
  if (q.areaTeam !== undefined) {
    filter.areaTeam = find([...new Set(register.map((c) => c.areaTeamName))], q.areaTeam);
    if (!filter.areaTeam)
      throw DomainError.invalid([{ field: 'query.areaTeam', message: `"${q.areaTeam}" is not an area team of the register` }], 'BAD_REQUEST');
    const region = register.find((c) => c.areaTeamName === filter.areaTeam)!.regionName;
    if (filter.region && region !== filter.region) {
      throw DomainError.invalid(
        [{ field: 'query.areaTeam', message: `${filter.areaTeam} is in ${region}, not ${filter.region}: choose one of its area teams, or all` }],
        'BAD_REQUEST',
      );
    }
  }
  return filter;
}

export function inScope(c: RegisterEntry, filter: NationalFilter): boolean {
  return (!filter.region || c.regionName === filter.region) && (!filter.areaTeam || c.areaTeamName === filter.areaTeam);
}

/** The filter form's choices: regions, and area teams grouped under their region, with counts. */
export function filterChoices(register: readonly RegisterEntry[], filter: NationalFilter) {
  const count = (pick: (c: RegisterEntry) => boolean) => register.filter(pick).length;
  const regions = [...new Set(register.map((c) => c.regionName))].sort();
  return {
    regions: regions.map((r) => ({ value: r, label: `${r} (${count((c) => c.regionName === r)})`, selected: r === filter.region })),
    areaTeams: regions.map((r) => ({
      region: r,
      options: [...new Set(register.filter((c) => c.regionName === r).map((c) => c.areaTeamName))]
        .sort()
        .map((a) => ({ value: a, label: `${a} (${count((c) => c.areaTeamName === a)})`, selected: a === filter.areaTeam })),
    })),
    filtered: Boolean(filter.region || filter.areaTeam),
  };
}

/** What the page covers, in words. */
export function scopeInWords(filter: NationalFilter, ccgs: number): string {
  const n = `${ccgs} CCG${ccgs === 1 ? '' : 's'}`;
  if (filter.areaTeam) return `${filter.areaTeam} area team${filter.region ? `, ${filter.region}` : ''}: ${n}`;
  if (filter.region) return `${filter.region}: ${n}`;
  return `England: all ${n} of the register`;
}

/** How long something has waited, as a reviewer says it. */
export function ageInWords(from: Date, now: Date): string {
  const minutes = Math.max(0, Math.floor((now.getTime() - from.getTime()) / 60_000));
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (minutes < 1) return 'under a minute';
  if (minutes < 60) return plural(minutes, 'minute');
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return plural(hours, 'hour');
  return plural(Math.floor(hours / 24), 'day');
}

// --- Bar charts --------------------------------------------------------------------------------

export interface ChartInput {
  /** Unique on the page: the SVG's title and description ids start with it. */
  id: string;
  caption: string;
  categories: string[];
  /** `tones`, where given, colour each bar by its own value (a CCG's level per quarter). */
  series: { label: string; tone?: OutcomeTone; tones?: (OutcomeTone | undefined)[]; values: number[] }[];
  /** The top of the value axis (a level's maximum); by default a round number above the largest. */
  max?: number;
  /** The first column's heading in the table of the same figures. */
  categoryHeading?: string;
  /** Draw a zero as a low bar, so its colour still shows (level 0 is a level, not nothing). */
  showZero?: boolean;
}

const WIDTH = 640;
const HEIGHT = 240;
const PLOT = { left: 44, right: 8, top: 18, bottom: 36 };
/** Value labels are drawn above bars at least this wide, so they never overlap. */
const LABEL_MIN_BAR = 16;
/** At most this many category labels under the axis; the table has them all. */
const MAX_CATEGORY_LABELS = 12;

/** The height of a zero drawn with `showZero`. */
const ZERO_BAR = 3;

const round1 = (n: number) => Math.round(n * 10) / 10;

/** A step of 1, 2 or 5 times a power of ten giving at most five gridlines up to `max`. */
export function niceScale(max: number): { top: number; step: number } {
  if (max <= 0) return { top: 1, step: 1 };
  if (max <= 5 && Number.isInteger(max)) return { top: max, step: 1 };
  const rough = max / 5;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough)!;
  return { top: Math.ceil(max / step) * step, step };
}

/** Bars grouped by category, one per series, with gridlines and labels as SVG coordinates, a
 *  description in words (the SVG's `<desc>`) and the same numbers as a table. */
export function barChartView(input: ChartInput) {
  const largest = Math.max(0, ...input.series.flatMap((s) => s.values));
  const { top, step } = niceScale(Math.max(input.max ?? 0, largest));
  const plotWidth = WIDTH - PLOT.left - PLOT.right;
  const plotHeight = HEIGHT - PLOT.top - PLOT.bottom;
  const baseline = PLOT.top + plotHeight;
  const groupWidth = plotWidth / Math.max(1, input.categories.length);
  const barWidth = (groupWidth * 0.8) / Math.max(1, input.series.length);
  const yOf = (v: number) => baseline - (v / top) * plotHeight;

  // Two neighbouring series of one tone (levels 1 and 2 are both caution) are told apart by shade.
  const alt: boolean[] = [];
  input.series.forEach((s, j) => (alt[j] = j > 0 && s.tone !== undefined && s.tone === input.series[j - 1].tone && !alt[j - 1]));
  const barClass = (tone: OutcomeTone | undefined, j: number) => `console-bar console-bar--${tone ?? 'neutral'}${alt[j] ? ' console-bar--alt' : ''}`;

  const bars = input.categories.flatMap((category, i) =>
    input.series.map((s, j) => {
      const value = s.values[i] ?? 0;
      const x = PLOT.left + i * groupWidth + groupWidth * 0.1 + j * barWidth;
      const y = input.showZero && value === 0 ? baseline - ZERO_BAR : yOf(value);
      return {
        x: round1(x + 1),
        y: round1(y),
        width: round1(Math.max(1, barWidth - 2)),
        height: round1(baseline - y),
        cls: barClass(s.tones?.[i] ?? s.tone, j),
        title: `${category}, ${s.label}: ${value}`,
        value,
        showLabel: barWidth >= LABEL_MIN_BAR,
        labelX: round1(x + barWidth / 2),
        labelY: round1(y - 4),
      };
    }),
  );
  const every = Math.ceil(input.categories.length / MAX_CATEGORY_LABELS);
  const ticks = Array.from({ length: Math.round(top / step) + 1 }, (_, k) => k * step).map((v) => ({
    y: round1(yOf(v)),
    x1: PLOT.left,
    x2: WIDTH - PLOT.right,
    label: v,
    labelX: PLOT.left - 6,
    labelY: round1(yOf(v) + 4),
  }));
  const describe = (i: number) =>
    input.series.length === 1
      ? `${input.categories[i]}: ${input.series[0].values[i] ?? 0}`
      : `${input.categories[i]}: ${input.series.map((s) => `${s.label} ${s.values[i] ?? 0}`).join(', ')}`;
  return {
    id: input.id,
    caption: input.caption,
    desc: input.categories.length > 0 ? `${input.categories.map((_, i) => describe(i)).join('; ')}.` : 'Nothing to show yet.',
    width: WIDTH,
    height: HEIGHT,
    baseline: { x1: PLOT.left, x2: WIDTH - PLOT.right, y: baseline },
    ticks,
    bars,
    categoryLabels: input.categories
      .map((text, i) => ({ text, x: round1(PLOT.left + (i + 0.5) * groupWidth), y: baseline + 18, shown: i % every === 0 }))
      .filter((l) => l.shown),
    legend: input.series.length > 1 ? input.series.map((s, j) => ({ label: s.label, cls: barClass(s.tone, j) })) : [],
    table: {
      heading: input.categoryHeading ?? 'Category',
      columns: input.series.map((s) => s.label),
      rows: input.categories.map((category, i) => ({ category, values: input.series.map((s) => s.values[i] ?? 0) })),
    },
  };
}

export type BarChartView = ReturnType<typeof barChartView>;

/** A series of a CCG's standing (`subjectStatus().series`) as a chart: one bar per point, each
 *  coloured by the tone its family gave it, on an axis up to the points' maximum. */
export function seriesChart(
  id: string,
  title: string,
  series: { name: string; points: { label: string; value: number; max: number; tone?: OutcomeTone }[] },
) {
  return barChartView({
    id,
    caption: `${title}: ${series.name} by period`,
    categories: series.points.map((p) => p.label),
    series: [
      {
        label: series.name.charAt(0).toUpperCase() + series.name.slice(1),
        values: series.points.map((p) => p.value),
        tones: series.points.map((p) => p.tone),
      },
    ],
    max: Math.max(0, ...series.points.map((p) => p.max)),
    categoryHeading: 'Period',
    showZero: true,
  });
}

/** A family's picture as the home page shows it: figures coloured by tone, its chart laid out. */
export function pictureView(picture: NationalPicture, index: number) {
  const id = `picture-${index}`;
  return {
    id,
    title: picture.title,
    figures: picture.figures.map((f) => ({ ...f, tone: f.tone ?? 'neutral' })),
    chart: picture.chart && picture.chart.categories.length > 0 ? barChartView({ id: `${id}-chart`, ...picture.chart }) : undefined,
    lists: picture.lists ?? [],
  };
}
