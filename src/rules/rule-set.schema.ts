import { z } from 'zod';
import { calendarDate } from '../common/calendar-date.js';
import { OPERATOR_NAMES } from './operators.js';

/** A day that exists (not 2013-02-30): effective dates are compared as text and stored as dates. */
const isoDate = calendarDate('an ISO date');

const leafCondition = z
  .object({
    fact: z.string().min(1),
    operator: z.string().refine((op) => OPERATOR_NAMES.has(op), { error: 'unknown operator' }),
    value: z.unknown(),
    path: z.string().optional(),
    params: z.record(z.string(), z.unknown()).optional(),
    name: z.string().optional(),
    priority: z.number().int().positive().optional(),
  })
  .strict();

type Condition = z.infer<typeof leafCondition> | { all: Condition[] } | { any: Condition[] } | { not: Condition };

const condition: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    leafCondition,
    z.object({ all: z.array(condition).min(1) }).strict(),
    z.object({ any: z.array(condition).min(1) }).strict(),
    z.object({ not: condition }).strict(),
  ]),
);

const topLevel = z.union([
  z.object({ all: z.array(condition) }).strict(),
  z.object({ any: z.array(condition).min(1) }).strict(),
  z.object({ not: condition }).strict(),
]);

/** Every rule's event cites its source paragraph and gives a human reason: the explanation of a
 *  decision is built from these, never written by hand per case. */
const ruleEvent = z.object({
  type: z.string().min(1),
  params: z.object({ citation: z.string().min(3), reason: z.string().min(3) }).catchall(z.unknown()),
});

export const ruleSchema = z
  .object({
    name: z.string().min(1),
    priority: z.number().int().positive().optional(),
    conditions: topLevel,
    event: ruleEvent,
  })
  .strict();

export const ruleSetSchema = z
  .object({
    $schema: z.string().optional(),
    family: z.string().regex(/^[a-z][a-z0-9-]*$/),
    id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/),
    version: z.string().regex(/^\d+\.\d+\.\d+$/, 'expected a semantic version like 1.0.0'),
    title: z.string().min(3),
    effective: z.object({ from: isoDate, to: isoDate.optional() }).strict(),
    source: z.string().min(3),
    /** Why a version starts inside a period already covered (mandate §1.9). */
    changeReason: z.string().min(3).optional(),
    /** Rule-set-wide numbers (rates, bases) that deciders read instead of hard-coding. */
    parameters: z.record(z.string(), z.unknown()).default({}),
    rules: z.array(ruleSchema).min(1),
  })
  .strict()
  .superRefine((set, ctx) => {
    const seen = new Set<string>();
    set.rules.forEach((rule, i) => {
      if (seen.has(rule.name)) {
        ctx.addIssue({ code: 'custom', path: ['rules', i, 'name'], message: `duplicate rule name "${rule.name}"` });
      }
      seen.add(rule.name);
    });
    // Compared only as two days that exist: a bad date is reported as itself, not as an order.
    const { from, to } = set.effective;
    if (to !== undefined && isoDate.safeParse(from).success && isoDate.safeParse(to).success && to < from) {
      ctx.addIssue({ code: 'custom', path: ['effective', 'to'], message: 'ends before it starts' });
    }
  });

export type RuleDefinition = z.infer<typeof ruleSchema>;
export type RuleSetDocument = z.infer<typeof ruleSetSchema>;
