import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import type { Actor } from '../auth/actor.js';
import { CurrentActor, Roles } from '../auth/auth.decorators.js';
import { ruleSetDiffSchema, simulationRunSchema } from '../common/api-responses.js';
import { DomainError } from '../common/domain-error.js';
import { apiBody, apiRefusals, apiResponse } from '../common/openapi.js';
import { UUID_PATTERN } from '../common/uuid-param.js';
import { parseOrThrow } from '../common/validation.js';
import { diffRequestSchema, ruleSetHashSchema, RuleSetDiffService } from './rule-set-diff.service.js';
import { simulationRequestSchema, SimulationService } from './simulation.service.js';

const runQuerySchema = z.strictObject({ format: z.enum(['json', 'csv']).default('json') });

const hashParam = (value: string, field: string): string => {
  const parsed = ruleSetHashSchema.safeParse(value);
  if (!parsed.success) throw DomainError.invalid([{ field, message: parsed.error.issues[0].message }], 'BAD_REQUEST');
  return parsed.data;
};

const CANDIDATE =
  '`candidate` is a rule set as a file in rules/<family>/ holds it, checked the same way: a bad one is a 422 whose field is the JSON pointer into it (`/rules/3/conditions/all/0/value`). `periods` narrows the periods covered (both ends included).';

/** Candidate rule sets before anyone changes a rule: simulations over the stored facts, and diffs. */
@ApiTags('rule-sets')
@ApiBearerAuth()
@Controller('api/v1/rule-sets')
export class RuleChangesController {
  constructor(
    private readonly simulations: SimulationService,
    private readonly diffs: RuleSetDiffService,
  ) {}

  /** Runs in the request (no queue) and writes only the run and its audit event. */
  @Post('simulations')
  @HttpCode(201)
  @Roles('board', 'admin')
  @apiBody(simulationRequestSchema, { description: CANDIDATE })
  @apiResponse(201, 'the simulation run: per subject, per rule and in total', simulationRunSchema)
  @apiRefusals(400, 422)
  simulate(@Body() body: unknown, @CurrentActor() actor: Actor) {
    const req = parseOrThrow(simulationRequestSchema, body);
    const checked = this.simulations.check(JSON.stringify(req.candidate));
    return this.simulations.simulate(checked, req.periods, actor);
  }

  /** A run as JSON, or its per-subject table as CSV (`:id.csv` or `?format=csv`). */
  @Get('simulations/:id')
  @apiResponse(200, 'the simulation run (or text/csv)', simulationRunSchema)
  @apiRefusals(400, 404)
  async get(@Param('id') param: string, @Query() query: Record<string, unknown>, @Res({ passthrough: true }) res: Response) {
    const { format } = parseOrThrow(runQuerySchema, query, 'query');
    const csv = format === 'csv' || param.endsWith('.csv');
    const id = param.replace(/\.csv$/, '');
    if (!UUID_PATTERN.test(id)) throw DomainError.invalid([{ field: 'id', message: 'expected a UUID (or a UUID with .csv)' }], 'BAD_REQUEST');
    if (!csv) return this.simulations.get(id);
    const text = await this.simulations.csv(id);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="simulation-${id}.csv"`);
    return text;
  }

  /** Compares nothing it writes, so every role may ask. */
  @Post('diff')
  @HttpCode(200)
  @Roles('board', 'panel', 'auditor', 'admin')
  @apiBody(diffRequestSchema, {
    description:
      "Each of `from` and `to` is a stored version's hash or a candidate rule set (a 422 names its pointer within the body, `/to/rules/3/...`).",
  })
  @apiResponse(200, 'rules added, removed and changed; parameters and header fields', ruleSetDiffSchema)
  @apiRefusals(400, 404, 422)
  diff(@Body() body: unknown) {
    return this.diffs.diffRequest(body);
  }

  @Get(':hash/diff/:otherHash')
  @apiResponse(200, 'rules added, removed and changed; parameters and header fields', ruleSetDiffSchema)
  @apiRefusals(400, 404)
  diffStored(@Param('hash') hash: string, @Param('otherHash') otherHash: string) {
    return this.diffs.diffStored(hashParam(hash, 'hash'), hashParam(otherHash, 'otherHash'));
  }
}
