import { z } from 'zod';

const isRealDate = (d: string): boolean => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d);

/** An ISO calendar date (`2013-04-01`) that exists, with one message whichever way it is wrong. */
export const calendarDate = (what = 'an ISO date') =>
  z.string().refine((d) => /^\d{4}-\d{2}-\d{2}$/.test(d) && isRealDate(d), { error: `expected ${what} as a real calendar date YYYY-MM-DD` });
