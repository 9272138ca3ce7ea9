import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor.js';
import { CurrentActor, Roles } from '../auth/auth.decorators.js';
import { errorBodySchema, ruleSetProposalListSchema, ruleSetProposalSchema } from '../common/api-responses.js';
import { apiBody, apiQuery, apiRefusals, apiResponse } from '../common/openapi.js';
import { UUID_PARAM } from '../common/uuid-param.js';
import {
  approvalRequestSchema,
  proposalQuerySchema,
  proposalRequestSchema,
  publishRequestSchema,
  RuleSetProposalsService,
  withdrawalRequestSchema,
} from './rule-set-proposals.service.js';

const PROPOSAL = 'the proposal; `candidate` (one proposal only) is the rule set as proposed';

/** Publishing a rule set under control: admins propose, approve (not their own), publish and
 *  withdraw; Board staff and auditors read. */
@ApiTags('rule-sets')
@ApiBearerAuth()
@Controller('api/v1/rule-sets/proposals')
export class RuleSetProposalsController {
  constructor(private readonly proposals: RuleSetProposalsService) {}

  @Post()
  @HttpCode(201)
  @Roles('admin')
  @apiBody(proposalRequestSchema, {
    description:
      '`candidate` is a rule set as a file in rules/<family>/ holds it, checked as a simulation checks it (a 422 names the JSON pointer into it). `changeReason` is written into it: it is needed when it starts inside a period another version covers (draft mandate §1.9), and it is part of the content a simulation must match.',
  })
  @apiResponse(201, PROPOSAL, ruleSetProposalSchema)
  @apiRefusals(400, 409, 422)
  propose(@Body() body: unknown, @CurrentActor() actor: Actor) {
    return this.proposals.propose(body, actor);
  }

  @Get()
  @Roles('board', 'auditor', 'admin')
  @apiQuery(proposalQuerySchema)
  @apiResponse(200, 'proposals, newest first', ruleSetProposalListSchema)
  @apiRefusals(400, 422)
  list(@Query() query: Record<string, unknown>) {
    return this.proposals.list(query);
  }

  @Get(':id')
  @Roles('board', 'auditor', 'admin')
  @apiResponse(200, PROPOSAL, ruleSetProposalSchema)
  @apiRefusals(400, 404)
  get(@Param('id', UUID_PARAM) id: string) {
    return this.proposals.get(id);
  }

  /** Four eyes: an admin other than the proposer. */
  @Post(':id/approve')
  @HttpCode(200)
  @Roles('admin')
  @apiBody(approvalRequestSchema, { required: false })
  @apiResponse(200, 'the proposal, approved', ruleSetProposalSchema)
  @apiResponse(403, 'the caller proposed it: another admin must approve it', errorBodySchema)
  @apiRefusals(400, 404, 409, 422)
  approve(@Param('id', UUID_PARAM) id: string, @Body() body: unknown, @CurrentActor() actor: Actor) {
    return this.proposals.approve(id, body, actor);
  }

  /** Needs the approval and a simulation run of exactly this content; in force in every process
   *  from its effective date, without a restart. */
  @Post(':id/publish')
  @HttpCode(200)
  @Roles('admin')
  @apiBody(publishRequestSchema, { required: false })
  @apiResponse(200, 'the proposal, published; the version is listed at /api/v1/rulesets with origin "published"', ruleSetProposalSchema)
  @apiRefusals(400, 404, 409, 422)
  publish(@Param('id', UUID_PARAM) id: string, @Body() body: unknown, @CurrentActor() actor: Actor) {
    return this.proposals.publish(id, body, actor);
  }

  /** Before publishing only: a published version is replaced by publishing another. */
  @Post(':id/withdraw')
  @HttpCode(200)
  @Roles('admin')
  @apiBody(withdrawalRequestSchema)
  @apiResponse(200, 'the proposal, withdrawn', ruleSetProposalSchema)
  @apiRefusals(400, 404, 409, 422)
  withdraw(@Param('id', UUID_PARAM) id: string, @Body() body: unknown, @CurrentActor() actor: Actor) {
    return this.proposals.withdraw(id, body, actor);
  }
}
