/** What one Quality Premium evaluation contributes to the national picture. */
export interface QpResult {
  maximumPence: number;
  payablePence: number;
}

export interface QpSummary {
  ccgs: number;
  paid: number;
  zero: number;
  maximumPence: number;
  payablePence: number;
  bestFraction: number;
  bands: { label: string; count: number }[];
}

const BANDS: { label: string; test: (f: number) => boolean }[] = [
  { label: 'nothing', test: (f) => f === 0 },
  { label: 'up to 25%', test: (f) => f > 0 && f <= 0.25 },
  { label: '25-50%', test: (f) => f > 0.25 && f <= 0.5 },
  { label: '50-75%', test: (f) => f > 0.5 && f <= 0.75 },
  { label: 'over 75%', test: (f) => f > 0.75 },
];

export function summariseQualityPremium(results: QpResult[]): QpSummary {
  const fractions = results.map((r) => (r.maximumPence > 0 ? r.payablePence / r.maximumPence : 0));
  return {
    ccgs: results.length,
    paid: results.filter((r) => r.payablePence > 0).length,
    zero: results.filter((r) => r.payablePence === 0).length,
    maximumPence: results.reduce((s, r) => s + r.maximumPence, 0),
    payablePence: results.reduce((s, r) => s + r.payablePence, 0),
    bestFraction: Math.max(0, ...fractions),
    bands: BANDS.map((b) => ({ label: b.label, count: fractions.filter(b.test).length })),
  };
}

const millions = (pence: number) => `£${(pence / 100 / 1e6).toFixed(1)}m`;

/** The demo's table, with the real 2013/14 national outcome beside it for comparison. */
export function formatQualityPremiumSummary(s: QpSummary): string {
  const share = s.maximumPence > 0 ? (100 * s.payablePence) / s.maximumPence : 0;
  const rows: [string, string, string][] = [
    ['CCGs assessed', String(s.ccgs), '211'],
    ['CCGs paid', String(s.paid), '183'],
    ['CCGs paid nothing', String(s.zero), '28'],
    ['Maximum available', millions(s.maximumPence), '£269.0m'],
    ['Total payable', millions(s.payablePence), '£86.3m'],
    ['Share of maximum paid', `${share.toFixed(1)}%`, '32.1%'],
    ['Best CCG, share of its maximum', `${(100 * s.bestFraction).toFixed(1)}%`, '87.5%'],
  ];
  const w = [32, 12, 22];
  const line = (c: string[]) => `| ${c.map((x, i) => x.padEnd(w[i])).join(' | ')} |`;
  const rule = `|${w.map((n) => '-'.repeat(n + 2)).join('|')}|`;
  return [
    'Quality Premium 2013/14: proposed decisions (synthetic facts; real outcome for comparison)',
    line(['', 'this run', 'real 2013/14 outcome']),
    rule,
    ...rows.map((r) => line(r)),
    '',
    'Distribution of payable share of maximum:',
    ...s.bands.map((b) => `  ${b.label.padEnd(10)} ${String(b.count).padStart(4)}  ${'#'.repeat(Math.round(b.count / 2))}`),
  ].join('\n');
}
