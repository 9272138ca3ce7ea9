import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';

/** One row of the April 2013 register (ccg_2013_seed.csv). */
const rowSchema = z.object({
  ods_code: z.string().regex(/^[0-9A-Z]{3}$/),
  ons_code: z.string().regex(/^E38\d{6}$/),
  name: z.string().min(3),
  area_team_ons_code: z.string().min(3),
  area_team_name: z.string().min(2),
  region_ons_code: z.string().min(3),
  region_name: z.string().min(2),
  registered_pop_2013_q1: z.coerce.number().int().positive(),
  practices_2013_q1: z.coerce.number().int().nonnegative(),
  registered_pop_2014_q4: z.union([z.literal(''), z.coerce.number().int().positive()]),
  ods_open_date: z.string(),
  ods_close_date: z.string(),
});

export interface CcgRow {
  odsCode: string;
  onsCode: string;
  name: string;
  areaTeamCode: string;
  areaTeamName: string;
  regionCode: string;
  regionName: string;
  registeredPop2013: number;
  registeredPop2014: number | null;
  practices2013: number;
  openDate: Date | null;
  closeDate: Date | null;
}

export class RegisterError extends Error {}

const yyyymmdd = (s: string): Date | null => (/^\d{8}$/.test(s) ? new Date(`${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T00:00:00Z`) : null);

/** Reads the register. A missing file names the setting that points at it. */
export function readCcgRegister(path: string): CcgRow[] {
  if (!existsSync(path)) {
    throw new RegisterError(`CCG register not found at ${path}: set CCG_REGISTER to the path of ccg_2013_seed.csv`);
  }
  const records = parse<unknown>(readFileSync(path, 'utf8'), { columns: true, skip_empty_lines: true, trim: true });
  return records.map((record, i) => {
    const parsed = rowSchema.safeParse(record);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new RegisterError(`${path} row ${i + 2}, column ${issue.path.join('.')}: ${issue.message}`);
    }
    const r = parsed.data;
    return {
      odsCode: r.ods_code,
      onsCode: r.ons_code,
      name: r.name,
      areaTeamCode: r.area_team_ons_code,
      areaTeamName: r.area_team_name,
      regionCode: r.region_ons_code,
      regionName: r.region_name,
      registeredPop2013: r.registered_pop_2013_q1,
      registeredPop2014: r.registered_pop_2014_q4 === '' ? null : r.registered_pop_2014_q4,
      practices2013: r.practices_2013_q1,
      openDate: yyyymmdd(r.ods_open_date),
      closeDate: yyyymmdd(r.ods_close_date),
    };
  });
}
