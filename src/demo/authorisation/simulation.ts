import { mulberry32 } from '../seeded-random.js';
import type { AuthorisationFacts } from '../../authorisation/authorisation.facts.js';
import type { CriteriaCatalogue } from '../../authorisation/criteria-catalogue.js';

/*
 * A deterministic simulation of the 2012/13 authorisation round over the 211 CCGs, shaped on the
 * published figures: 34/67/62/48 CCGs in waves 1–4; 43 without conditions, 168 with, 15 of them
 * with directions (the named CCGs); then the March and July 2013 reviews, after which 152 were
 * free of conditions, 59 had conditions and 8 were under directions. It only writes facts
 * (findings per criterion, review findings per condition): the outcomes come from the rules.
 * Everything not published (which criteria, which gap kinds, which CCGs were freed when) is
 * drawn from a fixed seed.
 */

export const WAVES = [
  { wave: 1, period: '2012-W1', assessedOn: '2012-12-18', ccgs: 34, withoutConditions: 8, withDirections: 0 },
  { wave: 2, period: '2013-W2', assessedOn: '2013-01-30', ccgs: 67, withoutConditions: 19, withDirections: 3 },
  { wave: 3, period: '2013-W3', assessedOn: '2013-02-27', ccgs: 62, withoutConditions: 6, withDirections: 5 },
  { wave: 4, period: '2013-W4', assessedOn: '2013-03-27', ccgs: 48, withoutConditions: 10, withDirections: 7 },
] as const;

export const REVIEW_ROUNDS = [
  { round: 'march', period: '2013-03', reviewedOn: '2013-03-28' },
  { round: 'july', period: '2013-07', reviewedOn: '2013-07-31' },
] as const;
export type ReviewRound = (typeof REVIEW_ROUNDS)[number]['round'];

/** Published: the eight wave-1 CCGs authorised without conditions. */
const WAVE1_FREE = ['02Q', '06M', '08J', '04C', '00Y', '11X', '02E', '02F'];
/** Published: the fifteen authorised with conditions and directions, by wave. */
const DIRECTIONS: Record<string, number> = {
  '04G': 2,
  '06N': 2,
  '09W': 2,
  '09F': 3,
  '08M': 3,
  '05F': 3,
  '03M': 3,
  '03Q': 3,
  '99E': 4,
  '07V': 4,
  '09L': 4,
  '07X': 4,
  '99K': 4,
  '07G': 4,
  '08W': 4,
};
/** Published: still under directions after July 2013 (with Barnet, whose directions came later). */
const STILL_UNDER_DIRECTIONS = new Set(['99E', '07V', '05F', '03M', '07G', '03Q', '08W']);
/** Thurrock and Waltham Forest: functions limited and the accountable officer to be replaced. */
const FUNCTIONS_AND_LEADER = new Set(['07G', '08W']);
const BARNET = '07M';
const DARTFORD = '09J';
const PORTSMOUTH = '10R';
const LIVERPOOL = '99A';
/** Published totals after the July 2013 review, and how many were freed by the March one (ours). */
const FREED_IN_MARCH = 40;
const FREED_IN_JULY = 69;

export type Fate = 'free' | 'freed-march' | 'freed-july' | 'keeps-conditions' | 'keeps-directions' | 'loses-directions' | 'directions-added';
export type Gap = 'missing-evidence' | 'expertise-gap' | 'decision-risk' | 'capacity-gap' | 'function-gap' | 'leadership-failure';

export interface SimulatedCcg {
  odsCode: string;
  wave: number;
  period: string;
  assessedOn: string;
  fate: Fate;
  unmet: { criterion: string; gap: Gap }[];
}

const hash = (s: string, seed: number) => [...s].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0, 2166136261 ^ seed);

/** Most conditions fell in domain 3, then 1 and 4 (published); the weights are ours. */
const DOMAIN_WEIGHTS: [number, number][] = [
  [3, 0.38],
  [1, 0.22],
  [4, 0.18],
  [2, 0.08],
  [5, 0.07],
  [6, 0.07],
];
const LOW_GAPS: [Gap, number][] = [
  ['missing-evidence', 0.5],
  ['expertise-gap', 0.3],
  ['decision-risk', 0.2],
];

function pick<T>(rand: () => number, weighted: [T, number][]): T {
  let r = rand() * weighted.reduce((a, [, w]) => a + w, 0);
  for (const [v, w] of weighted) if ((r -= w) < 0) return v;
  return weighted[weighted.length - 1][0];
}

function drawUnmet(rand: () => number, catalogue: CriteriaCatalogue, count: number, taken: Set<string>, gap: () => Gap, domains = DOMAIN_WEIGHTS) {
  const out: { criterion: string; gap: Gap }[] = [];
  for (let guard = 0; out.length < count && guard < 10_000; guard++) {
    const domain = pick(rand, domains);
    const inDomain = catalogue.criteria.filter((c) => c.domain === domain && !taken.has(c.id));
    if (inDomain.length === 0) continue;
    const c = inDomain[Math.floor(rand() * inDomain.length)];
    taken.add(c.id);
    out.push({ criterion: c.id, gap: gap() });
  }
  return out;
}

/** Assigns every CCG of the register a wave, an outcome shape and a fate in the reviews. */
export function simulateAuthorisationRound(odsCodes: string[], catalogue: CriteriaCatalogue, seed = 2013): SimulatedCcg[] {
  const total = WAVES.reduce((a, w) => a + w.ccgs, 0);
  if (odsCodes.length !== total) throw new Error(`the simulation needs the ${total} CCGs of April 2013, got ${odsCodes.length}`);
  const known = new Set(odsCodes);
  for (const code of [...WAVE1_FREE, ...Object.keys(DIRECTIONS), BARNET, DARTFORD, PORTSMOUTH, LIVERPOOL]) {
    if (!known.has(code)) throw new Error(`named CCG ${code} is not in the register`);
  }
  const order = [...odsCodes].sort((a, b) => hash(a, seed) - hash(b, seed) || a.localeCompare(b));

  // Waves: named CCGs first where published, the rest in seeded order.
  const waveOf = new Map<string, number>();
  const kindOf = new Map<string, 'free' | 'conditions' | 'directions'>();
  const place = (code: string, wave: number, kind: 'free' | 'conditions' | 'directions') => {
    waveOf.set(code, wave);
    kindOf.set(code, kind);
  };
  for (const code of WAVE1_FREE) place(code, 1, 'free');
  for (const [code, wave] of Object.entries(DIRECTIONS)) place(code, wave, 'directions');
  const fixedConditions: [string, number][] = [
    [PORTSMOUTH, 1],
    [BARNET, 2],
    [DARTFORD, 2],
    [LIVERPOOL, 4],
  ];
  for (const [code, wave] of fixedConditions) place(code, wave, 'conditions');
  const rest = order.filter((c) => !waveOf.has(c));
  for (const w of WAVES) {
    const inWave = () => [...waveOf.entries()].filter(([, v]) => v === w.wave).map(([c]) => c);
    const free = () => inWave().filter((c) => kindOf.get(c) === 'free').length;
    while (free() < w.withoutConditions) {
      const c = rest.shift()!;
      waveOf.set(c, w.wave);
      kindOf.set(c, 'free');
    }
    while (inWave().length < w.ccgs) {
      const c = rest.shift()!;
      waveOf.set(c, w.wave);
      kindOf.set(c, 'conditions');
    }
  }

  // Fates of the CCGs with conditions but no directions: some freed in March (waves 1–2 only:
  // the later waves' conditions were not yet due), more in July, the rest keep conditions.
  const plain = order.filter((c) => kindOf.get(c) === 'conditions' && c !== BARNET && c !== DARTFORD);
  const fate = new Map<string, Fate>();
  const early = plain.filter((c) => (waveOf.get(c) ?? 0) <= 2).slice(0, FREED_IN_MARCH);
  for (const c of early) fate.set(c, 'freed-march');
  for (const c of plain.filter((c) => !fate.has(c)).slice(0, FREED_IN_JULY)) fate.set(c, 'freed-july');
  for (const c of plain.filter((c) => !fate.has(c))) fate.set(c, 'keeps-conditions');
  fate.set(DARTFORD, 'keeps-conditions');
  fate.set(BARNET, 'directions-added');
  for (const c of Object.keys(DIRECTIONS)) fate.set(c, STILL_UNDER_DIRECTIONS.has(c) ? 'keeps-directions' : 'loses-directions');
  for (const c of order) if (kindOf.get(c) === 'free') fate.set(c, 'free');

  return [...odsCodes].sort().map((odsCode) => {
    const wave = WAVES[(waveOf.get(odsCode) ?? 0) - 1];
    const rand = mulberry32(hash(odsCode, seed));
    const taken = new Set<string>();
    const low = () => pick(rand, LOW_GAPS);
    let unmet: { criterion: string; gap: Gap }[] = [];
    const kind = kindOf.get(odsCode);
    if (kind === 'conditions') {
      const n = odsCode === DARTFORD ? 22 : 1 + Math.floor(rand() * 9);
      unmet = drawUnmet(rand, catalogue, n, taken, low);
      if (odsCode === BARNET) {
        // The condition whose escalation brought directions in July 2013: a level-3 decision risk.
        taken.add('4.9');
        unmet.push({ criterion: '4.9', gap: 'decision-risk' });
      }
    } else if (kind === 'directions') {
      unmet = drawUnmet(rand, catalogue, 2 + Math.floor(rand() * 6), taken, low);
      unmet.push(...drawUnmet(rand, catalogue, 1 + Math.floor(rand() * 2), taken, () => 'capacity-gap'));
      if (FUNCTIONS_AND_LEADER.has(odsCode)) {
        unmet.push(...drawUnmet(rand, catalogue, 1, taken, () => 'function-gap', [[3, 1]]));
        unmet.push(...drawUnmet(rand, catalogue, 1, taken, () => 'leadership-failure', [[6, 1]]));
      }
    }
    unmet.sort((a, b) => a.criterion.localeCompare(b.criterion, 'en', { numeric: true }));
    return { odsCode, wave: wave.wave, period: wave.period, assessedOn: wave.assessedOn, fate: fate.get(odsCode)!, unmet };
  });
}

/** The facts of a simulated CCG's application: every criterion judged, the unmet ones with a gap and a note. */
export function applicationFacts(ccg: SimulatedCcg, catalogue: CriteriaCatalogue): AuthorisationFacts {
  const unmet = new Map(ccg.unmet.map((u) => [u.criterion, u.gap]));
  const criteria: AuthorisationFacts['criteria'] = {};
  for (const c of catalogue.criteria) {
    const gap = unmet.get(c.id);
    criteria[c.id] = gap ? { met: false, gap, note: `Simulated finding: ${c.title.toLowerCase()} (${gap})` } : { met: true };
  }
  return { assessedOn: ccg.assessedOn, criteria };
}

/** Published: Liverpool was deferred from wave 1 to wave 4 (the deferral is an application of
 *  its own in wave 1, decided "deferred"; its wave-4 application is decided on the criteria). */
export const DEFERRALS = [{ odsCode: LIVERPOOL, period: '2012-W1', assessedOn: '2012-12-18', toWave: '2013-W4' }] as const;

export function deferralFacts(d: (typeof DEFERRALS)[number]): AuthorisationFacts {
  return { assessedOn: d.assessedOn, deferral: { toWave: d.toWave, reason: 'Simulated: the CCG asked to apply in a later wave' } };
}

export interface OpenCondition {
  id: string;
  criterion: string;
  level: number;
}

export type ReviewFinding = { status: 'discharged' | 'progressing' | 'not-progressing'; evidence: string };

/** A CCG's review findings in a round, or undefined when it is not reviewed in that round. */
export function reviewFindings(ccg: SimulatedCcg, round: ReviewRound, open: OpenCondition[]): Record<string, ReviewFinding> | undefined {
  if (open.length === 0) return undefined;
  if (round === 'march' && ccg.wave > 2) return undefined;
  const finding = (status: ReviewFinding['status']): ReviewFinding => ({
    status,
    evidence:
      status === 'discharged'
        ? 'Simulated: evidence that the criterion is now met'
        : status === 'progressing'
          ? 'Simulated: action plan on track'
          : 'Simulated: no progress since the decision',
  });
  const out: Record<string, ReviewFinding> = {};
  open.forEach((c, i) => {
    let status: ReviewFinding['status'] = 'progressing';
    if (round === 'march') {
      if (ccg.fate === 'freed-march') status = 'discharged';
    } else {
      switch (ccg.fate) {
        case 'freed-july':
        case 'freed-march':
          status = 'discharged';
          break;
        case 'keeps-conditions':
          status = i === 0 ? 'progressing' : 'discharged';
          break;
        case 'loses-directions':
          status = c.level >= 4 ? 'discharged' : 'progressing';
          break;
        case 'directions-added':
          status = c.criterion === '4.9' ? 'not-progressing' : 'progressing';
          break;
        default:
          status = 'progressing';
      }
    }
    out[c.id] = finding(status);
  });
  return out;
}
