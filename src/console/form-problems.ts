import { withoutZodWording } from './plain-words.js';

export { fieldFromPath, plainMessage, type PlainField } from './plain-words.js';

/**
 * Where one refused field goes on a page: beside the element of `slot` (none: the summary only),
 * and in the NHS.UK error summary as `message`, linking to `href`. `inline` is the message beside
 * the field when it is worded otherwise than the summary's. Anything else rides along into the
 * summary's entry (a pointer the template shows, say).
 */
export interface ProblemPlace {
  slot?: string;
  inline?: string;
  href: string;
  message: string;
}

export type SummaryEntry<P extends ProblemPlace> = Omit<P, 'slot' | 'inline'>;

export interface FormProblemsView<P extends ProblemPlace = ProblemPlace> {
  /** The first message of each slot, shown beside its field. */
  errors: Record<string, string>;
  /** The error summary: each message linking to its field. */
  errorList: SummaryEntry<P>[];
}

/**
 * A refusal's issues (`{field, message}` from a 422, or anything a page has) onto a form: each
 * placed by `place`, the first message of a slot shown beside it, and every issue in the summary;
 * with `oncePerSlot`, a slot's later issues are left out of the summary too.
 *
 * Messages are for people: `place` words each for its field, with `plainMessage` (plain-words.ts:
 * `Enter an amount in pounds, like £250,000`, not zod's `Invalid input: expected number, received
 * string`). Any of zod's wording a form left as it was is told in words here, so none reaches a
 * page whatever the form.
 */
export function formProblems<I, P extends ProblemPlace>(
  issues: readonly I[],
  place: (issue: I) => P,
  options: { oncePerSlot?: boolean } = {},
): FormProblemsView<P> {
  const errors: Record<string, string> = {};
  const errorList: SummaryEntry<P>[] = [];
  for (const issue of issues) {
    const placed = place(issue);
    const { slot, inline: asPlaced, ...entry } = { ...placed, message: withoutZodWording(placed.message) };
    const inline = asPlaced === undefined ? undefined : withoutZodWording(asPlaced);
    if (slot !== undefined) {
      if (options.oncePerSlot && errors[slot]) continue;
      errors[slot] ??= inline ?? entry.message;
    }
    errorList.push(entry);
  }
  return { errors, errorList };
}
