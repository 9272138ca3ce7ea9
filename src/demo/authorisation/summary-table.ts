import type { AuthorisationSummary } from '../../authorisation/authorisation-summary.js';

/** The summary as a plain-text table (the demo prints it). */
export function formatAuthorisationSummary(s: AuthorisationSummary): string {
  const pad = (v: string | number, n: number) => String(v).padStart(n);
  const lines = [
    `CCG authorisation as of ${s.asOf}: ${s.ccgsDecided} CCGs decided`,
    '',
    'wave   CCGs  without conditions  with conditions  with directions',
    ...s.byWave.map(
      (w) => `${pad(w.wave, 4)}  ${pad(w.ccgs, 5)}  ${pad(w.withoutConditions, 18)}  ${pad(w.withConditions, 15)}  ${pad(w.withDirections, 15)}`,
    ),
    `total  ${pad(
      s.byWave.reduce((a, w) => a + w.ccgs, 0),
      4,
    )}  ${pad(
      s.byWave.reduce((a, w) => a + w.withoutConditions, 0),
      18,
    )}  ${pad(
      s.byWave.reduce((a, w) => a + w.withConditions, 0),
      15,
    )}  ${pad(
      s.byWave.reduce((a, w) => a + w.withDirections, 0),
      15,
    )}`,
    '',
    `on ${s.asOf}: ${s.current.freeOfConditions} free of conditions, ${s.current.withConditions} with conditions, ${s.current.underDirections} under directions`,
    `open conditions: ${s.openConditions}; by domain ${Object.entries(s.openConditionsByDomain)
      .map(([k, v]) => `${k}:${v}`)
      .join(' ')}; by level ${Object.entries(s.openConditionsByLevel)
      .map(([k, v]) => `${k}:${v}`)
      .join(' ')}`,
    `under directions: ${s.ccgsUnderDirections.join(', ') || 'none'}`,
  ];
  return lines.join('\n');
}
