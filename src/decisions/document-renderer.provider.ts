import type { Provider } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { DocumentRenderer } from './document-renderer.js';

/** Templates are compiled once per process. */
export const documentRendererProvider: Provider = {
  provide: DocumentRenderer,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig) => new DocumentRenderer(config.TEMPLATES_DIR),
};
