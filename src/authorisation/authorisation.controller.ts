import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor.js';
import { CcgScoped, CurrentActor } from '../auth/auth.decorators.js';
import { seeOrNotFound } from '../auth/ccg-scope.js';
import { AuthorisationService } from './authorisation.service.js';
import { z } from 'zod';
import { apiQuery } from '../common/openapi.js';
import { parseOrThrow } from '../common/validation.js';
import { isoDate } from './authorisation.facts.js';

/** Query strings of the read routes; a bad, repeated or unknown parameter is a 400 naming it. */
export const summaryQuerySchema = z.strictObject({ asOf: isoDate.optional() });
export const reviewsDueQuerySchema = z.strictObject({ all: z.enum(['true', 'false']).optional() });

@ApiTags('authorisation')
@ApiBearerAuth()
@Controller('api/v1')
export class AuthorisationController {
  constructor(private readonly authorisation: AuthorisationService) {}

  /** A CCG's authorisation conditions, open and closed, each with its history. */
  @Get('ccgs/:code/conditions')
  @CcgScoped()
  conditions(@Param('code') code: string, @CurrentActor() actor: Actor) {
    seeOrNotFound(actor, code);
    return this.authorisation.conditions(code.toUpperCase());
  }

  /** A CCG's current authorisation status. */
  @Get('authorisation/status/:code')
  @CcgScoped()
  status(@Param('code') code: string, @CurrentActor() actor: Actor) {
    seeOrNotFound(actor, code);
    return this.authorisation.status(code.toUpperCase());
  }

  /** Counts by outcome and wave, conditions by domain and level, CCGs under directions, on a day. */
  @Get('authorisation/summary')
  @apiQuery(summaryQuerySchema)
  summary(@Query() query: Record<string, unknown>) {
    return this.authorisation.summary(parseOrThrow(summaryQuerySchema, query, 'query', 'BAD_REQUEST').asOf);
  }

  /** "Condition review due" items put there by the scheduled review jobs. */
  @Get('authorisation/reviews-due')
  @apiQuery(reviewsDueQuerySchema)
  reviewsDue(@Query() query: Record<string, unknown>) {
    return this.authorisation.reviewsDue(parseOrThrow(reviewsDueQuerySchema, query, 'query', 'BAD_REQUEST').all === 'true');
  }
}
