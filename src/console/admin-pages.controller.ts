import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { KEY_ROLES, keyCcgProblem } from '../auth/api-key.js';
import { ApiKeysService } from '../auth/api-keys.service.js';
import { Public } from '../auth/auth.decorators.js';
import { DomainError } from '../common/domain-error.js';
import { formProblems, plainMessage, type PlainField } from './form-problems.js';
import { zodIssues } from '../common/validation.js';
import { PrismaService } from '../prisma/prisma.service.js';
import { RulesService } from '../rules/rules.service.js';
import { ConsoleAuthGuard, ConsoleRoles } from './console-auth.guard.js';
import { ConsoleExceptionFilter } from './console-exception.filter.js';
import { ConsoleRenderer } from './console-renderer.js';
import { when } from './review-view.js';
import { CAN, type ConsoleRequest } from './console-session.js';

type Req_ = Request & ConsoleRequest;
const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const createKeySchema = z.object({
  role: z.enum(KEY_ROLES),
  name: z.preprocess(blankToUndefined, z.string().trim().min(2).max(100)),
});
/** The key form's fields as its messages name them (plain-words.ts). */
const KEY_FIELDS: Record<string, PlainField> = {
  name: { noun: 'a name' },
  role: { kind: 'choice', noun: 'a role' },
  ccg: { kind: 'choice', noun: 'a CCG' },
};
/** The CCG field's problems (auth/api-key.ts words them for the API), told as what to do here. */
const ccgWords = (message: string): string =>
  message.startsWith('a ccg key must')
    ? `Choose the CCG: ${message}`
    : message.startsWith('only a ccg key')
      ? `Leave the CCG as none: ${message}`
      : message;
/** The CCG a `ccg` key is bound to: the service checks it against the role and the register, as
 *  for the API (422 naming `ccg`). */
const formCcg = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

/** Operating the service: API keys, the rule sets loaded, and the queue dashboard. Admin only. */
@ApiExcludeController()
@Public()
@UseGuards(ConsoleAuthGuard)
@UseFilters(ConsoleExceptionFilter)
@ConsoleRoles(...CAN.admin)
@Controller('console/admin')
export class AdminPagesController {
  constructor(
    private readonly keys: ApiKeysService,
    private readonly rules: RulesService,
    private readonly prisma: PrismaService,
    private readonly renderer: ConsoleRenderer,
  ) {}

  @Get()
  async index(@Req() req: Req_, @Res() res: Response): Promise<void> {
    await this.render(req, res, {});
  }

  @Post('keys')
  async create(@Body() body: Record<string, unknown>, @Req() req: Req_, @Res() res: Response): Promise<void> {
    try {
      const parsed = createKeySchema.safeParse({ role: body.role, name: body.name });
      const issues = parsed.success ? [] : zodIssues(parsed.error);
      const ccg = formCcg(body.ccg);
      const problem = parsed.success ? keyCcgProblem(parsed.data.role, ccg) : undefined;
      if (problem) issues.push({ field: 'ccg', message: problem });
      if (!parsed.success || issues.length > 0) throw DomainError.invalid(issues);
      const created = await this.keys.create(parsed.data.role, parsed.data.name, req.actor!, ccg);
      // Shown once, on this response only: it is never stored and never shown again.
      await this.render(req, res, { created }, 201);
    } catch (error) {
      if (!(error instanceof DomainError) || error.status !== 422) throw error;
      const { errors, errorList } = formProblems(error.issues, (i) => ({
        slot: i.field,
        href: `#key-${i.field}`,
        message: plainMessage(
          i.field === 'ccg' ? ccgWords(i.message) : i.message,
          Object.hasOwn(KEY_FIELDS, i.field) ? KEY_FIELDS[i.field] : undefined,
        ),
      }));
      const values = { name: typeof body.name === 'string' ? body.name : '', role: body.role, ccg: formCcg(body.ccg) };
      await this.render(req, res, { errors, errorList, values }, 422);
    }
  }

  @Post('keys/:id/revoke')
  async revoke(@Param('id', ParseUUIDPipe) id: string, @Req() req: Req_, @Res() res: Response): Promise<void> {
    try {
      await this.keys.revoke(id, req.actor!);
    } catch (error) {
      // Revoked already (a second click, the back button): say so on the page, which shows it revoked.
      if (!(error instanceof DomainError) || error.status !== 404) throw error;
      const key = await this.prisma.apiKey.findUnique({ where: { id }, select: { name: true, revokedAt: true } });
      if (!key?.revokedAt) throw error;
      return this.render(req, res, { notice: `This key was already revoked (${key.name}, ${when(key.revokedAt)}).` }, 409);
    }
    res.redirect(303, '/console/admin');
  }

  private async render(
    req: Req_,
    res: Response,
    extra: {
      errors?: Record<string, string>;
      errorList?: { href: string; message: string }[];
      values?: { name: string; role: unknown; ccg?: string };
      created?: object;
      notice?: string;
    },
    status = 200,
  ): Promise<void> {
    const [keys, versions, ccgs] = await Promise.all([
      this.keys.list(),
      this.prisma.ruleSetVersion.findMany({ omit: { content: true }, orderBy: [{ family: 'asc' }, { effectiveFrom: 'asc' }] }),
      this.prisma.ccg.findMany({ select: { odsCode: true, name: true }, orderBy: { name: 'asc' } }),
    ]);
    const loaded = new Set(this.rules.list().map((s) => s.hash));
    this.renderer.send(
      req,
      res,
      'admin',
      {
        title: extra.errors ? 'Error: Admin' : 'Admin',
        keys: keys.map((k) => ({ ...k, createdAt: when(k.createdAt), revokedAt: k.revokedAt ? when(k.revokedAt) : null })),
        roles: KEY_ROLES.map((r) => ({ value: r, selected: extra.values?.role === r })),
        ccgs: ccgs.map((c) => ({ value: c.odsCode, label: `${c.name} (${c.odsCode})`, selected: extra.values?.ccg?.toUpperCase() === c.odsCode })),
        ruleSets: versions.map((v) => ({
          ...v,
          effectiveFrom: v.effectiveFrom.toISOString().slice(0, 10),
          effectiveTo: v.effectiveTo?.toISOString().slice(0, 10) ?? 'open',
          loadedAt: when(v.loadedAt),
          inUse: loaded.has(v.hash),
        })),
        ...extra,
      },
      status,
    );
  }
}
