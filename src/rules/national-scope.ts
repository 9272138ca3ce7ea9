import type { PrismaService } from '../prisma/prisma.service.js';
import type { NationalFilter } from './rule-family.js';

/** The register's CCGs a national view covers (every CCG, a region's or an area team's), by code.
 *  Names match exactly: the console checks them against the register before a family is asked. */
export function ccgsInScope(filter: NationalFilter, db: PrismaService): Promise<{ odsCode: string; name: string }[]> {
  return db.ccg.findMany({
    where: { regionName: filter.region, areaTeamName: filter.areaTeam },
    select: { odsCode: true, name: true },
    orderBy: { odsCode: 'asc' },
  });
}
