import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor.js';
import { CcgScoped, CurrentActor } from '../auth/auth.decorators.js';
import { boundCcg, seeOrNotFound } from '../auth/ccg-scope.js';
import { CcgsService } from './ccgs.service.js';
import { z } from 'zod';
import { apiQuery } from '../common/openapi.js';
import { parseOrThrow } from '../common/validation.js';

/** The register's filters (case-insensitive); a repeated or unknown parameter is a 400 naming it. */
export const ccgListQuerySchema = z.strictObject({
  areaTeam: z.string().max(200).optional(),
  region: z.string().max(200).optional(),
});

@ApiTags('ccgs')
@ApiBearerAuth()
@Controller('api/v1/ccgs')
export class CcgsController {
  constructor(private readonly ccgs: CcgsService) {}

  @Get()
  @apiQuery(ccgListQuerySchema)
  list(@Query() query: Record<string, unknown>) {
    const { areaTeam, region } = parseOrThrow(ccgListQuerySchema, query, 'query', 'BAD_REQUEST');
    return this.ccgs.list({ areaTeam, region });
  }

  /** One CCG with its decisions and standing; a ccg key reads its own CCG only, and only the
   *  decisions issued to it (a proposal is the Board's until issued). */
  @Get(':code')
  @CcgScoped()
  get(@Param('code') code: string, @CurrentActor() actor: Actor) {
    seeOrNotFound(actor, code);
    return this.ccgs.get(code.toUpperCase(), { issuedOnly: boundCcg(actor) !== undefined });
  }
}
