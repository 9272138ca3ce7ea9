import { formProblems } from './form-problems.js';

const issues = [
  { field: 'name', message: 'too short' },
  { field: 'name', message: 'not a word' },
  { field: 'role', message: 'choose a role' },
  { field: 'other', message: 'unknown' },
];
const place = (i: { field: string; message: string }) =>
  i.field === 'other' ? { href: '#form', message: `${i.field}: ${i.message}` } : { slot: i.field, href: `#key-${i.field}`, message: i.message };

describe('formProblems', () => {
  it('puts the first message of each slot beside it and every issue in the summary', () => {
    expect(formProblems(issues, place)).toEqual({
      errors: { name: 'too short', role: 'choose a role' },
      errorList: [
        { href: '#key-name', message: 'too short' },
        { href: '#key-name', message: 'not a word' },
        { href: '#key-role', message: 'choose a role' },
        { href: '#form', message: 'other: unknown' },
      ],
    });
  });

  it('with oncePerSlot, leaves a slot’s later issues out of the summary', () => {
    expect(formProblems(issues, place, { oncePerSlot: true }).errorList.map((e) => e.message)).toEqual([
      'too short',
      'choose a role',
      'other: unknown',
    ]);
  });

  it('words the inline message apart from the summary and keeps extra fields in the entry', () => {
    const view = formProblems([{ field: 'f', message: 'bad' }], (i) => ({
      slot: i.field,
      inline: i.message,
      href: '#f',
      message: `F: ${i.message}`,
      pointer: '/x',
    }));
    expect(view).toEqual({ errors: { f: 'bad' }, errorList: [{ href: '#f', message: 'F: bad', pointer: '/x' }] });
  });

  it('tells any of zod’s wording a form left in its messages in words', () => {
    const view = formProblems(
      [
        { field: 'outcome.payablePence', message: 'Invalid input: expected number, received string' },
        { field: 'link.title', message: 'Too big: expected string to have <=300 characters' },
      ],
      (i) =>
        i.field === 'link.title'
          ? { href: '#link-form', message: `${i.field}: ${i.message}` }
          : { slot: i.field, inline: i.message, href: '#amount', message: `${i.field}: ${i.message}` },
    );
    expect(view).toEqual({
      // Without a field to go by, the words are generic; a field's path before them names it.
      errors: { 'outcome.payablePence': 'Enter a number' },
      errorList: [
        { href: '#amount', message: 'outcome.payablePence: Enter an amount in pounds, like £250,000' },
        { href: '#link-form', message: 'link.title: Enter a title of 300 characters or fewer' },
      ],
    });
  });

  it('has nothing to show for no issues', () => {
    expect(formProblems([], place)).toEqual({ errors: {}, errorList: [] });
  });
});
