// The console form parser's check of a raw form body (see refuseFormTextNotUtf8).
/** A lone `%` that escapes nothing is kept as typed, as the parser keeps it. */
const LONE_PERCENT = /%(?![0-9a-fA-F]{2})/g;
const decoded = (s: string): string => decodeURIComponent(s.replace(/\+/g, ' ').replace(LONE_PERCENT, '%25'));

/**
 * The form parser's check of the raw body, before it is parsed: under UTF-8, a percent-escape
 * that does not decode to text (`%ED%A0%80`, half a surrogate) would be kept as the literal escape
 * and stored so (and a raw byte that is not UTF-8 replaced by U+FFFD); it is refused instead (400,
 * type `form.text.invalid`, naming the field), as the API refuses such text in JSON, and nothing
 * reaches a route.
 */
export function refuseFormTextNotUtf8(_req: unknown, _res: unknown, body: Buffer, charset: string | null): void {
  if (charset !== 'utf-8') return; // ISO-8859-1: every byte is a character.
  const refuse = (field: string | undefined) =>
    Object.assign(new Error(`a field${field === undefined ? '' : ` (${field})`} does not decode to UTF-8 text`), {
      status: 400,
      type: 'form.text.invalid',
      field,
    });
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw refuse(undefined);
  }
  for (const pair of text.split('&')) {
    const at = pair.indexOf('=');
    const [key, value] = at === -1 ? [pair, ''] : [pair.slice(0, at), pair.slice(at + 1)];
    let name: string;
    try {
      name = decoded(key);
    } catch {
      throw refuse(undefined);
    }
    try {
      decoded(value);
    } catch {
      throw refuse(name.length > 64 ? `${name.slice(0, 64)}…` : name);
    }
  }
}
