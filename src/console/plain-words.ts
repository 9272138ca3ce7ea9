import { number } from '../common/format.js';

/*
 * The console's refusals in plain words (the GOV.UK and NHS.UK error message style: say what to
 * do, name the field, no codes). The API's messages stay as zod words them, so API clients and
 * their tests read the same text as ever; only the console translates. A zod message is read back
 * into the issue it came from (its code, the type expected and received, the limit broken), and
 * told again in words for the field it is about: money in pounds, a choice as something to
 * choose, a limit of characters as such.
 */

/** What a form's field takes, as its messages need to know it. `money`: pence to the API, typed
 *  and told in pounds. `json`: a value inside a JSON document (a rule set, an outcome typed as
 *  JSON), described rather than asked for. `hidden`: a field of the page's own, not the user's. */
export type FieldKind = 'text' | 'money' | 'number' | 'integer' | 'choice' | 'boolean' | 'date' | 'list' | 'json' | 'hidden';

/** A field as its error messages name it. */
export interface PlainField {
  /** The field as a sentence names it, with its article: `a name`, `an amount`, `the last period`.
   *  None: sentences that need no name (`Enter at least 3 characters`). */
  noun?: string;
  kind?: FieldKind;
  /** One sentence for a value that is missing or not one the field takes, where the generic one
   *  would mislead or read badly: `Choose what the Board decides`. */
  missing?: string;
  /** A good value, shown after `like`: `2013/14`. */
  example?: string;
}

/** A zod issue as its message tells it (zod 4's English messages, src/common/validation.ts). */
export type ZodIssueFacts =
  | { code: 'invalid_type'; expected: string; received: string }
  | { code: 'invalid_value'; values: string[] }
  | { code: 'too_small' | 'too_big'; origin: string; limit: number; inclusive: boolean; exact: boolean }
  | { code: 'invalid_format'; format: string }
  | { code: 'not_multiple_of'; divisor: number }
  | { code: 'unrecognized_keys'; keys: string[] }
  | { code: 'invalid' };

/** Zod's names of string formats (its English locale), back to the format. */
const FORMATS: Record<string, string> = {
  UUID: 'uuid',
  UUIDv4: 'uuid',
  UUIDv6: 'uuid',
  GUID: 'uuid',
  'ISO date': 'date',
  'ISO datetime': 'datetime',
  'ISO time': 'time',
  'ISO duration': 'duration',
  'email address': 'email',
  URL: 'url',
  'JSON string': 'json_string',
};

const unquote = (s: string): string => {
  const t = s.trim();
  if (t.startsWith('"')) {
    try {
      return String(JSON.parse(t));
    } catch {
      return t;
    }
  }
  return t;
};

/** Zod's own wording of an issue, read back into the issue; undefined for any other message (a
 *  schema's own words, a service's refusal), which is shown as it is. */
export function readZodMessage(message: string): ZodIssueFacts | undefined {
  let m = /^Invalid input: expected (\S+), received (\S+)$/.exec(message);
  if (m) return { code: 'invalid_type', expected: m[1], received: m[2] };
  m = /^Invalid option: expected one of (.+)$/.exec(message);
  if (m) return { code: 'invalid_value', values: m[1].split('|').map(unquote) };
  m = /^Invalid input: expected (.+)$/.exec(message);
  if (m) return { code: 'invalid_value', values: [unquote(m[1])] };
  m = /^Too (big|small): expected (\S+) to (?:have|be) (exactly |<=|>=|<|>)(-?[\d.e+]+)n?(?: \w+)?$/.exec(message);
  if (m) {
    return {
      code: m[1] === 'big' ? 'too_big' : 'too_small',
      origin: m[2],
      limit: Number(m[4]),
      inclusive: m[3] !== '<' && m[3] !== '>',
      exact: m[3] === 'exactly ',
    };
  }
  m = /^Invalid string: must (start with|end with|include|match pattern) /.exec(message);
  if (m) return { code: 'invalid_format', format: m[1] === 'match pattern' ? 'regex' : m[1].replace(' ', '_') };
  m = /^Invalid number: must be a multiple of (\S+)$/.exec(message);
  if (m) return { code: 'not_multiple_of', divisor: Number(m[1]) };
  m = /^Unrecognized keys?: (.+)$/.exec(message);
  if (m) return { code: 'unrecognized_keys', keys: m[1].split(', ').map(unquote) };
  if (/^Invalid (input|key in \S+|value in \S+|discriminator value\..*|input: more than one option matched)$/.test(message))
    return { code: 'invalid' };
  m = /^Invalid (.+)$/.exec(message);
  if (m && Object.hasOwn(FORMATS, m[1])) return { code: 'invalid_format', format: FORMATS[m[1]] };
  return undefined;
}

/** Where zod's own wording starts in a message (after a `label: ` someone put before it), or -1. */
export function zodWordingAt(message: string): number {
  const m =
    /(^|: )(Invalid input|Invalid option|Too small: expected|Too big: expected|Invalid string: must|Invalid number: must|Unrecognized keys?:|Invalid (?:UUID|ISO date|email address|URL)$)/.exec(
      message,
    );
  return m ? m.index + m[1].length : -1;
}

/** A limit in pence, in pounds to the penny (pence only when there are some), exactly even for
 *  the largest amounts a field can hold: 9007199254740991 → `£90,071,992,547,409.91`. */
function inPounds(pence: number): string {
  if (!Number.isSafeInteger(pence)) return `£${number(pence / 100)}`;
  const part = Math.abs(pence) % 100;
  const whole = (Math.abs(pence) - part) / 100;
  return `${pence < 0 ? '−' : ''}£${number(whole)}${part ? `.${String(part).padStart(2, '0')}` : ''}`;
}

export const sentence = (s: string): string => (s ? s.charAt(0).toUpperCase() + s.slice(1) : s);

/** `a name` → `the name`; `the last period` stays. */
const theOf = (noun: string): string => noun.replace(/^(a|an) /, 'the ');
/** `a mandate objective` → `mandate objective`. */
const bare = (noun: string): string => noun.replace(/^(a|an|the) /, '');
const plural = (n: number, unit: string): string => `${number(n)} ${unit}${n === 1 ? '' : 's'}`;
const quoted = (values: readonly string[]): string => values.map((v) => `"${v}"`).join(', ');

/** A type as zod names it, as a reader would: `a number`, `text`. */
const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  bigint: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  record: 'an object',
  date: 'a date',
  null: 'nothing (null)',
  undefined: 'nothing',
  NaN: 'not a number',
};
const typeWords = (type: string): string => TYPE_WORDS[type] ?? type;

const EXPECTED_KINDS: Record<string, FieldKind> = {
  number: 'number',
  int: 'integer',
  boolean: 'boolean',
  array: 'list',
  object: 'json',
  record: 'json',
};

/** What kind of field an issue is about, when the form did not say. */
function kindOf(issue: ZodIssueFacts): FieldKind {
  switch (issue.code) {
    case 'invalid_type':
      return EXPECTED_KINDS[issue.expected] ?? 'text';
    case 'invalid_value':
      return 'choice';
    case 'too_small':
    case 'too_big':
      return issue.origin === 'string' ? 'text' : issue.origin === 'array' || issue.origin === 'set' ? 'list' : 'number';
    default:
      return 'text';
  }
}

const isMissing = (issue: ZodIssueFacts): boolean =>
  (issue.code === 'invalid_type' && (issue.received === 'undefined' || issue.received === 'null')) ||
  (issue.code === 'too_small' &&
    (issue.origin === 'string' || issue.origin === 'array' || issue.origin === 'set') &&
    !issue.exact &&
    (issue.inclusive ? issue.limit <= 1 : issue.limit < 1));

const FORMAT_WORDS: Record<string, string> = {
  uuid: 'an id like 3f1c9a52-7d0e-4b8a-9c61-2e5f8d4a7b30',
  date: 'a real date, like 2013-08-01',
  datetime: 'a date and time, like 2013-08-01T09:30:00Z',
  email: 'an email address, like name@example.com',
  url: 'a web address, like https://www.england.nhs.uk',
};

/** A value inside a JSON document, described where it is (after its pointer). */
function describe(issue: ZodIssueFacts): string {
  switch (issue.code) {
    case 'invalid_type':
      return isMissing(issue) ? 'This is missing' : `This must be ${typeWords(issue.expected)}, not ${typeWords(issue.received)}`;
    case 'invalid_value':
      return issue.values.length === 1 ? `This must be "${issue.values[0]}"` : `This must be one of ${quoted(issue.values)}`;
    case 'too_small':
    case 'too_big': {
      const small = issue.code === 'too_small';
      const sized = issue.origin === 'string' || issue.origin === 'array' || issue.origin === 'set';
      const count = sized ? plural(issue.limit, issue.origin === 'string' ? 'character' : 'item') : number(issue.limit);
      const verb = sized ? 'have' : 'be';
      if (issue.exact) return `This must ${verb} exactly ${count}`;
      if (small)
        return issue.inclusive
          ? sized
            ? `This must have at least ${count}`
            : `This must be ${count} or more`
          : `This must ${verb} more than ${count}`;
      if (!issue.inclusive) return `This must ${verb} ${sized ? 'fewer' : 'less'} than ${count}`;
      return `This must ${verb} ${count} or ${sized ? 'fewer' : 'less'}`;
    }
    case 'invalid_format':
      return `This must be ${FORMAT_WORDS[issue.format] ?? 'in the form this field takes'}`;
    case 'not_multiple_of':
      return `This must be a multiple of ${number(issue.divisor)}`;
    case 'unrecognized_keys':
      return `Remove ${quoted(issue.keys)}: ${issue.keys.length === 1 ? 'it is not a key' : 'they are not keys'} this takes`;
    default:
      return 'This is not in a form this field takes';
  }
}

/**
 * A zod issue in words, for `field`: what to do about it, as the GOV.UK error messages say it.
 * `Enter an amount in pounds, like £250,000`; `Enter a name of 100 characters or fewer`; `Choose
 * a role`; `Enter at least 3 characters for the action`.
 */
export function plainIssue(issue: ZodIssueFacts, field: PlainField = {}): string {
  const kind = field.kind ?? kindOf(issue);
  if (kind === 'json') return describe(issue);
  const { noun, example } = field;
  const like = example ? `, like ${example}` : '';
  const money = kind === 'money';
  const what = noun ?? (money ? 'an amount' : undefined);

  if (issue.code === 'unrecognized_keys') {
    return `Remove ${quoted(issue.keys)}: this form does not take ${issue.keys.length === 1 ? 'it' : 'them'}`;
  }
  if (kind === 'hidden') return field.missing ?? 'This form is out of date: reload the page and try again';

  const missing = (): string => {
    if (field.missing) return field.missing;
    switch (kind) {
      case 'money':
        return `Enter ${what} in pounds, like £250,000`;
      case 'choice':
      case 'boolean':
        return what ? `Choose ${what}` : 'Choose one of the options';
      case 'list':
        return what ? `Choose at least one ${bare(what)}` : 'Choose at least one';
      default:
        return what ? `Enter ${what}${like}` : 'Enter a value';
    }
  };
  // A choice has one thing to say, whatever was wrong: nothing, or not one of the options, was chosen.
  if (kind === 'choice' || kind === 'boolean' || isMissing(issue)) return missing();
  if (kind === 'list' && (issue.code === 'invalid_type' || issue.code === 'invalid_value')) return missing();

  switch (issue.code) {
    case 'invalid_type': {
      if (issue.received === 'array') return what ? `Enter ${what} only once` : 'Enter only one value';
      if (money) return missing();
      if (issue.expected === 'number' || issue.expected === 'int') {
        const whole = issue.expected === 'int' || kind === 'integer';
        return what ? `Enter ${what} as a ${whole ? 'whole ' : ''}number` : `Enter a ${whole ? 'whole ' : ''}number`;
      }
      if (issue.expected === 'string') return what ? `Enter ${what} as text` : 'Enter text';
      if (issue.expected === 'array') return missing();
      return what ? `Enter ${what} in the right format${like}` : `Enter a value in the right format${like}`;
    }
    case 'invalid_value':
      return missing();
    case 'too_small':
    case 'too_big': {
      const small = issue.code === 'too_small';
      if (issue.origin === 'string') {
        const count = plural(issue.limit, 'character');
        if (issue.exact) return what ? `Enter exactly ${count} for ${theOf(what)}` : `Enter exactly ${count}`;
        if (small) return what ? `Enter at least ${count} for ${theOf(what)}` : `Enter at least ${count}`;
        return what ? `Enter ${what} of ${count} or fewer` : `Enter ${count} or fewer`;
      }
      if (issue.origin === 'array' || issue.origin === 'set') {
        const items = what ? `${bare(what)}${issue.limit === 1 ? '' : 's'}` : issue.limit === 1 ? 'item' : 'items';
        if (issue.exact) return `Choose exactly ${number(issue.limit)} ${items}`;
        return small ? `Choose at least ${number(issue.limit)} ${items}` : `Choose ${number(issue.limit)} ${items} or fewer`;
      }
      if (issue.origin === 'date') return small ? `Enter a later date${like}` : `Enter an earlier date${like}`;
      const limit = money ? inPounds(issue.limit) : number(issue.limit);
      const bound = issue.exact ? limit : issue.inclusive ? `${limit} or ${small ? 'more' : 'less'}` : `${small ? 'more' : 'less'} than ${limit}`;
      return `Enter ${what ?? 'a number'} of ${bound}`;
    }
    case 'invalid_format': {
      if (issue.format === 'date' || issue.format === 'datetime' || kind === 'date') {
        return `Enter ${what ?? 'the date'} as a real date, like ${example ?? '2013-08-01'}`;
      }
      const shown = example ? like : FORMAT_WORDS[issue.format] ? `, as ${FORMAT_WORDS[issue.format]}` : '';
      return what ? `Enter ${what} in the right format${shown}` : `Enter a value in the right format${shown}`;
    }
    case 'not_multiple_of':
      if (money) return missing();
      return issue.divisor === 1
        ? `Enter ${what ?? 'a number'} as a whole number`
        : `Enter ${what ?? 'a number'} as a multiple of ${number(issue.divisor)}`;
    default:
      return what ? `Enter ${what} in the right format${like}` : `Enter a value in the right format${like}`;
  }
}

/**
 * A refusal's message for the console: zod's wording told again in words for `field`; any other
 * message (a schema's own words, a service's refusal) as it is, as a sentence. A message that
 * begins `expected …` (a schema's own hint of what it takes) asks for it: `Enter a quarter …`.
 */
export function plainMessage(message: string, field: PlainField = {}): string {
  const issue = readZodMessage(message);
  if (issue) return plainIssue(issue, field);
  if (/^expected /.test(message) && field.kind !== 'json') return `Enter ${message.slice('expected '.length)}`;
  return sentence(message);
}

/** A field known only by its dotted path (`outcome.payablePence`): named by its last part, an
 *  amount for a `…Pence` field. */
export function fieldFromPath(path: string): PlainField {
  const last = path
    .split('.')
    .filter((p) => p && !/^\d+$/.test(p) && !p.startsWith('('))
    .pop();
  if (!last) return {};
  if (/Pence$/.test(last)) return { kind: 'money', noun: 'an amount' };
  const words = last
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase()
    .trim();
  return words ? { noun: `${/^[aeiou]/.test(words) ? 'an' : 'a'} ${words}` } : {};
}

/**
 * Any of zod's wording still in a message meant for a page, told in words: after a `label: `
 * prefix, which is kept (`Action 2: Enter …`). A label that is a dotted path names the field.
 */
export function withoutZodWording(message: string): string {
  const at = zodWordingAt(message);
  if (at < 0) return message;
  const prefix = message.slice(0, at);
  const label = prefix.replace(/: $/, '');
  const field = /^[\w.]+$/.test(label) && label.length > 0 ? fieldFromPath(label) : {};
  return `${prefix}${plainMessage(message.slice(at), field)}`;
}
