import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../auth/auth.decorators.js';
import { DomainError, type FieldIssue } from '../common/domain-error.js';
import { formProblems, plainMessage, type PlainField } from './form-problems.js';
import { ReviewService } from '../decisions/review.service.js';
import { DecisionDocuments } from '../decisions/decision-documents.service.js';
import { PrismaService } from '../prisma/prisma.service.js';
import { AssessmentPageService } from './assessment-page.service.js';
import { ClaimsService } from './claims.service.js';
import { ConsoleAuthGuard, ConsoleRoles } from './console-auth.guard.js';
import { ConsoleExceptionFilter } from './console-exception.filter.js';
import { ConsoleRenderer } from './console-renderer.js';
import { CAN, type ConsoleRequest } from './console-session.js';
import { outcomeFromForm, overrideFields, plainFields } from './override-form.js';
import { clockTime, when } from './review-view.js';

type Form = Record<string, unknown>;
type Req_ = Request & ConsoleRequest;

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** One assessment under review: claim it, read it, confirm or override its proposed decision. */
@ApiExcludeController()
@Public()
@UseGuards(ConsoleAuthGuard)
@UseFilters(ConsoleExceptionFilter)
@Controller('console')
export class ReviewPagesController {
  constructor(
    private readonly pages: AssessmentPageService,
    private readonly claims: ClaimsService,
    private readonly review: ReviewService,
    private readonly documents: DecisionDocuments,
    private readonly prisma: PrismaService,
    private readonly renderer: ConsoleRenderer,
  ) {}

  @Get('assessments/:id')
  async page(@Param('id', ParseUUIDPipe) id: string, @Req() req: Req_, @Res() res: Response, @Query('done') done?: string): Promise<void> {
    await this.render(id, req, res, {
      flash: done === 'issued' ? 'The decision has been issued.' : done === 'claimed' ? 'You are reviewing this assessment.' : null,
    });
  }

  @Post('assessments/:id/claim')
  @ConsoleRoles(...CAN.review)
  async claim(@Param('id', ParseUUIDPipe) id: string, @Req() req: Req_, @Res() res: Response): Promise<void> {
    await this.claims.claim(id, req.consoleSession!);
    res.redirect(303, `/console/assessments/${id}?done=claimed`);
  }

  @Post('assessments/:id/release')
  @ConsoleRoles(...CAN.review)
  async release(@Param('id', ParseUUIDPipe) id: string, @Req() req: Req_, @Res() res: Response): Promise<void> {
    await this.claims.release(id, req.consoleSession!);
    res.redirect(303, '/console/queue');
  }

  @Post('assessments/:id/confirm')
  @ConsoleRoles(...CAN.review)
  async confirm(@Param('id', ParseUUIDPipe) id: string, @Body() body: Form, @Req() req: Req_, @Res() res: Response): Promise<void> {
    if (await this.issuedAlready(id, req, res)) return;
    await this.claims.requireMine(id, req.consoleSession!);
    const decisionId = await this.pages.proposedDecision(id);
    const note = str(body.note).trim();
    const amendment = amendmentOf(body);
    try {
      await this.review.confirm(decisionId, { ...(note ? { note } : {}), ...amendment }, req.actor!);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'ALREADY_ISSUED' && (await this.issuedAlready(id, req, res))) return;
      return this.formError(error, id, req, res, { confirm: { note, amendReason: str(body.amendReason) } });
    }
    res.redirect(303, `/console/assessments/${id}?done=issued`);
  }

  @Post('assessments/:id/override')
  @ConsoleRoles(...CAN.review)
  async override(@Param('id', ParseUUIDPipe) id: string, @Body() body: Form, @Req() req: Req_, @Res() res: Response): Promise<void> {
    if (await this.issuedAlready(id, req, res)) return;
    await this.claims.requireMine(id, req.consoleSession!);
    const decisionId = await this.pages.proposedDecision(id);
    const family = (await this.prisma.assessment.findUniqueOrThrow({ where: { id }, select: { family: true } })).family;
    const fields = overrideFields(this.pages.familyOf(family).overrideSchema);
    const reason = str(body.reason);
    try {
      await this.review.override(decisionId, { reason, outcome: outcomeFromForm(fields, body), ...amendmentOf(body) }, req.actor!);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'ALREADY_ISSUED' && (await this.issuedAlready(id, req, res))) return;
      const values = Object.fromEntries(fields.map((f) => [f.name, str(body[f.name])]));
      return this.formError(error, id, req, res, { override: { reason, values, amendReason: str(body.amendReason) } });
    }
    res.redirect(303, `/console/assessments/${id}?done=issued`);
  }

  /** The decision document exactly as stored (proposed, or as issued), under the strict policy. */
  @Get('decisions/:id/document')
  async document(@Param('id', ParseUUIDPipe) id: string, @Res() res: Response): Promise<void> {
    await this.documents.send(id, res);
  }

  /**
   * A form sent again for a decision already issued (the browser's back button, a second tab): the
   * page as it stands, saying so, by whom (`by you` when it was the reader) and where its document
   * is, instead of an error. True when it answered.
   */
  private async issuedAlready(id: string, req: Req_, res: Response): Promise<boolean> {
    const decision = await this.prisma.decision.findFirst({
      where: { assessmentId: id },
      orderBy: { createdAt: 'desc' },
      select: { id: true, status: true, reviewedBy: true, reviewedAt: true },
    });
    if (decision?.status !== 'issued') return false;
    const byYou = decision.reviewedBy !== null && decision.reviewedBy === req.actor?.name;
    const by = byYou ? ' by you' : decision.reviewedBy ? ` by ${decision.reviewedBy}` : '';
    const notice = {
      text: `This decision has already been issued${by}${decision.reviewedAt ? `, ${when(decision.reviewedAt)}` : ''}. Nothing you sent was recorded.`,
      href: `/console/decisions/${decision.id}/document`,
      link: 'Open the decision as issued',
    };
    await this.render(id, req, res, { notice }, 409);
    return true;
  }

  /** A 422 from the review service goes back onto the form, each message beside its field. */
  private async formError(error: unknown, id: string, req: Req_, res: Response, form: Record<string, unknown>): Promise<void> {
    if (!(error instanceof DomainError) || error.status !== 422) throw error;
    await this.render(id, req, res, { form, issues: error.issues }, 422);
  }

  private async render(id: string, req: Req_, res: Response, extra: Record<string, unknown>, status = 200): Promise<void> {
    const view = await this.pages.view(id, req.consoleSession!);
    const form = (extra.form ?? {}) as {
      override?: { reason: string; values: Record<string, string>; amendReason: string };
      confirm?: { note: string; amendReason: string };
    };
    const family = this.pages.familyOf(view.family.id);
    const described = plainFields(view.overrideFields, (key) => Object.hasOwn(family.templates, key));
    const fieldOf = (name: string) => view.overrideFields.find((f) => name === f.name || name.startsWith(`${f.name}.`));
    const { errors, errorList } = formProblems((extra.issues ?? []) as FieldIssue[], (i) => {
      const own = fieldOf(i.field);
      // A value inside a field typed as JSON is named by where it is in it.
      const within = own && i.field !== own.name ? `${i.field.slice(own.name.length + 1)}: ` : '';
      const message = `${within}${plainMessage(i.message, (Object.hasOwn(FORM_FIELDS, i.field) ? FORM_FIELDS[i.field] : undefined) ?? (own ? described.get(own.name) : undefined) ?? { kind: 'json' })}`;
      return {
        slot: own?.name ?? i.field,
        message,
        href:
          i.field === 'reason'
            ? '#override-reason'
            : i.field === 'note'
              ? '#confirm-note'
              : i.field === 'amendReason' || i.field === 'amends'
                ? `#${form.confirm ? 'confirm' : 'override'}-amend-reason`
                : `#${own?.id ?? 'override-reason'}`,
      };
    });
    const fields = view.overrideFields.map((f) => ({
      ...f,
      value: form.override?.values[f.name] ?? '',
      error: errors[f.name],
      isNumber: f.kind === 'number' || f.kind === 'integer',
      isChoice: f.kind === 'choice',
      isBoolean: f.kind === 'boolean',
      isJson: f.kind === 'json',
      choices: f.choices?.map((c) => ({ value: c, selected: form.override?.values[f.name] === c })),
    }));
    this.renderer.send(
      req,
      res,
      'assessment',
      {
        ...view,
        // A claim lasts half an hour: the time it lapses is enough.
        claim: view.claim ? { ...view.claim, until: clockTime(view.claim.expiresAt) } : null,
        claimedByOther: view.claimedByOther ? { ...view.claimedByOther, until: clockTime(view.claimedByOther.expiresAt) } : null,
        flash: extra.flash ?? null,
        notice: extra.notice ?? null,
        fields,
        errorList,
        reason: { value: form.override?.reason ?? '', error: errors.reason },
        note: { value: form.confirm?.note ?? '', error: errors.note },
        confirmAmendReason: { value: form.confirm?.amendReason ?? '', error: form.confirm ? errors.amendReason : undefined },
        overrideAmendReason: { value: form.override?.amendReason ?? '', error: form.override ? errors.amendReason : undefined },
        title: errorList.length ? `Error: ${view.title}` : view.title,
      },
      status,
    );
  }
}

/** The review forms' own fields, as their messages name them (`Enter a note of 2,000 characters or fewer`). */
const FORM_FIELDS: Record<string, PlainField> = {
  reason: { noun: 'a reason' },
  note: { noun: 'a note' },
  amendReason: { noun: 'a reason' },
  // A hidden field the page fills in: only a page out of date (or a crafted post) gets it wrong.
  amends: { kind: 'hidden', missing: 'The decision this replaces has changed: reload the page and try again' },
};

/** The amendment fields of a review form: the decision that stands (a hidden field of the page
 *  that showed it) and the reviewer's reason for replacing it. */
function amendmentOf(body: Form): { amends?: string; amendReason?: string } {
  const amends = str(body.amends).trim();
  return amends ? { amends, amendReason: str(body.amendReason).trim() || undefined } : {};
}
