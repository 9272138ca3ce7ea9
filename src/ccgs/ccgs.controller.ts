import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CcgsService } from './ccgs.service.js';

@ApiTags('ccgs')
@ApiBearerAuth()
@Controller('api/v1/ccgs')
export class CcgsController {
  constructor(private readonly ccgs: CcgsService) {}

  @Get()
  list(@Query('areaTeam') areaTeam?: string, @Query('region') region?: string) {
    return this.ccgs.list({ areaTeam, region });
  }

  @Get(':code')
  get(@Param('code') code: string) {
    return this.ccgs.get(code.toUpperCase());
  }
}
