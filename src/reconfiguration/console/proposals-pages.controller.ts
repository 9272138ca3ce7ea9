import { Body, Controller, Get, Param, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../../auth/auth.decorators.js';
import { DomainError } from '../../common/domain-error.js';
import { ConsoleAuthGuard, ConsoleRoles } from '../../console/console-auth.guard.js';
import { ConsoleExceptionFilter } from '../../console/console-exception.filter.js';
import { ConsoleRenderer } from '../../console/console-renderer.js';
import { CAN, type ConsoleRequest } from '../../console/console-session.js';
import { PrismaService } from '../../prisma/prisma.service.js';
import type { ReconfigurationOutcome } from '../reconfiguration.decider.js';
import { proposalRefSchema } from '../reconfiguration.family.js';
import { ReconfigurationService } from '../reconfiguration.service.js';
import { issueFromForm, issueProblems, judgementFromForm, judgementProblems, type FormProblem } from './proposal-forms.js';
import { proposalsView, proposalView, type CurrentReport, type ProposalForms } from './proposal-page.view.js';

type Req_ = Request & ConsoleRequest;
type Form = Record<string, unknown>;

/** A console address names a proposal or nothing: a malformed reference is a page not found. */
function proposalRef(ref: string): string {
  const parsed = proposalRefSchema.safeParse(ref);
  if (!parsed.success) throw DomainError.notFound('proposal', ref);
  return parsed.data;
}

const FLASHES: Record<string, string> = {
  judged: 'Your judgement has been recorded.',
  issued: 'The assurance report has been issued',
};

/**
 * The stage 2 panel's pages: every proposal, and one proposal where the panel records a judgement
 * per test and issues the assurance report. Thin glue: the forms become the API's bodies
 * (proposal-forms.ts) and ReconfigurationService applies the same rules as for the API.
 */
@ApiExcludeController()
@Public()
@UseGuards(ConsoleAuthGuard)
@UseFilters(ConsoleExceptionFilter)
@Controller('console/proposals')
export class ProposalsPagesController {
  constructor(
    private readonly proposals: ReconfigurationService,
    private readonly prisma: PrismaService,
    private readonly renderer: ConsoleRenderer,
  ) {}

  @Get()
  async list(@Req() req: Req_, @Res() res: Response): Promise<void> {
    this.renderer.send(req, res, 'proposals', proposalsView(await this.proposals.list()));
  }

  @Get(':ref')
  async page(@Param('ref') ref: string, @Req() req: Req_, @Res() res: Response, @Query('done') done?: string): Promise<void> {
    await this.render(proposalRef(ref), req, res, { flash: (typeof done === 'string' && Object.hasOwn(FLASHES, done) && FLASHES[done]) || null });
  }

  @Post(':ref/judgements')
  @ConsoleRoles(...CAN.panel)
  async judge(@Param('ref') ref: string, @Body() body: Form, @Req() req: Req_, @Res() res: Response): Promise<void> {
    const reference = proposalRef(ref);
    const form = judgementFromForm(body ?? {});
    try {
      await this.proposals.recordJudgements(reference, form.body, req.actor!);
    } catch (error) {
      return this.refused(error, reference, req, res, { judgement: form.values }, (issues) => judgementProblems(issues, form.values.test));
    }
    res.redirect(303, `${pagePath(reference)}?done=judged`);
  }

  @Post(':ref/issue')
  @ConsoleRoles(...CAN.panel)
  async issue(@Param('ref') ref: string, @Body() body: Form, @Req() req: Req_, @Res() res: Response): Promise<void> {
    const reference = proposalRef(ref);
    const form = issueFromForm(body ?? {});
    try {
      await this.proposals.issue(reference, form.body, req.actor!);
    } catch (error) {
      return this.refused(error, reference, req, res, { issue: form.values }, issueProblems);
    }
    res.redirect(303, `${pagePath(reference)}?done=issued`);
  }

  /**
   * A refusal of a form, shown on the page: what the form lacks (a 422, or a test without a
   * judgement when issuing) beside its fields; a report that moved on meanwhile (409) as a notice
   * over the page as it now stands. Anything else is the console's error page.
   */
  private async refused(
    error: unknown,
    ref: string,
    req: Req_,
    res: Response,
    forms: ProposalForms,
    onto: (issues: DomainError['issues']) => FormProblem[],
  ): Promise<void> {
    if (!(error instanceof DomainError)) throw error;
    if (error.status === 422 || error.code === 'JUDGEMENTS_MISSING') {
      const issues = error.issues.length > 0 ? error.issues : [{ field: '(form)', message: error.message }];
      return this.render(ref, req, res, { forms, problems: onto(issues) }, 422);
    }
    if (error.status === 409) return this.render(ref, req, res, { notice: conflictWords(error) }, 409);
    throw error;
  }

  private async render(
    ref: string,
    req: Req_,
    res: Response,
    extra: { flash?: string | null; notice?: string | null; forms?: ProposalForms; problems?: FormProblem[] },
    status = 200,
  ): Promise<void> {
    const timeline = await this.proposals.timeline(ref);
    const decision = await this.prisma.decision.findFirst({
      where: { assessmentId: timeline.current.assessmentId },
      orderBy: { createdAt: 'desc' },
      select: {
        id: true,
        status: true,
        proposedKey: true,
        finalKey: true,
        proposedOutcome: true,
        finalOutcome: true,
        reviewedBy: true,
        reviewedAt: true,
      },
    });
    const report: CurrentReport | null = decision
      ? {
          ...decision,
          proposedOutcome: decision.proposedOutcome as unknown as ReconfigurationOutcome,
          finalOutcome: decision.finalOutcome as unknown as ReconfigurationOutcome | null,
        }
      : null;
    // A report already issued for this submission's date: issuing the current one amends it.
    const current = timeline.assessments.find((a) => a.id === timeline.current.assessmentId);
    const standing = current
      ? await this.prisma.decision.findFirst({
          where: {
            status: 'issued',
            assessmentId: { not: current.id },
            assessment: { family: 'reconfiguration', subject: ref, period: current.period },
          },
          select: { id: true, reviewedAt: true },
        })
      : null;
    const view = proposalView({
      timeline,
      report,
      mayJudge: CAN.panel.includes(req.consoleSession!.role),
      standing: standing && { id: standing.id, issuedAt: standing.reviewedAt },
      ...extra,
    });
    this.renderer.send(req, res, 'proposal', view, status);
  }
}

const pagePath = (ref: string): string => `/console/proposals/${encodeURIComponent(ref)}`;

/** A 409 in words: the API's messages name decisions by id and endpoints by path. */
function conflictWords(error: DomainError): string {
  switch (error.code) {
    case 'ALREADY_ISSUED':
      return 'This assurance report is no longer awaiting the panel: it was issued, or replaced by a new submission, while you were working on it. Nothing you sent was recorded. The proposal as it stands now is shown below.';
    case 'DECISION_STANDS':
      return 'A report was issued for this date while you were working on it, so nothing was issued. Issuing this one now replaces that report: give the reason below and issue it again.';
    case 'CHANGED_MEANWHILE':
      return 'A judgement was recorded while the report was being issued, so nothing was issued. Check the judgements below and issue the report again.';
    default:
      return `Nothing you sent was recorded: ${error.message}.`;
  }
}
