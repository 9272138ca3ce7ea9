import { WorkerHost } from '@nestjs/bullmq';
import type { OnModuleDestroy } from '@nestjs/common';

/**
 * A BullMQ processor that finishes its active jobs first thing at shutdown. @nestjs/bullmq closes
 * workers only in the last phase, beside the database's own close; closing here, while modules are
 * destroyed, lets a running job still write its results and the audit sequencer seal them
 * (beforeApplicationShutdown) before the database closes (onApplicationShutdown).
 */
export abstract class GracefulWorkerHost extends WorkerHost implements OnModuleDestroy {
  async onModuleDestroy(): Promise<void> {
    await this.worker.close();
  }
}
