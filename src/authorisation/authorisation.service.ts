import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/domain-error.js';
import { PrismaService } from '../prisma/prisma.service.js';
import { summariseAuthorisation, type AuthorisationSummary } from './authorisation-summary.js';
import { readAuthorisationStatus } from './authorisation-status.js';
import { isoDay } from './dates.js';
import { isoDate } from './authorisation.facts.js';

/** Reads of the authorisation register: a CCG's conditions and status, the national summary. */
@Injectable()
export class AuthorisationService {
  constructor(private readonly prisma: PrismaService) {}

  private async requireCcg(code: string) {
    const ccg = await this.prisma.ccg.findUnique({ where: { odsCode: code } });
    if (!ccg) throw DomainError.notFound('CCG', code, 'code');
    return ccg;
  }

  async conditions(code: string) {
    await this.requireCcg(code);
    const rows = await this.prisma.authorisationCondition.findMany({
      where: { odsCode: code },
      orderBy: [{ openedOn: 'asc' }, { criterion: 'asc' }],
    });
    const events = await this.prisma.authorisationConditionEvent.findMany({
      where: { conditionId: { in: rows.map((r) => r.id) } },
      orderBy: [{ on: 'asc' }, { createdAt: 'asc' }],
    });
    return {
      odsCode: code,
      items: rows.map((r) => ({
        id: r.id,
        criterion: r.criterion,
        domain: r.domain,
        title: r.title,
        gap: r.gap,
        level: r.level,
        directions: r.directions,
        action: r.action,
        note: r.note,
        dueDate: isoDay(r.dueDate),
        status: r.status,
        openedOn: isoDay(r.openedOn),
        closedOn: r.closedOn ? isoDay(r.closedOn) : null,
        decisionId: r.decisionId,
        history: events
          .filter((e) => e.conditionId === r.id)
          .map((e) => ({ kind: e.kind, on: isoDay(e.on), level: e.level, dueDate: isoDay(e.dueDate), status: e.status, decisionId: e.decisionId })),
      })),
    };
  }

  async status(code: string) {
    const ccg = await this.requireCcg(code);
    return { odsCode: code, name: ccg.name, ...(await readAuthorisationStatus(this.prisma, code)) };
  }

  async summary(asOfParam?: string): Promise<AuthorisationSummary> {
    let asOf = isoDay(new Date());
    if (asOfParam !== undefined) {
      const parsed = isoDate.safeParse(asOfParam);
      if (!parsed.success)
        throw DomainError.invalid([{ field: 'asOf', message: parsed.error.issues[0]?.message ?? 'expected an ISO date' }], 'BAD_REQUEST');
      asOf = parsed.data;
    }
    const records = await this.prisma.ccgAuthorisation.findMany();
    const conditions = await this.prisma.authorisationCondition.findMany({ select: { id: true, domain: true } });
    const domainOf = new Map(conditions.map((c) => [c.id, c.domain]));
    const events = await this.prisma.authorisationConditionEvent.findMany({ orderBy: { createdAt: 'asc' } });
    return summariseAuthorisation(
      records.map((r) => ({ odsCode: r.odsCode, wave: r.wave, outcome: r.outcome, decidedOn: isoDay(r.decidedOn) })),
      events.map((e, i) => ({
        conditionId: e.conditionId,
        odsCode: e.odsCode,
        domain: domainOf.get(e.conditionId) ?? 0,
        on: isoDay(e.on),
        seq: i,
        level: e.level,
        status: e.status,
      })),
      asOf,
    );
  }

  async reviewsDue(includeResolved = false) {
    const items = await this.prisma.authorisationReviewDue.findMany({
      where: includeResolved ? {} : { resolvedAt: null },
      orderBy: [{ dueDate: 'asc' }, { odsCode: 'asc' }],
    });
    const conditions = await this.prisma.authorisationCondition.findMany({ where: { id: { in: items.map((i) => i.conditionId) } } });
    const byId = new Map(conditions.map((c) => [c.id, c]));
    return {
      items: items.map((i) => {
        const c = byId.get(i.conditionId);
        return {
          id: i.id,
          conditionId: i.conditionId,
          odsCode: i.odsCode,
          dueDate: isoDay(i.dueDate),
          becameDueAt: i.becameDueAt.toISOString(),
          resolvedAt: i.resolvedAt?.toISOString() ?? null,
          criterion: c?.criterion ?? null,
          level: c?.level ?? null,
          action: c?.action ?? null,
        };
      }),
    };
  }
}
