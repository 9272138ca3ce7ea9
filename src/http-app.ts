import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { HttpExceptionFilter } from './common/http-exception.filter.js';
import { refuseUnsafeJsonBody, SafeInputPipe } from './common/safe-input.js';
import type { AppConfig } from './config/app-config.js';

/** HTTP concerns shared by `main` and the e2e tests, so tests exercise the real set-up. */
export function configureHttpApp(app: NestExpressApplication, config: AppConfig): INestApplication {
  app.useLogger(app.get(Logger));
  app.use(helmet({ contentSecurityPolicy: false }));
  app.useBodyParser('json', { limit: config.BODY_LIMIT });
  // Malformed input is refused with a 400 naming the field before any route or database sees it.
  app.use(refuseUnsafeJsonBody);
  app.useGlobalPipes(new SafeInputPipe());
  app.useGlobalFilters(new HttpExceptionFilter());
  const openApi = new DocumentBuilder()
    .setTitle('ccg-oversight')
    .setDescription('Rules-driven oversight of Clinical Commissioning Groups: intake, evaluation, review, audit.')
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, openApi));
  return app;
}
