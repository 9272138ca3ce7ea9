// Generators of malformed JSON request bodies for property-based tests: a valid body with one
// thing made wrong at a generated place, so that every body generated is one the API must refuse.
import fc from 'fast-check';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Path = (string | number)[];

/** What was made wrong, and where. `key` adds a key to the object at `path`. */
export type Mutation =
  { kind: 'raw'; path: Path; raw: string } | { kind: 'value'; path: Path; value: Json } | { kind: 'key'; path: Path; key: string; value: Json };

const deep = (depth: number, open: string, leaf: string, close: string): string => open.repeat(depth) + leaf + close.repeat(depth);

/** JSON texts JSON.stringify never writes: numbers beyond double range (parsed as ±Infinity),
 *  2^53 + 1 (beyond any count or percentage), nesting 10,000 levels deep. */
export const RAW_POISONS = [
  '1e309',
  '-1e309',
  '1e400',
  '-123456789e999',
  '9007199254740993',
  deep(10_000, '[', '', ']'),
  deep(12_000, '{"a":', '1', '}'),
];

/** Characters PostgreSQL cannot keep in jsonb or text: NUL and unpaired UTF-16 surrogates. */
export const BAD_CHARACTERS = ['\u0000', '\ud800', '\udbff', '\udc00', '\udfff'];

export const badString = fc
  .tuple(fc.string({ maxLength: 6 }), fc.constantFrom(...BAD_CHARACTERS), fc.string({ maxLength: 6 }))
  .map(([before, bad, after]) => before + bad + after);

const jsonType = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/** Every path in a value, the root (`[]`) first. */
export function pathsOf(value: Json, at: Path = []): Path[] {
  const children: Path[] = Array.isArray(value)
    ? value.flatMap((v, i) => pathsOf(v, [...at, i]))
    : value !== null && typeof value === 'object'
      ? Object.entries(value).flatMap(([k, v]) => pathsOf(v, [...at, k]))
      : [];
  return [at, ...children];
}

function valueAt(value: Json, path: Path): Json {
  return path.reduce<Json>((v, k) => (v as Record<string | number, Json>)[k], value);
}

/** One mutation of `base`: a raw poison, a bad string or a value of another JSON type anywhere,
 *  or a key the schemas do not know (or may never accept) added to any object. */
export function mutationOf(base: Json): fc.Arbitrary<Mutation> {
  const paths = pathsOf(base);
  const objects = paths.filter((p) => jsonType(valueAt(base, p)) === 'object');
  const anyValue = fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>;
  const key = fc.oneof(
    fc.string({ minLength: 1, maxLength: 10 }).map((s) => `unknown_${s}`),
    badString,
    fc.constantFrom('__proto__', 'constructor', 'prototype'),
  );
  return fc.oneof(
    fc.record({ kind: fc.constant('raw' as const), path: fc.constantFrom(...paths), raw: fc.constantFrom(...RAW_POISONS) }),
    fc.constantFrom(...paths).chain((path) => {
      const type = jsonType(valueAt(base, path));
      const other = anyValue.filter((v) => jsonType(v) !== type);
      return fc.record({ kind: fc.constant('value' as const), path: fc.constant(path), value: fc.oneof(badString, other) });
    }),
    fc.record({ kind: fc.constant('key' as const), path: fc.constantFrom(...objects), key, value: anyValue }),
  );
}

const MARKER = '__malformed_input_marker__';

/** The request body text for a mutation of `base`. */
export function render(base: Json, m: Mutation): string {
  const root = { body: structuredClone(base) };
  const parentPath: Path = ['body', ...m.path];
  if (m.kind === 'key') {
    // defineProperty, so that `__proto__` becomes a key of its own rather than the prototype.
    Object.defineProperty(valueAt(root as unknown as Json, parentPath), m.key, {
      value: m.value,
      enumerable: true,
      configurable: true,
      writable: true,
    });
  } else {
    const parent = valueAt(root, parentPath.slice(0, -1)) as Record<string | number, Json>;
    parent[parentPath[parentPath.length - 1]] = m.kind === 'raw' ? MARKER : m.value;
  }
  const text = JSON.stringify(root.body);
  return m.kind === 'raw' ? text.split(JSON.stringify(MARKER)).join(m.raw) : text;
}

/** The dotted field a refusal should name (or name a part of): `facts.measures.N2`. */
export const fieldOf = (path: Path): string => path.join('.');

/** Whether a field named in an answer is the mutated one, inside it, or one that contains it. */
export function related(named: string, expected: string): boolean {
  const a = named === '(body)' ? '' : named;
  // The whole body is only the right answer when the whole body was made wrong.
  if (expected === '' || a === expected) return true;
  if (a === '') return false;
  return a.startsWith(`${expected}.`) || expected.startsWith(`${a}.`);
}

/** Every field an error answer names: its own issues, and a batch's per-item issues (relative
 *  to their item, so given here with `items.<index>.` in front). */
export function namedFields(body: unknown): string[] {
  const b = (body ?? {}) as { issues?: { field?: unknown }[]; results?: { index: number; issues?: { field?: unknown }[] }[] };
  const own = (b.issues ?? []).map((i) => i.field).filter((f): f is string => typeof f === 'string' && f !== '');
  const items = (b.results ?? []).flatMap((r) =>
    (r.issues ?? []).map((i) => (typeof i.field === 'string' ? (i.field === '(body)' ? `items.${r.index}` : `items.${r.index}.${i.field}`) : '')),
  );
  return [...own, ...items.filter(Boolean)];
}
