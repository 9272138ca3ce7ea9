import { InjectQueue } from '@nestjs/bullmq';
import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { ApiTags } from '@nestjs/swagger';
import type { Queue } from 'bullmq';
import { Public } from '../auth/auth.decorators.js';
import { EVALUATION_QUEUE } from '../assessments/evaluation.job.js';
import { PrismaService } from '../prisma/prisma.service.js';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    private readonly prisma: PrismaService,
    @InjectQueue(EVALUATION_QUEUE) private readonly queue: Queue,
  ) {}

  @Get()
  @Public()
  @HealthCheck()
  check() {
    return this.health.check([
      () => this.probe('database', async () => void (await this.prisma.$queryRaw`SELECT 1`)),
      () => this.probe('redis', async () => void (await this.queue.getJobCounts('waiting'))),
    ]);
  }

  private async probe(key: string, ping: () => Promise<void>) {
    const session = this.indicator.check(key);
    try {
      // A lost Redis makes BullMQ calls wait for a reconnect: answer "down" instead of hanging.
      await Promise.race([ping(), new Promise((_, reject) => setTimeout(() => reject(new Error('timed out after 2 s')), 2000).unref())]);
      return session.up();
    } catch (error) {
      return session.down({ message: (error as Error).message });
    }
  }
}
