import { Global, Module, type DynamicModule, type Type } from '@nestjs/common';
import { AuthorisationModule } from './authorisation/authorisation.module.js';
import { authorisationFamily } from './authorisation/authorisation.family.js';
import { authorisationReviewFamily } from './authorisation/review.family.js';
import { barrierEscalationFamily } from './barrier-escalation/barrier-escalation.family.js';
import { BarrierEscalationModule } from './barrier-escalation/barrier-escalation.module.js';
import type { ProcessRole } from './config/env.js';
import { interventionFamily } from './intervention/intervention.family.js';
import { InterventionModule } from './intervention/intervention.module.js';
import { qualityPremiumFamily } from './quality-premium/quality-premium.family.js';
import { reconfigurationFamily } from './reconfiguration/reconfiguration.family.js';
import { ReconfigurationModule } from './reconfiguration/reconfiguration.module.js';
import { FamilyRegistry, RULE_FAMILIES, type AnyRuleFamily } from './rules/family-registry.js';

/** A rule family as this build plugs it in: its contract with the pipeline, and the Nest module
 *  that brings its own endpoints, queues or schedules, if it has one, for the process role. */
interface FamilyPlugin {
  families: AnyRuleFamily[];
  module?: (role: ProcessRole) => Type | DynamicModule | undefined;
}

const serves = (role: ProcessRole) => role === 'api' || role === 'all';

/**
 * The composition root's one list of rule families. Adding a family: its rules/<id>/ folder, a
 * facts schema, a decider and templates, and one entry here; generic code reaches it through the
 * injected FamilyRegistry.
 */
const PLUGINS: FamilyPlugin[] = [
  { families: [qualityPremiumFamily] },
  { families: [authorisationFamily, authorisationReviewFamily], module: (role) => AuthorisationModule.forRole(role) },
  { families: [reconfigurationFamily], module: (role) => (serves(role) ? ReconfigurationModule : undefined) },
  { families: [interventionFamily], module: (role) => InterventionModule.forRole(role) },
  { families: [barrierEscalationFamily], module: (role) => BarrierEscalationModule.forRole(role) },
];

export const ruleFamilies: readonly AnyRuleFamily[] = PLUGINS.flatMap((p) => p.families);

/** Provides the registry to every module (it is global), and imports the families' own modules. */
@Global()
@Module({})
export class FamiliesModule {
  static forRole(role: ProcessRole): DynamicModule {
    const modules = PLUGINS.map((p) => p.module?.(role)).filter((m): m is Type | DynamicModule => m !== undefined);
    return {
      module: FamiliesModule,
      imports: modules,
      providers: [{ provide: RULE_FAMILIES, useValue: ruleFamilies }, FamilyRegistry],
      exports: [FamilyRegistry],
    };
  }
}
