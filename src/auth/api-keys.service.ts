import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/domain-error.js';
import { AuditService } from '../audit/audit.service.js';
import { PrismaService } from '../prisma/prisma.service.js';
import type { Actor } from './actor.js';
import { generateApiKey, hashApiKey, keyCcgProblem, type ApiRole } from './api-key.js';

@Injectable()
export class ApiKeysService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditService,
  ) {}

  /** Creates a key and returns it once; only its hash is stored. A `ccg` key needs the ODS code
   *  of a CCG in the register, and no other role takes one (422 naming `ccg`). */
  async create(
    role: ApiRole,
    name: string,
    by: Actor,
    ccg?: string,
  ): Promise<{ id: string; key: string; name: string; role: ApiRole; ccg?: string }> {
    const ccgCode = ccg?.trim().toUpperCase() || undefined;
    const problem = keyCcgProblem(role, ccgCode);
    if (problem) throw DomainError.invalid([{ field: 'ccg', message: problem }]);
    if (ccgCode && !(await this.prisma.ccg.findUnique({ where: { odsCode: ccgCode }, select: { odsCode: true } }))) {
      throw DomainError.invalid([{ field: 'ccg', message: `no CCG with ODS code "${ccgCode}" in the register` }]);
    }
    const { id, key, keyHash, prefix } = generateApiKey(role);
    await this.prisma.$transaction(async (tx) => {
      await tx.apiKey.create({ data: { id, name, role, keyHash, prefix, ccgCode: ccgCode ?? null } });
      await this.audit.append(tx, {
        actor: by,
        action: 'api-key.created',
        entityType: 'api-key',
        entityId: id,
        payload: { name, role, prefix, ...(ccgCode ? { ccg: ccgCode } : {}) },
      });
    });
    return { id, key, name, role, ...(ccgCode ? { ccg: ccgCode } : {}) };
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
      select: { id: true, name: true, role: true, ccgCode: true, prefix: true, createdAt: true, revokedAt: true },
      orderBy: { createdAt: 'asc' },
    });
  }

  /** The actor behind a presented key, or undefined for an unknown or revoked one. */
  async resolve(key: string): Promise<Actor | undefined> {
    const found = await this.prisma.apiKey.findUnique({ where: { keyHash: hashApiKey(key) } });
    if (!found || found.revokedAt) return undefined;
    return { name: found.name, role: found.role, keyId: found.id, ...(found.ccgCode ? { ccgCode: found.ccgCode } : {}) };
  }
}
