import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { RulesService } from '../rules/rules.service.js';
import { authorisationFamily } from './authorisation.family.js';
import { catalogueFor, useCatalogueRulesDir } from './criteria-catalogue.js';

/** Criteria catalogues come from the validated RULES_DIR, beside the rule sets that name them; each
 *  one an authorisation rule set on disk names is read at start-up, so a missing or broken
 *  catalogue stops start-up (naming RULES_DIR and the file) instead of failing intake later. */
@Injectable()
export class CriteriaCatalogues implements OnApplicationBootstrap {
  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly rules: RulesService,
  ) {
    useCatalogueRulesDir(config.RULES_DIR);
  }

  onApplicationBootstrap(): void {
    for (const set of this.rules.list()) {
      if (set.document.family === authorisationFamily.id) catalogueFor(set.document);
    }
  }
}
