import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { UUID_PARAM } from '../common/uuid-param.js';
import { z } from 'zod';
import { apiBody, apiRefusals, apiResponse } from '../common/openapi.js';
import { noQuery, parseOrThrow } from '../common/validation.js';
import type { Actor } from './actor.js';
import { KEY_ROLES, keyCcgProblem } from './api-key.js';
import { ApiKeysService } from './api-keys.service.js';
import { CurrentActor, Roles } from './auth.decorators.js';

const createKeySchema = z
  .object({
    role: z.enum(KEY_ROLES),
    name: z.string().trim().min(2).max(100),
    /** The ODS code a `ccg` key is bound to; required for `ccg`, refused for every other role. */
    ccg: z
      .string()
      .trim()
      .regex(/^[0-9A-Za-z]{3}$/, 'expected a three-character ODS code')
      .optional(),
  })
  .strict()
  .superRefine((body, ctx) => {
    const problem = keyCcgProblem(body.role, body.ccg);
    if (problem) ctx.addIssue({ code: 'custom', path: ['ccg'], message: problem });
  });

/** Key administration, admin only. A key is shown once, when it is created. */
@ApiTags('api-keys')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/v1/api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Get()
  list(@Query() query: Record<string, unknown>) {
    noQuery(query);
    return this.keys.list();
  }

  @Post()
  @apiBody(createKeySchema)
  @apiResponse(201, 'the new key: `key` is shown this once')
  @apiRefusals(422)
  create(@Body() body: unknown, @CurrentActor() actor: Actor) {
    const { role, name, ccg } = parseOrThrow(createKeySchema, body);
    return this.keys.create(role, name, actor, ccg);
  }

  @Delete(':id')
  @HttpCode(204)
  async revoke(@Param('id', UUID_PARAM) id: string, @CurrentActor() actor: Actor): Promise<void> {
    await this.keys.revoke(id, actor);
  }
}
