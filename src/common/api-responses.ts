import { z } from 'zod';

/**
 * The bodies the main write routes answer with, as zod schemas: the OpenAPI document shows them,
 * the services type their answers with them, and an e2e test parses real answers with them, so
 * the three cannot drift apart.
 */
export const errorBodySchema = z.strictObject({
  statusCode: z.number().int(),
  /** A code (`INVALID_FACTS`, `DECISION_STANDS`, `ISSUE_MODE` …) or the HTTP error's name. */
  error: z.string(),
  message: z.union([z.string(), z.array(z.string())]),
  issues: z.array(z.strictObject({ field: z.string(), message: z.string() })).optional(),
  details: z.record(z.string(), z.unknown()).optional(),
});

export const assessmentAcceptedSchema = z.strictObject({
  id: z.uuid(),
  status: z.literal('queued'),
  links: z.strictObject({ self: z.string() }),
});

export const batchResultSchema = z.strictObject({
  queued: z.number().int(),
  rejected: z.number().int(),
  results: z.array(
    z.strictObject({
      index: z.number().int(),
      id: z.uuid().optional(),
      status: z.enum(['queued', 'rejected']),
      statusCode: z.number().int(),
      message: z.string().optional(),
      issues: z.array(z.strictObject({ field: z.string(), message: z.string() })).optional(),
    }),
  ),
});

export const issuedDecisionSchema = z.strictObject({
  id: z.uuid(),
  status: z.literal('issued'),
  key: z.string(),
  overridden: z.boolean(),
  document: z.string(),
});
export type IssuedDecisionBody = z.infer<typeof issuedDecisionSchema>;

const beforeAfter = z.strictObject({ before: z.number().int(), after: z.number().int() });
const figures = z.record(z.string(), z.number().nullable());
const simulationCounts = { subjects: z.number().int(), evaluated: z.number().int(), changed: z.number().int(), notEvaluable: z.number().int() };

/** A simulation run of a candidate rule set (src/rule-changes): what stands now against what the
 *  candidate would propose, per subject and period, per rule and in total. */
export const simulationRunSchema = z.strictObject({
  id: z.uuid(),
  family: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  candidate: z.strictObject({
    hash: z.string(),
    id: z.string(),
    version: z.string(),
    title: z.string(),
    effective: z.strictObject({ from: z.string(), to: z.string().optional() }),
  }),
  /** The rule-set versions the decisions that stand rest on. */
  baselineHashes: z.array(z.string()),
  periods: z.array(z.string()),
  counts: z.strictObject({ ...simulationCounts, ms: z.number() }),
  totals: z.strictObject({
    ...simulationCounts,
    keys: z.record(z.string(), beforeAfter),
    figures: z.record(
      z.string(),
      z.union([
        z.strictObject({
          label: z.string(),
          total: z.literal('sum'),
          unit: z.literal('pence').optional(),
          before: z.number(),
          after: z.number(),
          difference: z.number(),
          atZero: z.strictObject({ before: z.number().int(), after: z.number().int(), newly: z.number().int() }),
        }),
        z.strictObject({ label: z.string(), total: z.literal('level'), values: z.record(z.string(), beforeAfter) }),
      ]),
    ),
  }),
  rules: z.array(z.strictObject({ rule: z.string(), before: z.number().int(), after: z.number().int(), inCandidate: z.boolean() })),
  rows: z.array(
    z.strictObject({
      subject: z.string(),
      period: z.string(),
      assessmentId: z.uuid(),
      baseline: z.strictObject({
        source: z.enum(['issued', 'proposed']),
        decisionId: z.uuid(),
        overridden: z.boolean(),
        ruleSetHash: z.string(),
        key: z.string(),
        figures,
      }),
      candidate: z.strictObject({ key: z.string(), figures }).nullable(),
      problems: z.array(z.string()).optional(),
      changed: z.boolean(),
      difference: figures,
      rules: z.strictObject({ nowFiring: z.array(z.string()), noLongerFiring: z.array(z.string()) }),
    }),
  ),
  links: z.strictObject({ self: z.string(), csv: z.string() }),
});
export type SimulationRunBody = z.infer<typeof simulationRunSchema>;

const fieldChange = z.strictObject({ path: z.string(), from: z.unknown().optional(), to: z.unknown().optional() });
const conditionLeaf = z.strictObject({
  at: z.string(),
  pointer: z.string(),
  fact: z.string(),
  operator: z.string(),
  value: z.unknown(),
  path: z.string().optional(),
  params: z.record(z.string(), z.unknown()).optional(),
});
const ruleSummary = z.strictObject({
  name: z.string(),
  pointer: z.string(),
  event: z.string(),
  citation: z.string(),
  reason: z.string(),
  conditions: z.array(conditionLeaf),
  params: z.record(z.string(), z.unknown()),
});
const diffSide = z.strictObject({
  hash: z.string(),
  kind: z.enum(['stored', 'candidate']),
  family: z.string(),
  id: z.string(),
  version: z.string(),
  title: z.string(),
  effective: z.strictObject({ from: z.string(), to: z.string().optional() }),
});

/** What changed from one rule-set version to another: rules added, removed and changed (thresholds
 *  and params side by side, with the citation), parameters and header fields, by JSON pointer. */
export const ruleSetDiffSchema = z.strictObject({
  from: diffSide,
  to: diffSide,
  header: z.array(fieldChange),
  parameters: z.array(fieldChange),
  rules: z.strictObject({
    added: z.array(ruleSummary),
    removed: z.array(ruleSummary),
    changed: z.array(
      z.strictObject({
        name: z.string(),
        pointer: z.strictObject({ from: z.string(), to: z.string() }),
        citation: z.strictObject({ from: z.string(), to: z.string() }),
        thresholds: z.array(
          z.strictObject({ at: z.string(), pointer: z.string(), fact: z.string(), operator: z.string(), from: z.unknown(), to: z.unknown() }),
        ),
        conditions: z.array(z.strictObject({ at: z.string(), from: conditionLeaf.optional(), to: conditionLeaf.optional() })),
        params: z.array(z.strictObject({ name: z.string(), from: z.unknown().optional(), to: z.unknown().optional() })),
        event: z.strictObject({ from: z.string(), to: z.string() }).optional(),
        priority: z.strictObject({ from: z.number(), to: z.number() }).optional(),
      }),
    ),
    unchanged: z.number().int(),
  }),
  identical: z.boolean(),
});

const takenOverSchema = z.strictObject({ hash: z.string(), source: z.string(), id: z.string(), version: z.string() });

/** A rule-set proposal on its way to being published (src/rule-changes/rule-set-proposals.service.ts). */
export const ruleSetProposalSchema = z.strictObject({
  id: z.uuid(),
  family: z.string(),
  /** The content hash of the candidate as proposed: a simulation run of this hash is needed to publish. */
  hash: z.string(),
  ruleSet: z.strictObject({
    id: z.string(),
    version: z.string(),
    title: z.string(),
    effective: z.strictObject({ from: z.string(), to: z.string().optional() }),
  }),
  changeReason: z.string().nullable(),
  status: z.enum(['proposed', 'approved', 'published', 'withdrawn']),
  proposedBy: z.string(),
  proposedAt: z.string(),
  approvedBy: z.string().nullable(),
  approvedAt: z.string().nullable(),
  approvalNote: z.string().nullable(),
  publishedBy: z.string().nullable(),
  publishedAt: z.string().nullable(),
  withdrawnBy: z.string().nullable(),
  withdrawnAt: z.string().nullable(),
  withdrawnReason: z.string().nullable(),
  /** The latest simulation run of exactly this content. */
  simulationRunId: z.uuid().nullable(),
  /** Once published: the versions it was published over (same id, or overlapping dates). */
  takesOver: z.array(takenOverSchema).nullable(),
  /** The candidate rule set as proposed (one proposal only, not in the list). */
  candidate: z.record(z.string(), z.unknown()).optional(),
  links: z.strictObject({ self: z.string(), simulation: z.string().nullable(), ruleSet: z.string().nullable() }),
});
export type RuleSetProposalBody = z.infer<typeof ruleSetProposalSchema>;

export const ruleSetProposalListSchema = z.strictObject({ items: z.array(ruleSetProposalSchema) });
