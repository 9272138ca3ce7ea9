import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { AuditService } from '../audit/audit.service.js';
import { SYSTEM_ACTOR } from '../auth/actor.js';
import { DomainError } from '../common/domain-error.js';
import { PrismaService } from '../prisma/prisma.service.js';
import type { CcgContext, RuleFamily } from '../rules/rule-family.js';
import { FamilyRegistry } from '../rules/family-registry.js';
import { readCcgRegister } from './ccg-register.js';

@Injectable()
export class CcgsService implements OnModuleInit {
  private readonly cache = new Map<string, CcgContext>();

  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditService,
    private readonly families: FamilyRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Every process loads the register at start-up: a missing file stops it, naming CCG_REGISTER. */
  async onModuleInit(): Promise<void> {
    await this.importRegister();
    // The register is small and fixed while the process runs: read it once, so that a national
    // re-evaluation does not look each CCG up in the database on its first evaluation.
    for (const ccg of await this.prisma.ccg.findMany()) this.cache.set(ccg.odsCode, contextOf(ccg));
  }

  /** Loads the register into the database. Rows already present are left as they are; an import
   *  that adds rows is audited. */
  async importRegister(path = this.config.CCG_REGISTER): Promise<{ total: number; added: number }> {
    const rows = readCcgRegister(path);
    return this.prisma.$transaction(async (tx) => {
      const { count } = await tx.ccg.createMany({ data: rows, skipDuplicates: true });
      if (count > 0) {
        await this.audit.append(tx, {
          actor: SYSTEM_ACTOR,
          action: 'ccg-register.imported',
          entityType: 'ccg-register',
          entityId: 'ccg-2013',
          payload: { file: path, rows: rows.length, added: count },
        });
      }
      return { total: rows.length, added: count };
    });
  }

  /** The register's view of a CCG, as rule families see it. The register does not change while
   *  the process runs, so lookups are cached. */
  async context(odsCode: string, field = 'subject'): Promise<CcgContext> {
    const hit = this.cache.get(odsCode);
    if (hit) return hit;
    const ccg = await this.prisma.ccg.findUnique({ where: { odsCode } });
    if (!ccg) throw DomainError.notFound('CCG', odsCode, field);
    const context = contextOf(ccg);
    this.cache.set(odsCode, context);
    return context;
  }

  /** The register's view of an assessment's subject, for families whose subjects are CCGs. */
  async subjectContext(family: Pick<RuleFamily, 'subjectKind'>, subject: string, field = 'subject'): Promise<CcgContext | undefined> {
    return family.subjectKind === 'ccg' ? this.context(subject, field) : undefined;
  }

  list(filter: { areaTeam?: string; region?: string }) {
    return this.prisma.ccg.findMany({
      where: {
        areaTeamName: filter.areaTeam ? { equals: filter.areaTeam, mode: 'insensitive' } : undefined,
        regionName: filter.region ? { equals: filter.region, mode: 'insensitive' } : undefined,
      },
      orderBy: { name: 'asc' },
    });
  }

  async get(odsCode: string, options: { issuedOnly?: boolean } = {}) {
    const ccg = await this.prisma.ccg.findUnique({ where: { odsCode } });
    if (!ccg) throw DomainError.notFound('CCG', odsCode);
    const decisions = await this.prisma.decision.findMany({
      where: { assessment: { subject: odsCode }, ...(options.issuedOnly ? { reviewedAt: { not: null } } : {}) },
      include: { assessment: { select: { family: true, period: true } } },
      orderBy: { createdAt: 'desc' },
      take: 50,
    });
    const status: Record<string, unknown> = {};
    for (const family of this.families.all()) {
      if (family.subjectStatus) status[family.id] = (await family.subjectStatus(odsCode, this.prisma)).detail;
    }
    return {
      ...ccg,
      status,
      decisions: decisions.map((d) => ({
        id: d.id,
        family: d.assessment.family,
        period: d.assessment.period,
        status: d.status,
        key: d.finalKey ?? d.proposedKey,
        overridden: d.overridden,
        createdAt: d.createdAt,
        document: `/api/v1/decisions/${d.id}/document`,
      })),
    };
  }
}

function contextOf(ccg: CcgContext): CcgContext {
  return {
    odsCode: ccg.odsCode,
    name: ccg.name,
    areaTeamName: ccg.areaTeamName,
    regionName: ccg.regionName,
    registeredPop2013: ccg.registeredPop2013,
    registeredPop2014: ccg.registeredPop2014,
  };
}
