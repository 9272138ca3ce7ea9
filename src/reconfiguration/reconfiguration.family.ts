import { flattenFacts } from '../rules/flatten-facts.js';
import { z } from 'zod';
import type { PrismaService } from '../prisma/prisma.service.js';
import { FamilyProblemsError, type FactProblem, type RuleFamily, type SubjectContext } from '../rules/rule-family.js';
import type { RuleSetDocument } from '../rules/rule-set.schema.js';
import { ASSURANCE_KEYS } from './reconfiguration.assurance.js';
import { decideReconfiguration, type ReconfigurationOutcome } from './reconfiguration.decider.js';
import { calendarDate } from '../common/calendar-date.js';
import { assuranceDateProblems, commissionersOf, reconfigurationFactsSchema, type ReconfigurationFacts } from './reconfiguration.facts.js';
import { onReconfigurationIssued } from './reconfiguration.issued.js';
import { applyPanelResults, panelOverrideSchema } from './reconfiguration.panel.js';
import { reconfigurationWhatIf } from './reconfiguration.what-if.js';

/** The stage 2 assurance date of the proposal (ISO). The rule set in force on that date applies:
 *  recon-2013 up to 31 March 2017, recon-2017 (with the bed-closure test) from 1 April 2017. */
const periodSchema = calendarDate('the assurance date');

/** A proposal reference such as `RCF-2013-001`. */
export const proposalRefSchema = z.string().regex(/^[A-Z][A-Z0-9]{1,9}-\d{4}-\d{3,4}$/, 'expected a proposal reference such as RCF-2013-001');

/** What `loadContext` reads from the register: the name of every CCG the proposal names. */
const contextSchema = z.object({ ccgNames: z.record(z.string(), z.string()) });
type ReconfigurationContext = z.infer<typeof contextSchema>;

/** Every CCG the proposal names must be in the register; a wrong code is named by its field. */
async function loadContext(
  input: { subject: string; period: string; facts: ReconfigurationFacts },
  db: PrismaService,
): Promise<ReconfigurationContext> {
  const ref = proposalRefSchema.safeParse(input.subject);
  if (!ref.success) throw new FamilyProblemsError([{ field: 'subject', message: ref.error.issues[0]?.message ?? 'invalid' }]);
  const dates = assuranceDateProblems(input.facts, input.period, new Date().toISOString().slice(0, 10));
  if (dates.length > 0) throw new FamilyProblemsError(dates);
  const codes = commissionersOf(input.facts);
  const found = await db.ccg.findMany({ where: { odsCode: { in: codes } }, select: { odsCode: true, name: true } });
  const names = new Map(found.map((c) => [c.odsCode, c.name]));
  const problems: FactProblem[] = [];
  if (!names.has(input.facts.leadCcg)) problems.push({ path: 'leadCcg', message: `${input.facts.leadCcg} is not a CCG in the register` });
  input.facts.affectedCcgs.forEach((code, i) => {
    if (!names.has(code)) problems.push({ path: `affectedCcgs.${i}`, message: `${code} is not a CCG in the register` });
  });
  if (problems.length > 0) throw FamilyProblemsError.inFacts(problems);
  return { ccgNames: Object.fromEntries(names) };
}

function engineFacts(facts: ReconfigurationFacts, context: SubjectContext, _ruleSet: RuleSetDocument): Record<string, unknown> {
  // Without the register (scenario fixtures) a CCG is shown by its code.
  const parsed = contextSchema.safeParse(context.family);
  const names = parsed.success ? parsed.data.ccgNames : {};
  const named = (code: string) => ({ code, name: names[code] ?? code });
  const byCcg = new Map((facts.commissionerSupport ?? []).map((r) => [r.ccg, r]));
  const resolutions = commissionersOf(facts).map((code) => {
    const r = byCcg.get(code);
    return {
      ...named(code),
      position: r?.position ?? 'no resolution',
      ...(r ? { resolutionDate: r.resolutionDate } : {}),
      ...(r?.reference ? { reference: r.reference } : {}),
      ...(r?.conditions ? { conditions: r.conditions } : {}),
    };
  });
  const count = (position: string) => resolutions.filter((r) => r.position === position).length;
  const { commissionerSupport: _resolutions, ...rest } = facts;
  return {
    ...flattenFacts(rest),
    'proposal.leadCcg': named(facts.leadCcg),
    'proposal.affectedCcgs': facts.affectedCcgs.map(named),
    // Counts over the commissioners, so that rules can say "every commissioner supports".
    'commissioners.total': resolutions.length,
    'commissioners.withoutResolution': count('no resolution'),
    'commissioners.notSupporting': count('does-not-support'),
    'commissioners.withConditions': count('supports-with-conditions'),
    'commissioners.resolutions': resolutions,
  };
}

export const reconfigurationFamily: RuleFamily<ReconfigurationFacts, ReconfigurationOutcome> = {
  id: 'reconfiguration',
  title: 'Service reconfiguration assurance',
  subjectKind: 'reference',
  periodSchema,
  periodDate: (period) => periodSchema.parse(period),
  factsSchema: reconfigurationFactsSchema,
  engineFacts,
  decide: decideReconfiguration,
  loadContext,
  overrideSchema: panelOverrideSchema,
  override: (proposed, body) => applyPanelResults(proposed, body),
  onIssued: onReconfigurationIssued,
  // The stage 2 panel judges each test and issues the report (reconfiguration.service).
  issueModes: ['panel'],
  tones: { assured: 'good', 'assured-with-actions': 'caution', 'more-evidence-needed': 'concern', 'not-assured': 'adverse' },
  departures: (issued) => issued.outcome.differences ?? [],
  whatIf: reconfigurationWhatIf,
  // The panel judges and issues on the proposal's own page (console/proposals-pages.controller).
  console: {
    nav: [{ href: '/console/proposals', label: 'Proposals', roles: ['board', 'panel', 'auditor', 'admin'] }],
    reviewPath: (subject) => `/console/proposals/${encodeURIComponent(subject)}`,
  },
  templates: Object.fromEntries(ASSURANCE_KEYS.map((key) => [key, 'reconfiguration/assurance-report'])),
};
