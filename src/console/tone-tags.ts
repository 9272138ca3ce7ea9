import type { OutcomeTone } from '../rules/rule-family.js';

/** NHS.UK tag colours by what an outcome means (see OutcomeTone). */
export const TAG_CLASSES: Record<OutcomeTone, string> = {
  good: 'nhsuk-tag--green',
  caution: 'nhsuk-tag--yellow',
  concern: 'nhsuk-tag--orange',
  adverse: 'nhsuk-tag--red',
  neutral: 'nhsuk-tag--grey',
};

/** The tag class of an outcome key under a family's tones (keys it does not name are neutral). */
export function tagClass(tones: Readonly<Record<string, OutcomeTone>> | undefined, key: string | null | undefined): string {
  return TAG_CLASSES[(key && tones && Object.hasOwn(tones, key) ? tones[key] : undefined) ?? 'neutral'];
}
