import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { hashApiKey } from '../auth/api-key.js';
import { sha256Hex } from '../common/canonical-json.js';
import { PrismaService } from '../prisma/prisma.service.js';
import { SESSION_TTL_MS, type ConsoleSession } from './console-session.js';

/**
 * Console sessions kept server-side in PostgreSQL: the browser holds a random token in an
 * httpOnly cookie, the table holds its sha256. Signing out deletes the row, and a revoked API key
 * ends its sessions on the next request; a signed cookie could do neither before it expired.
 */
@Injectable()
export class ConsoleSessionsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditService,
  ) {}

  /** Exchanges an API key for a session, or undefined for an unknown or revoked key. */
  async signIn(apiKey: string): Promise<{ token: string; session: ConsoleSession } | undefined> {
    const key = await this.prisma.apiKey.findUnique({ where: { keyHash: hashApiKey(apiKey.trim()) } });
    if (!key || key.revokedAt) return undefined;
    const token = randomBytes(32).toString('base64url');
    const session: ConsoleSession = {
      tokenHash: sha256Hex(token),
      apiKeyId: key.id,
      actor: { name: key.name, role: key.role, keyId: key.id, ...(key.ccgCode ? { ccgCode: key.ccgCode } : {}) },
      role: key.role,
      csrfToken: randomBytes(32).toString('base64url'),
      expiresAt: new Date(Date.now() + SESSION_TTL_MS),
    };
    await this.prisma.$transaction(async (tx) => {
      await tx.consoleSession.create({
        data: {
          tokenHash: session.tokenHash,
          apiKeyId: key.id,
          actorName: key.name,
          role: key.role,
          csrfToken: session.csrfToken,
          expiresAt: session.expiresAt,
        },
      });
      await this.audit.append(tx, {
        actor: session.actor,
        action: 'console.signed-in',
        entityType: 'api-key',
        entityId: key.id,
        payload: { expiresAt: session.expiresAt.toISOString() },
      });
    });
    return { token, session };
  }

  /** The live session behind a cookie token: not expired, its key not revoked. */
  async resolve(token: string | undefined): Promise<ConsoleSession | undefined> {
    if (!token) return undefined;
    const row = await this.prisma.consoleSession.findUnique({ where: { tokenHash: sha256Hex(token) } });
    if (!row || row.expiresAt.getTime() <= Date.now()) return undefined;
    const key = await this.prisma.apiKey.findUnique({ where: { id: row.apiKeyId }, select: { revokedAt: true, ccgCode: true } });
    if (!key || key.revokedAt) return undefined;
    return {
      tokenHash: row.tokenHash,
      apiKeyId: row.apiKeyId,
      // A ccg session speaks for its key's CCG, read from the key so it cannot drift from it.
      actor: { name: row.actorName, role: row.role, keyId: row.apiKeyId, ...(key.ccgCode ? { ccgCode: key.ccgCode } : {}) },
      role: row.role,
      csrfToken: row.csrfToken,
      expiresAt: row.expiresAt,
    };
  }

  async signOut(session: ConsoleSession): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      const { count } = await tx.consoleSession.deleteMany({ where: { tokenHash: session.tokenHash } });
      if (count === 0) return;
      // Expired sessions go with it: the table stays small without a sweeper.
      await tx.consoleSession.deleteMany({ where: { expiresAt: { lt: new Date() } } });
      await this.audit.append(tx, { actor: session.actor, action: 'console.signed-out', entityType: 'api-key', entityId: session.apiKeyId });
    });
  }
}
