import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { LoggerModule } from 'nestjs-pino';
import { AssessmentsModule } from './assessments/assessments.module.js';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { BarriersModule } from './barriers/barriers.module.js';
import { CcgsModule } from './ccgs/ccgs.module.js';
import { ConsoleModule } from './console/console.module.js';
import { APP_CONFIG, type AppConfig } from './config/app-config.js';
import { redisConnection } from './config/redis-connection.js';
import { DecisionsModule } from './decisions/decisions.module.js';
import { EvaluationsModule } from './evaluations/evaluations.module.js';
import { FamiliesModule } from './families.js';
import { MetricsModule } from './health/metrics.module.js';
import { OperationsModule } from './health/operations.module.js';
import { PrismaModule } from './prisma/prisma.module.js';
import { RulesModule } from './rules/rules.module.js';
import { RuleChangesModule } from './rule-changes/rule-changes.module.js';

@Global()
@Module({})
class ConfigHolderModule {
  static with(config: AppConfig): DynamicModule {
    return { module: ConfigHolderModule, providers: [{ provide: APP_CONFIG, useValue: config }], exports: [APP_CONFIG] };
  }
}

/** The same build serves every role: `api` mounts HTTP, `worker` runs jobs, `all` both. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    const api = config.ROLE === 'api' || config.ROLE === 'all';
    return {
      module: AppModule,
      imports: [
        ConfigHolderModule.with(config),
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.LOG_LEVEL,
            redact: ['req.headers.authorization', 'req.headers.cookie'],
            autoLogging: { ignore: (req) => req.url === '/health' || req.url === '/metrics' },
          },
        }),
        BullModule.forRoot({ connection: redisConnection(config.REDIS_URL), prefix: config.QUEUE_PREFIX }),
        PrismaModule,
        MetricsModule,
        AuditModule,
        RulesModule,
        CcgsModule,
        DecisionsModule,
        EvaluationsModule,
        RuleChangesModule,
        AssessmentsModule.forRole(config.ROLE),
        FamiliesModule.forRole(config.ROLE),
        ...(api
          ? [
              AuthModule,
              OperationsModule,
              ConsoleModule,
              BarriersModule,
              ThrottlerModule.forRoot([{ ttl: 60_000, limit: config.RATE_LIMIT_PER_MINUTE }]),
            ]
          : []),
      ],
      providers: api ? [{ provide: APP_GUARD, useClass: ThrottlerGuard }] : [],
    };
  }
}
