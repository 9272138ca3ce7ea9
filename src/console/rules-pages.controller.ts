import { Body, Controller, Get, Param, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { Public } from '../auth/auth.decorators.js';
import { DomainError } from '../common/domain-error.js';
import { parseOrThrow } from '../common/validation.js';
import { diffRuleSets } from '../rule-changes/rule-set-diff.js';
import { SimulationService } from '../rule-changes/simulation.service.js';
import { FamilyRegistry } from '../rules/family-registry.js';
import type { UploadRequest } from './candidate-upload.js';
import { CANDIDATE_UPLOAD_LIMIT } from './candidate-upload.js';
import { ConsoleAuthGuard, ConsoleRoles } from './console-auth.guard.js';
import { ConsoleExceptionFilter } from './console-exception.filter.js';
import { ConsoleRenderer } from './console-renderer.js';
import { CAN, type ConsoleRequest } from './console-session.js';
import { RulesPagesService } from './rules-pages.service.js';
import {
  diffView,
  formProblemsView,
  ruleSetView,
  runRowsQuerySchema,
  runsListView,
  simulationPageView,
  versionsView,
  type CandidateSource,
} from './simulation-view.js';
import { formValues, readWhatIfForm, sourceOf, type WhatIfFormValues } from './what-if-form.js';

type Req_ = Request & ConsoleRequest & UploadRequest;

/** Board staff and admins run a what-if; auditors read everything it leaves. */
const READERS = ['board', 'auditor', 'admin'] as const;
/** Runs listed on the rules page, and at most on the list of runs. */
const RECENT = 5;
const LISTED = 100;

const compareQuery = z.object({ with: z.preprocess((v) => (v === '' ? undefined : v), z.string().max(100).optional()) });

/**
 * The rules in the console: the rule sets in force and stored, each version's content, a what-if
 * of a candidate rule set (SimulationService, as the API runs it) and its run read back with the
 * diff against the version it replaces. Thin: reads in RulesPagesService, shaping in
 * simulation-view.ts, the form in what-if-form.ts.
 */
@ApiExcludeController()
@Public()
@UseGuards(ConsoleAuthGuard)
@UseFilters(ConsoleExceptionFilter)
@ConsoleRoles(...READERS)
@Controller('console/rules')
export class RulesPagesController {
  constructor(
    private readonly pages: RulesPagesService,
    private readonly simulations: SimulationService,
    private readonly families: FamilyRegistry,
    private readonly renderer: ConsoleRenderer,
  ) {}

  @Get()
  async rules(@Req() req: Req_, @Res() res: Response): Promise<void> {
    await this.renderRules(req, res, {});
  }

  /** Multipart, parsed before the guard (candidate-upload.ts); a refusal shows the form again. */
  @Post('simulations')
  @ConsoleRoles(...CAN.review)
  async run(@Body() body: Record<string, unknown> | undefined, @Req() req: Req_, @Res() res: Response): Promise<void> {
    const source = sourceOf(req.file);
    try {
      const form = readWhatIfForm(body, req.file, req.candidateUploadProblem);
      const checked = this.simulations.check(form.text);
      const run = await this.simulations.simulate(checked, form.periods, req.actor!);
      res.redirect(303, `/console/rules/simulations/${run.id}`);
    } catch (error) {
      if (!(error instanceof DomainError) || ![400, 413, 422].includes(error.status)) throw error;
      const issues = error.issues.length > 0 ? error.issues : [{ field: '(body)', message: error.message }];
      await this.renderRules(req, res, { issues, source, values: formValues(body) }, error.status);
    }
  }

  @Get('simulations')
  async list(@Req() req: Req_, @Res() res: Response): Promise<void> {
    const { runs, total } = await this.pages.runs(LISTED);
    this.renderer.send(req, res, 'simulations', {
      title: 'What-if runs',
      runs: runsListView(runs, (id) => this.families.title(id)),
      capped: total > runs.length ? { shown: runs.length, of: total } : null,
    });
  }

  @Get('simulations/:id')
  async simulation(@Param('id') id: string, @Query() q: Record<string, unknown>, @Req() req: Req_, @Res() res: Response): Promise<void> {
    const query = parseOrThrow(runRowsQuerySchema, q, 'query', 'BAD_REQUEST');
    const run = await this.pages.run(id);
    const [names, diff] = await Promise.all([this.pages.names(run.rows.map((r) => r.subject)), this.pages.runDiff(run)]);
    const family = this.families.find(run.family);
    const view = simulationPageView({ run, familyTitle: family?.title ?? run.family, subjectKind: family?.subjectKind, names, diff, query });
    this.renderer.send(req, res, 'simulation', { title: `What-if: ${view.candidate.id} ${view.candidate.version}`, ...view });
  }

  /** The per-subject table as the API's CSV: a console session cannot send an API key. */
  @Get('simulations/:id/rows.csv')
  async csv(@Param('id') id: string, @Res() res: Response): Promise<void> {
    const text = await this.pages.csv(id);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="simulation-${id}.csv"`);
    res.setHeader('Cache-Control', 'no-store');
    res.send(text);
  }

  /** A stored version's content; `?with=<hash>` compares it with another version. */
  @Get('versions/:hash')
  async version(@Param('hash') hash: string, @Query() query: Record<string, unknown>, @Req() req: Req_, @Res() res: Response): Promise<void> {
    const document = await this.pages.version(hash);
    const { with: other } = parseOrThrow(compareQuery, query, 'query', 'BAD_REQUEST');
    const diff = other
      ? diffView(
          diffRuleSets({ hash, kind: 'stored', document }, { hash: other, kind: 'stored', document: await this.pages.version(other, 'query.with') }),
        )
      : undefined;
    const versions = await this.pages.versions();
    this.renderer.send(req, res, 'rule-set', {
      title: `${document.id} ${document.version}`,
      familyTitle: this.families.title(document.family),
      ruleSet: ruleSetView(document, hash),
      compare: versions
        .filter((v) => v.family === document.family && v.hash !== hash)
        .map((v) => ({ hash: v.hash, label: `${v.ruleSetId} ${v.version} (${v.hash.slice(0, 12)})`, selected: v.hash === other })),
      diff,
    });
  }

  private async renderRules(
    req: Req_,
    res: Response,
    form: { issues?: { field: string; message: string }[]; source?: CandidateSource; values?: WhatIfFormValues },
    status = 200,
  ): Promise<void> {
    const [versions, { runs }] = await Promise.all([this.pages.versions(), this.pages.runs(RECENT)]);
    const { loaded, inForce } = this.pages.loadedAndInForce(new Date().toISOString().slice(0, 10));
    const problems = form.issues ? formProblemsView(form.issues, form.source ?? 'file') : undefined;
    this.renderer.send(
      req,
      res,
      'rules',
      {
        title: problems ? 'Error: Rules' : 'Rules',
        families: versionsView(this.families.all(), versions, loaded, inForce),
        canRun: CAN.review.includes(req.consoleSession!.role),
        limit: `${CANDIDATE_UPLOAD_LIMIT / (1024 * 1024)} MB`,
        problems,
        values: form.values ?? { candidateText: '', periodFrom: '', periodTo: '' },
        recent: runsListView(runs, (id) => this.families.title(id)),
      },
      status,
    );
  }
}
