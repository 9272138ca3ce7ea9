import type { RuleFamily } from '../rules/rule-family.js';

/*
 * Outcome keys (`not-payable`, `recovery-plan-notice`) are what the rules, the API and the audit
 * log speak; people read words. Every console page shows a key through `outcomeWords` (in a
 * template, the helper of that name: `{{outcomeWords family.id key}}`, console-renderer.ts), with
 * the key itself kept in a `data-key` attribute for whoever needs it.
 */

/** A key spelt out: `not-payable` → `Not payable`, `level-1` → `Level 1`, `assuredWithActions` →
 *  `Assured with actions`. */
export function humanise(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[-_\s]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** An outcome key in words: the family's own words for it where it has them, else the key spelt
 *  out. Nothing for no key. */
export function outcomeWords(family: Pick<RuleFamily, 'outcomeWords'> | undefined, key: string | null | undefined): string {
  if (!key) return '';
  const own = family?.outcomeWords;
  return own && Object.hasOwn(own, key) ? own[key] : humanise(key);
}
