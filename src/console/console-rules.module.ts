import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { RuleChangesModule } from '../rule-changes/rule-changes.module.js';
import { RulesModule } from '../rules/rules.module.js';
import { candidateUpload } from './candidate-upload.js';
import { ConsoleCoreModule } from './console-core.module.js';
import { RulesPagesController } from './rules-pages.controller.js';
import { RulesPagesService } from './rules-pages.service.js';

/** The console's rules pages: rule-set versions, what-if runs of a candidate and diffs. */
@Module({
  imports: [ConsoleCoreModule, RulesModule, RuleChangesModule],
  controllers: [RulesPagesController],
  providers: [RulesPagesService],
})
export class ConsoleRulesModule implements NestModule {
  /** The what-if form uploads a file: multipart on that route only, before the guard reads its token. */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(candidateUpload).forRoutes({ path: 'console/rules/simulations', method: RequestMethod.POST });
  }
}
