import { money } from '../common/format.js';
import type { PlainField } from './plain-words.js';
import { z } from 'zod';

/** One input of a family's override form, derived from its override schema. */
export interface OverrideField {
  name: string;
  id: string;
  label: string;
  /** `money`: an integer amount in pence (`…Pence`), typed in pounds (`£250,000.50`). */
  kind: 'number' | 'integer' | 'money' | 'text' | 'boolean' | 'choice' | 'json';
  required: boolean;
  choices?: string[];
  hint?: string;
}

interface JsonSchemaNode {
  type?: string;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  description?: string;
  properties?: Record<string, JsonSchemaNode>;
  required?: string[];
}

/** Splits `payablePence` into "Payable pence" for a label. */
export function labelFor(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function hintFor(node: JsonSchemaNode): string | undefined {
  const parts: string[] = [];
  if (node.description) parts.push(node.description);
  if (typeof node.minimum === 'number' && node.minimum > Number.MIN_SAFE_INTEGER) parts.push(`at least ${node.minimum}`);
  if (typeof node.maximum === 'number' && node.maximum < Number.MAX_SAFE_INTEGER) parts.push(`at most ${node.maximum}`);
  return parts.length ? parts.join('; ') : undefined;
}

/**
 * The fields of a family's override form, read from its zod override schema: one input per
 * top-level property (numbers, text, yes/no, a choice), and JSON for anything nested. A schema
 * that is not an object of properties gets one JSON field for the whole outcome.
 */
export function overrideFields(schema: z.ZodType): OverrideField[] {
  let json: JsonSchemaNode;
  try {
    json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchemaNode;
  } catch {
    json = {};
  }
  if (json.type !== 'object' || !json.properties) {
    return [{ name: 'outcome', id: 'outcome', label: 'Outcome (JSON)', kind: 'json', required: true }];
  }
  const required = new Set(json.required ?? []);
  return Object.entries(json.properties).map(([key, node]) => {
    const base = { name: `outcome.${key}`, id: `outcome-${key}`, label: labelFor(key), required: required.has(key), hint: hintFor(node) };
    if (Array.isArray(node.enum) && node.enum.every((v) => typeof v === 'string')) return { ...base, kind: 'choice', choices: node.enum };
    if (node.type === 'integer' && key.endsWith('Pence')) {
      const pounds = (pence: number | undefined) =>
        typeof pence === 'number' && Math.abs(pence) < Number.MAX_SAFE_INTEGER ? money(pence) : undefined;
      const range = [pounds(node.minimum) && `at least ${pounds(node.minimum)}`, pounds(node.maximum) && `at most ${pounds(node.maximum)}`];
      return {
        ...base,
        label: `${labelFor(key.slice(0, -'Pence'.length))} (£)`,
        kind: 'money',
        hint: ['in pounds, e.g. £250,000.50', ...range].filter(Boolean).join('; '),
      };
    }
    if (node.type === 'integer' || node.type === 'number') return { ...base, kind: node.type };
    if (node.type === 'boolean') return { ...base, kind: 'boolean' };
    if (node.type === 'string') return { ...base, kind: 'text' };
    return { ...base, kind: 'json', hint: [base.hint, 'JSON'].filter(Boolean).join('; ') };
  });
}

/** `£250,000.50` (or `250000.5`) → 25000050 pence; undefined for anything else. */
export function penceFrom(raw: string): number | undefined {
  const plain = raw.replace(/^£/, '').replace(/,/g, '').trim();
  if (!/^\d+(\.\d{1,2})?$/.test(plain)) return undefined;
  const [whole, part = ''] = plain.split('.');
  return Number(whole) * 100 + Number(part.padEnd(2, '0'));
}

const negated = (pence: number | undefined): number | undefined => (pence === undefined ? undefined : -pence);

/** Turns the posted form into the `outcome` object the family's override schema checks. Values
 *  that do not convert are passed on as typed, so the schema's own message names the field. */
export function outcomeFromForm(fields: OverrideField[], form: Record<string, unknown>): unknown {
  const text = (name: string) => (typeof form[name] === 'string' ? form[name].trim() : '');
  const parseJson = (raw: string): unknown => {
    try {
      return JSON.parse(raw);
    } catch {
      return raw;
    }
  };
  if (fields.length === 1 && fields[0].name === 'outcome') return parseJson(text('outcome') || '{}');
  const outcome: Record<string, unknown> = {};
  for (const field of fields) {
    const raw = text(field.name);
    if (raw === '') continue;
    const key = field.name.slice('outcome.'.length);
    // A minus sign is kept, so that the schema's own lower limit (an amount of £0 or more) says what is wrong.
    if (field.kind === 'money') outcome[key] = (/^[-−]/.test(raw) ? negated(penceFrom(raw.slice(1))) : penceFrom(raw)) ?? raw;
    else if (field.kind === 'number' || field.kind === 'integer')
      outcome[key] = /^-?\d+(\.\d+)?$/.test(raw.replace(/,/g, '')) ? Number(raw.replace(/,/g, '')) : raw;
    else if (field.kind === 'boolean') outcome[key] = raw === 'true' ? true : raw === 'false' ? false : raw;
    else if (field.kind === 'json') outcome[key] = parseJson(raw);
    else outcome[key] = raw;
  }
  return outcome;
}

/**
 * The override form's fields as their messages name them. Money is an amount in pounds (the one
 * amount: `an amount`); a choice among the family's outcome keys is what the Board decides.
 */
export function plainFields(fields: readonly OverrideField[], isOutcomeKey: (key: string) => boolean): Map<string, PlainField> {
  const amounts = fields.filter((f) => f.kind === 'money').length;
  return new Map(
    fields.map((f): [string, PlainField] => {
      // `Payable (£)` → `payable`, `a payable`.
      const words = f.label.replace(/\s*\(.*\)$/, '').toLowerCase();
      const noun = `${/^[aeiou]/.test(words) ? 'an' : 'a'} ${words}`;
      switch (f.kind) {
        case 'money':
          return [f.name, { kind: 'money', noun: amounts > 1 ? `the ${words} amount` : 'an amount' }];
        case 'choice':
          return [
            f.name,
            f.choices?.length && f.choices.every(isOutcomeKey)
              ? { kind: 'choice', missing: 'Choose what the Board decides' }
              : { kind: 'choice', noun },
          ];
        case 'boolean':
          return [f.name, { kind: 'boolean', missing: `Choose yes or no for ${words}` }];
        case 'json':
          return [f.name, { kind: 'json' }];
        default:
          return [f.name, { kind: f.kind, noun }];
      }
    }),
  );
}
