import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/domain-error.js';
import { AuditService } from '../audit/audit.service.js';
import { PrismaService } from '../prisma/prisma.service.js';
import type { Actor } from './actor.js';
import { generateApiKey, hashApiKey, type ApiRole } from './api-key.js';

@Injectable()
export class ApiKeysService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditService,
  ) {}

  /** Creates a key and returns it once; only its hash is stored. */
  async create(role: ApiRole, name: string, by: Actor): Promise<{ id: string; key: string; name: string; role: ApiRole }> {
    const { id, key, keyHash, prefix } = generateApiKey(role);
    await this.prisma.$transaction(async (tx) => {
      await tx.apiKey.create({ data: { id, name, role, keyHash, prefix } });
      await this.audit.append(tx, { actor: by, action: 'api-key.created', entityType: 'api-key', entityId: id, payload: { name, role, prefix } });
    });
    return { id, key, name, role };
  }

  async revoke(id: string, by: Actor): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      const { count } = await tx.apiKey.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
      if (count === 0) throw DomainError.notFound('active api key', id);
      await this.audit.append(tx, { actor: by, action: 'api-key.revoked', entityType: 'api-key', entityId: id });
    });
  }

  list() {
    return this.prisma.apiKey.findMany({
      select: { id: true, name: true, role: true, prefix: true, createdAt: true, revokedAt: true },
      orderBy: { createdAt: 'asc' },
    });
  }

  /** The actor behind a presented key, or undefined for an unknown or revoked one. */
  async resolve(key: string): Promise<Actor | undefined> {
    const found = await this.prisma.apiKey.findUnique({ where: { keyHash: hashApiKey(key) } });
    if (!found || found.revokedAt) return undefined;
    return { name: found.name, role: found.role };
  }
}
