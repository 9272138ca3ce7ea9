import { Injectable } from '@nestjs/common';
import type { z } from 'zod';
import { DomainError } from '../common/domain-error.js';
import { PrismaService } from '../prisma/prisma.service.js';
import { RulesService } from '../rules/rules.service.js';
import type { queueQuerySchema } from './assessment.schemas.js';

/** Reads of assessments: the review queue and one assessment with its evaluation and decision. */
@Injectable()
export class AssessmentsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly rules: RulesService,
  ) {}

  async list(q: z.infer<typeof queueQuerySchema>) {
    const where = { status: q.status, family: q.family, subject: q.subject?.toUpperCase(), period: q.period };
    const [total, items] = await Promise.all([
      this.prisma.assessment.count({ where }),
      this.prisma.assessment.findMany({
        where,
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        skip: (q.page - 1) * q.pageSize,
        take: q.pageSize,
        omit: { facts: true },
        include: { decisions: { select: { id: true, status: true, proposedKey: true, finalKey: true } } },
      }),
    ]);
    return { page: q.page, pageSize: q.pageSize, total, items };
  }

  async get(id: string) {
    const assessment = await this.prisma.assessment.findUnique({
      where: { id },
      include: {
        evaluations: { omit: { facts: true }, orderBy: { createdAt: 'desc' } },
        decisions: { omit: { document: true }, orderBy: { createdAt: 'desc' } },
      },
    });
    if (!assessment) throw DomainError.notFound('assessment', id);
    const decision = assessment.decisions[0];
    const evaluations = await Promise.all(
      assessment.evaluations.map(async (e) => ({ ...e, results: await this.rules.storedTraces(e.results, e.ruleSetHash) })),
    );
    return {
      ...assessment,
      evaluations,
      links: decision ? { decision: `/api/v1/decisions/${decision.id}`, document: `/api/v1/decisions/${decision.id}/document` } : {},
    };
  }
}
