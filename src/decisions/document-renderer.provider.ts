import type { Provider } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { FamilyRegistry } from '../rules/family-registry.js';
import { FamilyDefinitionError, type RuleFamily } from '../rules/rule-family.js';
import { DocumentRenderer } from './document-renderer.js';

/** Every template a family names for an outcome key, where the renderer has none. */
export function missingTemplates(families: readonly Pick<RuleFamily, 'id' | 'templates'>[], has: (name: string) => boolean): FamilyDefinitionError[] {
  return families.flatMap((family) =>
    Object.entries(family.templates)
      .filter(([, name]) => !has(name))
      .map(([key, name]) => new FamilyDefinitionError(family.id, `outcome key "${key}" names the template "${name}", which is not under templates/`)),
  );
}

/** Templates are compiled once per process, and every family's must be there: a missing one
 *  stops start-up instead of failing evaluations later. */
export const documentRendererProvider: Provider = {
  provide: DocumentRenderer,
  inject: [APP_CONFIG, FamilyRegistry],
  useFactory: (config: AppConfig, families: FamilyRegistry) => {
    const renderer = new DocumentRenderer(config.TEMPLATES_DIR);
    const missing = missingTemplates(families.all(), (name) => renderer.has(name));
    if (missing.length > 0) throw new Error(`${missing.map((e) => e.message).join('; ')} (TEMPLATES_DIR=${config.TEMPLATES_DIR})`);
    return renderer;
  },
};
