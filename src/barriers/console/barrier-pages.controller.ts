import { Body, Controller, Get, Param, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { ApiRole } from '../../auth/api-key.js';
import { CcgScoped, Public } from '../../auth/auth.decorators.js';
import { boundCcg } from '../../auth/ccg-scope.js';
import { CcgsService } from '../../ccgs/ccgs.service.js';
import { DomainError, type FieldIssue } from '../../common/domain-error.js';
import { ConsoleAuthGuard, ConsoleRoles } from '../../console/console-auth.guard.js';
import { ConsoleExceptionFilter } from '../../console/console-exception.filter.js';
import { ConsoleRenderer } from '../../console/console-renderer.js';
import { CAN, type ConsoleRequest } from '../../console/console-session.js';
import { BarriersService } from '../barriers.service.js';
import {
  BARRIER_FORM_FIELDS,
  evidenceFromForm,
  formProblems,
  linkFromForm,
  RAISE_FIELDS,
  raiseFromForm,
  reasonFromForm,
  respondFromForm,
  triageFromForm,
  type BarrierForm,
  type Form,
  type FormProblems,
  type RaiseFormValues,
} from './barrier-forms.js';
import {
  BARRIER_QUEUE_PAGE_SIZE,
  barrierPageView,
  barrierQueueView,
  LINK_CANDIDATE_LIMIT,
  listQueryOf,
  mayLink,
  parseBarrierQueueQuery,
  raiseFormView,
  type BarrierPageForms,
  type RegisterCcg,
} from './barrier-pages.view.js';

type Req_ = Request & ConsoleRequest;

/** Who raises and adds evidence: a CCG for itself, Board staff on a CCG's behalf. */
const RAISERS: ApiRole[] = ['board', 'admin', 'ccg'];

const FLASHES: Record<string, string> = {
  raised: 'The barrier has been raised. The Board will triage it and answer.',
  evidence: 'The evidence has been added.',
  withdrawn: 'The barrier has been withdrawn.',
  rejected: 'Your rejection of the response has been recorded. The Board has been told why it does not answer the barrier.',
  triaged: 'The triage has been recorded.',
  linked: 'The barrier is under the national issue shown below.',
  responded: 'The response has been recorded. It answers every barrier under the national issue.',
};

const today = (): string => new Date().toISOString().slice(0, 10);
const pagePath = (ref: string): string => `/console/barriers/${encodeURIComponent(ref)}`;

/**
 * The barrier channel in the console: the triage queue (a CCG's own list to a ccg session), the
 * raise form and one barrier's page with the forms its reader may use. Thin glue: each form
 * becomes the API's body (barrier-forms.ts) and BarriersService applies the same rules, audits and
 * narrows a ccg session to its own CCG, so another CCG's barrier is not found here either.
 */
@ApiExcludeController()
@Public()
@UseGuards(ConsoleAuthGuard)
@UseFilters(ConsoleExceptionFilter)
@Controller('console/barriers')
export class BarrierPagesController {
  constructor(
    private readonly barriers: BarriersService,
    private readonly ccgs: CcgsService,
    private readonly renderer: ConsoleRenderer,
  ) {}

  @Get()
  @CcgScoped()
  async queue(@Query() query: Record<string, unknown>, @Req() req: Req_, @Res() res: Response): Promise<void> {
    const register = await this.register();
    const { filter, page } = parseBarrierQueueQuery(query, [...new Set(register.map((c) => c.regionName))]);
    const actor = req.actor!;
    const own = boundCcg(actor);
    const result = await this.barriers.queuePage(listQueryOf(filter), actor, { page, limit: BARRIER_QUEUE_PAGE_SIZE, region: filter.region });
    const view = barrierQueueView({
      ...result,
      filter,
      register,
      today: today(),
      ownCcg: own ? register.find((c) => c.odsCode === own) : undefined,
      mayRaise: RAISERS.includes(req.consoleSession!.role),
    });
    this.renderer.send(req, res, 'barrier-queue', view);
  }

  @Get('new')
  @CcgScoped()
  @ConsoleRoles(...RAISERS)
  async newForm(@Req() req: Req_, @Res() res: Response): Promise<void> {
    await this.renderNew(req, res);
  }

  @Post('new')
  @CcgScoped()
  @ConsoleRoles(...RAISERS)
  async raise(@Body() body: Form, @Req() req: Req_, @Res() res: Response): Promise<void> {
    const form = raiseFromForm(body ?? {});
    let ref: string;
    try {
      if (form.problems.length > 0) throw DomainError.invalid(form.problems);
      ref = (await this.barriers.raise(form.body, req.actor!)).ref;
    } catch (error) {
      if (!(error instanceof DomainError) || error.status !== 422) throw error;
      return this.renderNew(req, res, form.values, formProblems(error.issues, RAISE_FIELDS, '#raise-form'), 422);
    }
    res.redirect(303, `${pagePath(ref)}?done=raised`);
  }

  @Get(':ref')
  @CcgScoped()
  async page(@Param('ref') ref: string, @Req() req: Req_, @Res() res: Response, @Query('done') done?: string): Promise<void> {
    const flash = (typeof done === 'string' && Object.hasOwn(FLASHES, done) && FLASHES[done]) || null;
    await this.renderPage(ref, req, res, { flash });
  }

  @Post(':ref/evidence')
  @CcgScoped()
  @ConsoleRoles(...RAISERS)
  evidence(@Param('ref') ref: string, @Body() body: Form, @Req() req: Req_, @Res() res: Response): Promise<void> {
    const form = evidenceFromForm(body ?? {});
    return this.act(ref, req, res, 'evidence', form, () => this.barriers.addEvidence(ref, form.body, req.actor!), 'evidence');
  }

  /** The CCG's own decision: Board staff triage a barrier, they do not withdraw it. */
  @Post(':ref/withdraw')
  @CcgScoped()
  @ConsoleRoles('ccg')
  withdraw(@Param('ref') ref: string, @Body() body: Form, @Req() req: Req_, @Res() res: Response): Promise<void> {
    const form = reasonFromForm(body ?? {});
    return this.act(ref, req, res, 'withdraw', form, () => this.barriers.withdraw(ref, form.body, req.actor!), 'withdrawn');
  }

  @Post(':ref/response-rejection')
  @CcgScoped()
  @ConsoleRoles('ccg')
  reject(@Param('ref') ref: string, @Body() body: Form, @Req() req: Req_, @Res() res: Response): Promise<void> {
    const form = reasonFromForm(body ?? {});
    return this.act(ref, req, res, 'reject', form, () => this.barriers.rejectResponse(ref, form.body, req.actor!), 'rejected');
  }

  @Post(':ref/triage')
  @ConsoleRoles(...CAN.review)
  triage(@Param('ref') ref: string, @Body() body: Form, @Req() req: Req_, @Res() res: Response): Promise<void> {
    const form = triageFromForm(body ?? {});
    return this.act(ref, req, res, 'triage', form, () => this.barriers.triage(ref, form.body, req.actor!), 'triaged');
  }

  @Post(':ref/link')
  @ConsoleRoles(...CAN.review)
  async link(@Param('ref') ref: string, @Body() body: Form, @Req() req: Req_, @Res() res: Response): Promise<void> {
    const form = linkFromForm(body ?? {}, ref, (await this.barriers.issues()).items);
    return this.act(ref, req, res, 'link', form, () => this.barriers.link(form.body, req.actor!), 'linked');
  }

  /** The Board's response to the barrier's national issue: it answers every barrier under it. */
  @Post(':ref/response')
  @ConsoleRoles(...CAN.review)
  respond(@Param('ref') ref: string, @Body() body: Form, @Req() req: Req_, @Res() res: Response): Promise<void> {
    const form = respondFromForm(body ?? {});
    return this.act(
      ref,
      req,
      res,
      'respond',
      form,
      async (barrier) => {
        if (!barrier.nationalIssue) throw new DomainError('CONFLICT', `barrier ${ref} is under no national issue yet: link it first`);
        await this.barriers.respond(barrier.nationalIssue.ref, form.body, req.actor!);
      },
      'responded',
    );
  }

  /**
   * One form's change: the barrier first (another CCG's is not found, whatever the form says),
   * then the service. A 422 goes back onto the form beside its fields; a 409 (the barrier moved
   * on meanwhile, or its state refuses the change) is a notice over the page as it now stands.
   */
  private async act(
    ref: string,
    req: Req_,
    res: Response,
    name: BarrierForm,
    form: { values: unknown; problems: FieldIssue[] },
    run: (barrier: Awaited<ReturnType<BarriersService['get']>>) => Promise<unknown>,
    done: string,
  ): Promise<void> {
    const barrier = await this.barriers.get(ref, req.actor!);
    try {
      if (form.problems.length > 0) throw DomainError.invalid(form.problems);
      await run(barrier);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const forms = { [name]: form.values } as BarrierPageForms;
      if (error.status === 422) {
        const problems = formProblems(error.issues, BARRIER_FORM_FIELDS[name], `#${name}-form`);
        return this.renderPage(barrier.ref, req, res, { forms, problems }, 422);
      }
      if (error.status === 409) {
        return this.renderPage(barrier.ref, req, res, { notice: `Nothing you sent was recorded: ${error.message}.` }, 409);
      }
      throw error;
    }
    res.redirect(303, `${pagePath(barrier.ref)}?done=${done}`);
  }

  private async renderPage(
    ref: string,
    req: Req_,
    res: Response,
    extra: { flash?: string | null; notice?: string; forms?: BarrierPageForms; problems?: FormProblems },
    status = 200,
  ): Promise<void> {
    const actor = req.actor!;
    const role = req.consoleSession!.role;
    const barrier = await this.barriers.get(ref, actor);
    // Linking needs candidate barriers and the open national issues: Board staff's form only,
    // and only for a barrier that may be linked.
    const candidates =
      CAN.review.includes(role) && mayLink(barrier)
        ? await this.barriers.linkCandidates({ ...barrier, objectives: barrier.objectives.map((o) => o.number) }, LINK_CANDIDATE_LIMIT)
        : undefined;
    this.renderer.send(req, res, 'barrier-page', barrierPageView({ barrier, role, today: today(), candidates, ...extra }), status);
  }

  private async renderNew(req: Req_, res: Response, values?: RaiseFormValues, problems?: FormProblems, status = 200): Promise<void> {
    const own = boundCcg(req.actor!);
    const register = await this.register();
    const ownCcg = own ? register.find((c) => c.odsCode === own) : undefined;
    this.renderer.send(req, res, 'barrier-new', raiseFormView({ ownCcg, register, values, problems }), status);
  }

  private async register(): Promise<RegisterCcg[]> {
    return (await this.ccgs.list({})).map((c) => ({ odsCode: c.odsCode, name: c.name, regionName: c.regionName, areaTeamName: c.areaTeamName }));
  }
}
