import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { UUID_PARAM } from '../common/uuid-param.js';
import { z } from 'zod';
import { apiBody, apiRefusals, apiResponse } from '../common/openapi.js';
import { parseOrThrow } from '../common/validation.js';
import type { Actor } from './actor.js';
import { API_ROLES } from './api-key.js';
import { ApiKeysService } from './api-keys.service.js';
import { CurrentActor, Roles } from './auth.decorators.js';

const createKeySchema = z.object({ role: z.enum(API_ROLES), name: z.string().trim().min(2).max(100) }).strict();

/** Key administration, admin only. A key is shown once, when it is created. */
@ApiTags('api-keys')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/v1/api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Get()
  list() {
    return this.keys.list();
  }

  @Post()
  @apiBody(createKeySchema)
  @apiResponse(201, 'the new key: `key` is shown this once')
  @apiRefusals(422)
  create(@Body() body: unknown, @CurrentActor() actor: Actor) {
    const { role, name } = parseOrThrow(createKeySchema, body);
    return this.keys.create(role, name, actor);
  }

  @Delete(':id')
  @HttpCode(204)
  async revoke(@Param('id', UUID_PARAM) id: string, @CurrentActor() actor: Actor): Promise<void> {
    await this.keys.revoke(id, actor);
  }
}
