import { DynamicModule, Module } from '@nestjs/common';
import type { ProcessRole } from '../config/env.js';
import { AuthorisationController } from './authorisation.controller.js';
import { AuthorisationService } from './authorisation.service.js';

/** The authorisation register's routes (API processes). */
@Module({})
export class AuthorisationModule {
  static forRole(role: ProcessRole): DynamicModule {
    const api = role === 'api' || role === 'all';
    return {
      module: AuthorisationModule,
      controllers: api ? [AuthorisationController] : [],
      providers: [AuthorisationService],
      exports: [AuthorisationService],
    };
  }
}
