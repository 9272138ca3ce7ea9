import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthorisationService } from './authorisation.service.js';

@ApiTags('authorisation')
@ApiBearerAuth()
@Controller('api/v1')
export class AuthorisationController {
  constructor(private readonly authorisation: AuthorisationService) {}

  /** A CCG's authorisation conditions, open and closed, each with its history. */
  @Get('ccgs/:code/conditions')
  conditions(@Param('code') code: string) {
    return this.authorisation.conditions(code.toUpperCase());
  }

  /** A CCG's current authorisation status. */
  @Get('authorisation/status/:code')
  status(@Param('code') code: string) {
    return this.authorisation.status(code.toUpperCase());
  }

  /** Counts by outcome and wave, conditions by domain and level, CCGs under directions, on a day. */
  @Get('authorisation/summary')
  summary(@Query('asOf') asOf?: string) {
    return this.authorisation.summary(asOf);
  }

  /** "Condition review due" items put there by the scheduled review jobs. */
  @Get('authorisation/reviews-due')
  reviewsDue(@Query('all') all?: string) {
    return this.authorisation.reviewsDue(all === 'true');
  }
}
