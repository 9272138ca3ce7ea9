import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/domain-error.js';
import { DocumentRenderer } from '../decisions/document-renderer.js';
import { PrismaService } from '../prisma/prisma.service.js';
import { RulesService } from '../rules/rules.service.js';
import { INTERVENTION_FAMILY } from './intervention.family.js';
import { interventionLevelReached, qualityPremiumGatewayLevelOf } from './intervention.links.js';
import { readLevelsByQuarter } from './intervention.national.js';
import { principlesView } from './principles.js';
import { quartersOfYear } from './quarter.js';

/** Reads of the intervention family: the dashboard, a CCG's levels, the published principles. */
@Injectable()
export class InterventionService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly rules: RulesService,
    private readonly renderer: DocumentRenderer,
  ) {}

  /** Count of CCGs at each issued level, per quarter (one quarter, or every quarter on record),
   *  with the proposals still awaiting review beside them. */
  dashboard(quarter?: string) {
    return readLevelsByQuarter(this.prisma, { quarter });
  }

  /** Whether a CCG was at the Quality Premium gateway level or above in a financial year. */
  async levelReached(ccgCode: string, financialYear: string) {
    const quarters = quartersOfYear(financialYear);
    const set = this.rules.effectiveFor(this.rules.family(INTERVENTION_FAMILY), quarters[0], 'year');
    const minLevel = qualityPremiumGatewayLevelOf(set.document.parameters);
    const records = await this.prisma.interventionQuarter.findMany({
      where: { ccgCode, quarter: { in: quarters } },
      select: { ccgCode: true, quarter: true, level: true },
    });
    return { ccg: ccgCode, year: financialYear, minLevel, ...interventionLevelReached(records, ccgCode, financialYear, minLevel) };
  }

  /** The published principles as HTML, generated from the rule set in force on a quarter (by
   *  default the latest to take effect). */
  principles(quarter?: string): string {
    const family = this.rules.family(INTERVENTION_FAMILY);
    const set = quarter
      ? this.rules.effectiveFor(family, quarter, 'query.quarter')
      : this.rules
          .list()
          .filter((s) => s.document.family === INTERVENTION_FAMILY)
          .sort((a, b) => b.document.effective.from.localeCompare(a.document.effective.from))[0];
    if (!set) throw new DomainError('NOT_FOUND', 'no intervention rule set is loaded');
    return this.renderer.render('intervention/principles', principlesView(set));
  }
}
