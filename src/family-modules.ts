import type { DynamicModule, Type } from '@nestjs/common';
import { AuthorisationModule } from './authorisation/authorisation.module.js';
import type { ProcessRole } from './config/env.js';
import { InterventionModule } from './intervention/intervention.module.js';
import { ReconfigurationModule } from './reconfiguration/reconfiguration.module.js';

/** The Nest modules of rule families that bring their own endpoints, queues or schedules (e.g. a
 *  family's register of conditions). Each takes the process role, so workers run its jobs and
 *  API processes serve its routes. The pipeline itself needs none of them. */
export function familyModules(role: ProcessRole): (Type | DynamicModule)[] {
  const api = role === 'api' || role === 'all';
  return [AuthorisationModule.forRole(role), InterventionModule.forRole(role), ...(api ? [ReconfigurationModule] : [])];
}
