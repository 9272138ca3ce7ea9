import { Controller, Get, Param, Query } from '@nestjs/common';
import { noQuery } from '../common/validation.js';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { originOf } from './published-rule-sets.js';
import { RulesService } from './rules.service.js';

@ApiTags('rulesets')
@ApiBearerAuth()
@Controller('api/v1/rulesets')
export class RulesController {
  constructor(private readonly rules: RulesService) {}

  @Get()
  list(@Query() query: Record<string, unknown>) {
    noQuery(query);
    return this.rules.list().map((s) => ({
      hash: s.hash,
      file: s.file,
      /** `file` (rules/) or `published` (through a proposal; `file` is then `published/<proposal id>`). */
      origin: originOf(s),
      family: s.document.family,
      id: s.document.id,
      version: s.document.version,
      title: s.document.title,
      effective: s.document.effective,
      source: s.document.source,
      rules: s.document.rules.length,
    }));
  }

  @Get(':hash')
  get(@Param('hash') hash: string) {
    return this.rules.byContentHash(hash);
  }
}
