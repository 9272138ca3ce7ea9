import { readAuthorisationStatus } from './authorisation-status.js';
import { z } from 'zod';
import { FamilyProblemsError, type FactProblem, type FamilyOutcome, type RuleFamily, type SubjectContext } from '../rules/rule-family.js';
import type { RuleSetDocument } from '../rules/rule-set.schema.js';
import { recordAuthorisation } from './authorisation.records.js';
import {
  AUTH_KEY_LIST,
  AUTH_KEYS,
  conditionRules,
  decideAuthorisation,
  type AuthorisationKey,
  type AuthorisationOutcome,
} from './authorisation.decider.js';
import { authorisationFactsSchema, type AuthorisationFacts } from './authorisation.facts.js';
import { catalogueFor } from './criteria-catalogue.js';
import { authorisationWhatIf } from './authorisation.what-if.js';
import { nationalPicture } from './authorisation.national.js';

/** A wave of the 2012/13 authorisation round, by the calendar year of its decisions:
 *  `2012-W1` (December 2012), `2013-W2` (January), `2013-W3` (February), `2013-W4` (March). */
export const wavePeriodSchema = z.string().regex(/^\d{4}-W[1-4]$/, 'expected a wave like 2012-W1 or 2013-W4');

const WAVE_MONTH: Record<string, string> = { '1': '12', '2': '01', '3': '02', '4': '03' };

export const waveOf = (period: string): number => Number(period.slice(-1));

/** The first day of the wave's decision month: the rule set in force then applies. */
export function wavePeriodDate(period: string): string {
  const p = wavePeriodSchema.parse(period);
  return `${p.slice(0, 4)}-${WAVE_MONTH[p.slice(-1)]}-01`;
}

function checkFacts(facts: AuthorisationFacts, ruleSet: RuleSetDocument): FactProblem[] {
  const catalogue = catalogueFor(ruleSet);
  const known = new Set(catalogue.criteria.map((c) => c.id));
  const gaps = conditionRules(ruleSet.rules);
  const problems: FactProblem[] = [];
  const criteria = facts.criteria ?? {};
  if (facts.deferral) {
    // A deferred application is judged in its later wave, not now.
    if (Object.keys(criteria).length > 0)
      problems.push({ path: 'criteria', message: 'a deferred application carries no findings; submit them in its later wave' });
    return problems;
  }
  for (const [id, finding] of Object.entries(criteria)) {
    if (!known.has(id)) {
      problems.push({ path: `criteria.${id}`, message: `not a criterion of the catalogue (${catalogue.criteria.length} criteria, ids D.N)` });
    } else if (!finding.met && finding.gap !== undefined && !gaps.has(finding.gap)) {
      problems.push({
        path: `criteria.${id}.gap`,
        message: `gap kind "${finding.gap}" is not one ${ruleSet.id} knows (${[...gaps.keys()].join(', ')})`,
      });
    }
  }
  for (const c of catalogue.criteria) {
    if (criteria[c.id] === undefined)
      problems.push({ path: `criteria.${c.id}`, message: `missing: every criterion is judged met or not met (${c.title})` });
  }
  const { from, to } = ruleSet.effective;
  if (facts.assessedOn < from || (to && facts.assessedOn > to)) {
    problems.push({ path: 'assessedOn', message: `outside ${ruleSet.id}'s effective dates ${from} to ${to ?? 'open'}` });
  }
  return problems;
}

/** The criteria met (`criteria.met`, a list a rule can test with `contains`), each unmet one's
 *  `criteria.D.N.gap|domain|title|note`, and the derived counts the rules read: unmet per gap
 *  kind, the share unmet, the gap kinds per domain. One list rather than 119 facts for the met
 *  criteria keeps the stored evaluation small. */
function engineFacts(facts: AuthorisationFacts, _context: SubjectContext, ruleSet: RuleSetDocument): Record<string, unknown> {
  const catalogue = catalogueFor(ruleSet);
  const problems = checkFacts(facts, ruleSet);
  if (problems.length > 0) throw FamilyProblemsError.inFacts(problems);
  const out: Record<string, unknown> = { assessedOn: facts.assessedOn, 'criteria.count': catalogue.criteria.length };
  const byGap: Record<string, number> = Object.fromEntries([...conditionRules(ruleSet.rules).keys()].map((g) => [g, 0]));
  const gapsInDomain: Record<string, Set<string>> = {};
  const unmet: string[] = [];
  const met: string[] = [];
  if (facts.deferral) Object.assign(out, { deferred: true, 'deferral.toWave': facts.deferral.toWave, 'deferral.reason': facts.deferral.reason });
  for (const c of catalogue.criteria) {
    gapsInDomain[c.domain] ??= new Set();
    const finding = facts.criteria?.[c.id];
    if (!finding) continue;
    if (finding.met) {
      met.push(c.id);
      continue;
    }
    unmet.push(c.id);
    const gap = finding.gap ?? '';
    Object.assign(out, {
      [`criteria.${c.id}.gap`]: gap,
      [`criteria.${c.id}.domain`]: c.domain,
      [`criteria.${c.id}.title`]: c.title,
      [`criteria.${c.id}.note`]: finding.note ?? '',
    });
    byGap[gap] += 1;
    gapsInDomain[c.domain].add(gap);
  }
  for (const [gap, n] of Object.entries(byGap)) out[`unmet.byGap.${gap}`] = n;
  for (const [domain, set] of Object.entries(gapsInDomain)) out[`unmet.gapsInDomain.${domain}`] = [...set].sort();
  out['criteria.met'] = met;
  out['unmet.criteria'] = unmet;
  out['unmet.count'] = unmet.length;
  out['unmet.share'] = unmet.length / catalogue.criteria.length;
  return out;
}

const overrideSchema = z.strictObject({ key: z.enum(AUTH_KEY_LIST) });

/** Board staff may issue another outcome than the rules proposed, but not one that contradicts
 *  the conditions (authorised with none left, or directions without a level 4–6 condition). */
function override(proposed: FamilyOutcome<AuthorisationOutcome>, body: Record<string, unknown>): FamilyOutcome<AuthorisationOutcome> {
  const { key } = overrideSchema.parse(body);
  const o = proposed.outcome;
  const fits: Record<AuthorisationKey, boolean> = {
    [AUTH_KEYS.authorised]: o.conditions.length === 0,
    [AUTH_KEYS.conditions]: o.conditions.length > 0 && !o.directions,
    [AUTH_KEYS.directions]: o.directions,
    [AUTH_KEYS.notAuthorised]: proposed.key !== AUTH_KEYS.deferred,
    [AUTH_KEYS.deferred]: false,
  };
  if (!fits[key]) {
    throw new FamilyProblemsError([
      { field: 'key', message: `"${key}" does not fit the ${o.conditions.length} conditions proposed (directions: ${o.directions})` },
    ]);
  }
  return { key, outcome: { ...o, overriddenFrom: { key: o.overriddenFrom?.key ?? proposed.key } } };
}

export const authorisationFamily: RuleFamily<AuthorisationFacts, AuthorisationOutcome> = {
  id: 'authorisation',
  title: 'CCG authorisation',
  subjectStatus: async (code, db) => {
    const detail = await readAuthorisationStatus(db, code);
    const a = detail.authorisation;
    return {
      detail,
      entries: [
        { label: 'Status', value: detail.status.replaceAll('-', ' ') },
        ...(a ? [{ label: 'Decided', value: `wave ${a.wave}, ${a.decidedOn} (${a.outcome.replaceAll('-', ' ')})` }] : []),
        ...(a?.fullyAuthorisedOn ? [{ label: 'Fully authorised', value: a.fullyAuthorisedOn }] : []),
        { label: 'Open conditions', value: `${detail.openConditions}${detail.underDirections ? ', with directions' : ''}` },
        ...(detail.nextDueDate ? [{ label: 'Next condition due', value: detail.nextDueDate }] : []),
      ],
      series: [],
    };
  },
  subjectKind: 'ccg',
  periodSchema: wavePeriodSchema,
  periodDate: wavePeriodDate,
  factsSchema: authorisationFactsSchema,
  engineFacts,
  decide: decideAuthorisation,
  checkFacts,
  whatIf: authorisationWhatIf,
  overrideSchema,
  override,
  issueModes: ['confirm', 'override'],
  summarise: (o) =>
    `${o.conditions.length} conditions${o.directions ? ', with directions' : ''}; ${o.criteriaUnmet} of ${o.criteriaAssessed} criteria unmet`,
  tones: {
    [AUTH_KEYS.authorised]: 'good',
    [AUTH_KEYS.conditions]: 'caution',
    [AUTH_KEYS.directions]: 'concern',
    [AUTH_KEYS.notAuthorised]: 'adverse',
    [AUTH_KEYS.deferred]: 'neutral',
  },
  templates: Object.fromEntries(
    AUTH_KEY_LIST.map((key) => [
      key,
      key === AUTH_KEYS.deferred
        ? 'authorisation/deferral-letter'
        : key === AUTH_KEYS.authorised
          ? 'authorisation/full-authorisation'
          : 'authorisation/decision-letter',
    ]),
  ),
  onIssued: (decision, tx, audit, actor) => recordAuthorisation(decision, tx, audit, actor),
  nationalPicture,
};
