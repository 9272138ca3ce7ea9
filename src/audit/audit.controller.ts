import { Body, Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { Roles } from '../auth/auth.decorators.js';
import { apiBody, apiQuery, apiRefusals, apiResponse } from '../common/openapi.js';
import { parseOrThrow } from '../common/validation.js';
import { auditEventJson, AuditService, type AuditFilter } from './audit.service.js';
import type { SealedAuditRecord } from './audit-chain.js';
import { checkpointSchema, type Checkpoint } from './audit-checkpoint.js';
import { writeAuditExport } from './audit-export.js';

export const querySchema = z
  .object({
    entityType: z.string().optional(),
    entityId: z.string().optional(),
    actor: z.string().optional(),
    action: z.string().optional(),
    from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
    to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
    afterSeq: z.string().regex(/^\d+$/).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  })
  .strict();

export const exportSchema = querySchema.extend({ format: z.enum(['csv', 'jsonl']).default('jsonl') }).omit({ limit: true });

const checkpointListSchema = z.object({ checkpoints: z.array(checkpointSchema).min(1).max(1000) }).strict();

/** POST /verify takes one checkpoint as the body, or `{checkpoints: [...]}`; errors name the field
 *  as it was sent. */
export function checkpointsOf(body: unknown): { checkpoints: Checkpoint[]; field: (index: number) => string } {
  if (typeof body === 'object' && body !== null && 'checkpoints' in body) {
    return { checkpoints: parseOrThrow(checkpointListSchema, body).checkpoints, field: (i) => `checkpoints.${i}` };
  }
  return { checkpoints: [parseOrThrow(checkpointSchema, body)], field: () => '' };
}

export function toFilter(q: z.infer<typeof querySchema> | z.infer<typeof exportSchema>, limit: number): AuditFilter {
  return {
    entityType: q.entityType,
    entityId: q.entityId,
    actor: q.actor,
    action: q.action,
    from: q.from ? new Date(q.from) : undefined,
    to: q.to ? new Date(q.to) : undefined,
    afterSeq: q.afterSeq !== undefined ? BigInt(q.afterSeq) : undefined,
    limit,
  };
}

@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/v1/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  /** Paged by seq: pass the last seq seen as `afterSeq` for the next page. */
  @Get()
  @apiQuery(querySchema)
  async search(@Query() query: Record<string, unknown>) {
    const q = parseOrThrow(querySchema, query, 'query');
    const items = (await this.audit.search(toFilter(q, q.limit))).map((e) => auditEventJson(e as SealedAuditRecord));
    return { items, nextAfterSeq: items.length === q.limit ? items[items.length - 1].seq : null };
  }

  @Get('verify')
  verify() {
    return this.audit.verify();
  }

  /** The same walk, and the chain must still pass through the given signed checkpoint(s). */
  @Post('verify')
  @HttpCode(200)
  @Roles('auditor', 'admin')
  @apiBody(z.union([checkpointSchema, checkpointListSchema]), { description: 'One signed checkpoint, or `{checkpoints: [...]}`.' })
  @apiResponse(200, 'the verification of the chain, and whether it still passes through each checkpoint')
  @apiRefusals(400, 422)
  verifyAgainst(@Body() body: unknown) {
    const { checkpoints, field } = checkpointsOf(body);
    return this.audit.verify(checkpoints, { field });
  }

  /** A fresh signed checkpoint of the chain head, to keep outside the database (409 without a key). */
  @Get('checkpoint')
  @Roles('auditor', 'admin')
  checkpoint() {
    return this.audit.checkpoint();
  }

  /** The whole (filtered) log, streamed in seq order as CSV or JSON lines. */
  @Get('export')
  @apiQuery(exportSchema)
  async export(@Query() query: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const q = parseOrThrow(exportSchema, query, 'query');
    await writeAuditExport(this.audit, toFilter(q, 0), q.format, res);
  }
}
