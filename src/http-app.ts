import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule, type SchemaObject } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { HttpExceptionFilter, type OtherErrorAnswer } from './common/http-exception.filter.js';
import { addOpenApiComponents, familyComponentName, toOpenApiSchema } from './common/openapi.js';
import { refuseUnsafeJsonBody, requireJsonApiBody, SafeInputPipe } from './common/safe-input.js';
import type { AppConfig } from './config/app-config.js';
import { ConsoleExceptionFilter } from './console/console-exception.filter.js';
import { FamilyRegistry } from './rules/family-registry.js';

/** Each family's facts schema (`<Family>Facts`) and, where Board staff may override its proposals,
 *  its override outcome (`<Family>Override`), generated from the zod schemas intake and review
 *  validate with. */
export function familyComponents(registry: FamilyRegistry): Record<string, SchemaObject> {
  const components: Record<string, SchemaObject> = {};
  for (const family of registry.all()) {
    const facts = familyComponentName(family.id, 'Facts');
    components[facts] = {
      ...toOpenApiSchema(family.factsSchema, facts),
      title: facts,
      description: `\`facts\` of an assessment of the family \`${family.id}\` (${family.title}).`,
    };
    if (family.issueModes.includes('override')) {
      const outcome = familyComponentName(family.id, 'Override');
      components[outcome] = {
        ...toOpenApiSchema(family.overrideSchema, outcome),
        title: outcome,
        description: `\`outcome\` of an override of a \`${family.id}\` decision.`,
      };
    }
  }
  return components;
}

/** A console request's error that no console route caught (an unknown path under /console, a form
 *  body too large or unreadable, refused before any route) is a console page, as every other
 *  console error is; the API keeps its JSON. Nothing, where this process mounts no console. */
function consolePages(app: INestApplication): OtherErrorAnswer | undefined {
  let filter: ConsoleExceptionFilter;
  try {
    filter = app.get(ConsoleExceptionFilter, { strict: false });
  } catch {
    return undefined;
  }
  return (exception, host, refusal) => filter.answerBeforeRoute(exception, host, refusal);
}

/** HTTP concerns shared by `main` and the e2e tests, so tests exercise the real set-up. */
export function configureHttpApp(app: NestExpressApplication, config: AppConfig): INestApplication {
  app.useLogger(app.get(Logger));
  app.use(helmet({ contentSecurityPolicy: false }));
  app.use(requireJsonApiBody);
  app.useBodyParser('json', { limit: config.BODY_LIMIT });
  // Malformed input is refused with a 400 naming the field before any route or database sees it.
  app.use(refuseUnsafeJsonBody);
  app.useGlobalPipes(new SafeInputPipe());
  app.useGlobalFilters(new HttpExceptionFilter(consolePages(app)));
  const openApi = new DocumentBuilder()
    .setTitle('ccg-oversight')
    .setDescription('Rules-driven oversight of Clinical Commissioning Groups: intake, evaluation, review, audit.')
    .setVersion('1')
    // Opaque API keys made with `keys create`, not JWTs.
    .addBearerAuth({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'API key',
      description: 'an API key made with `node dist/src/cli.js keys create`',
    })
    .build();
  // The document is built when first asked for (/docs, /docs-json), with the registry's families.
  SwaggerModule.setup('docs', app, () =>
    addOpenApiComponents(SwaggerModule.createDocument(app, openApi), familyComponents(app.get(FamilyRegistry, { strict: false }))),
  );
  return app;
}
