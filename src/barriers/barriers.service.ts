import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Actor } from '../auth/actor.js';
import { boundCcg, maySee } from '../auth/ccg-scope.js';
import { AuditService } from '../audit/audit.service.js';
import { DomainError, type FieldIssue } from '../common/domain-error.js';
import { parseOrThrow } from '../common/validation.js';
import { Prisma } from '../generated/prisma/client.js';
import { PrismaService, type Tx } from '../prisma/prisma.service.js';
import {
  barrierResponseDueProblem,
  barrierStatus,
  evidenceRefusal,
  formatRef,
  issueDateProblem,
  issueStatus,
  linkRefusal,
  nextRefNumber,
  provenanceProblem,
  pastDateProblem,
  pageSlices,
  planLink,
  QUEUE_BANDS,
  raisingCcg,
  rejectionDateProblem,
  rejectionRefusal,
  triageRefusal,
  withdrawRefusal,
  type BarrierState,
  type IssueState,
} from './barrier.domain.js';
import {
  BARRIER_REF,
  evidenceSchema,
  ISSUE_REF,
  linkSchema,
  listPageQuerySchema,
  listQuerySchema,
  raiseBarrierSchema,
  rejectSchema,
  respondSchema,
  triageSchema,
  withdrawSchema,
  type BarrierStatus,
  type TriageKind,
} from './barrier.schemas.js';
import { issueResponses, responsesOfIssue } from './issue-responses.js';
import { mandateObjective } from './mandate-objectives.js';

const day = (d: Date | null): string | null => (d ? d.toISOString().slice(0, 10) : null);
const isoDay = (d: Date): string => d.toISOString().slice(0, 10);
const asDate = (iso: string): Date => new Date(`${iso}T00:00:00Z`);
const today = (): string => new Date().toISOString().slice(0, 10);

const BARRIER_INCLUDE = {
  ccg: { select: { odsCode: true, name: true } },
  evidence: { orderBy: { addedAt: 'asc' } },
  rejections: { orderBy: { createdAt: 'asc' } },
  nationalIssue: { include: { mergedInto: { select: { ref: true } } } },
} satisfies Prisma.BarrierInclude;
type BarrierRow = Prisma.BarrierGetPayload<{ include: typeof BARRIER_INCLUDE }>;
type ResponseRow = Prisma.NationalIssueResponseGetPayload<object>;

const ISSUE_INCLUDE = {
  mergedInto: { select: { ref: true } },
  merged: { select: { ref: true }, orderBy: { ref: 'asc' } },
  barriers: { orderBy: { ref: 'asc' }, include: { ccg: { select: { odsCode: true, name: true } } } },
} satisfies Prisma.NationalIssueInclude;
type IssueRow = Prisma.NationalIssueGetPayload<{ include: typeof ISSUE_INCLUDE }>;

function issueView(issue: IssueRow, responses: ResponseRow[]) {
  const live = issue.barriers.filter((b) => b.status !== 'withdrawn');
  return {
    ref: issue.ref,
    title: issue.title,
    status: issue.status,
    owner: issue.owner,
    responseDue: day(issue.responseDue),
    mergedInto: issue.mergedInto?.ref ?? null,
    merged: issue.merged.map((m) => m.ref),
    ccgs: [...new Map(live.map((b) => [b.ccg.odsCode, { code: b.ccg.odsCode, name: b.ccg.name }])).values()].sort((a, b) =>
      a.code.localeCompare(b.code),
    ),
    barriers: issue.barriers.map((b) => ({
      ref: b.ref,
      ccg: b.ccgCode,
      status: b.status,
      raisedOn: day(b.raisedOn),
      objectives: b.objectives,
      actionArea: b.actionArea,
    })),
    responses: responses.map(responseView),
    createdBy: issue.createdBy,
    createdAt: issue.createdAt,
  };
}

const stateOf = (b: { ref: string; status: string; triage: string | null; nationalIssueId: string | null }): BarrierState => ({
  ref: b.ref,
  status: b.status as BarrierStatus,
  triage: b.triage as TriageKind | null,
  nationalIssueId: b.nationalIssueId,
});

const conflict = (message: string | undefined): void => {
  if (message) throw new DomainError('CONFLICT', message);
};

const invalid = (...issues: (FieldIssue | undefined)[]): void => {
  const found = issues.filter((i): i is FieldIssue => i !== undefined);
  if (found.length > 0) throw DomainError.invalid(found);
};

const responseView = (r: ResponseRow) => ({
  id: r.id,
  text: r.text,
  nationalAction: r.nationalAction,
  respondedOn: day(r.respondedOn),
  respondedBy: r.respondedBy,
});

/**
 * National barriers: raised by a CCG (or Board staff on its behalf), triaged, linked into national
 * issues and answered by the Board, and rejected by the CCG when the answer does not serve. Every
 * change is audited in its own transaction; a ccg actor reaches only its own CCG's barriers, and
 * any other ref is not found to it.
 */
@Injectable()
export class BarriersService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditService,
  ) {}

  async raise(body: unknown, actor: Actor) {
    const req = parseOrThrow(raiseBarrierSchema, body);
    const who = raisingCcg(boundCcg(actor), req.ccg);
    if ('issue' in who) throw DomainError.invalid([who.issue]);
    const raisedOn = req.raisedOn ?? today();
    invalid(provenanceProblem(actor.role, req.provenance), pastDateProblem('raisedOn', raisedOn, today()));
    const ccg = await this.prisma.ccg.findUnique({ where: { odsCode: who.ccg }, select: { odsCode: true } });
    if (!ccg) throw DomainError.invalid([{ field: 'ccg', message: `no CCG with ODS code "${who.ccg}" in the register` }]);

    const ref = await this.prisma.$transaction(async (tx) => {
      const ref = await this.nextRef(tx, 'BAR', Number(raisedOn.slice(0, 4)));
      const id = randomUUID();
      await tx.barrier.create({
        data: {
          id,
          ref,
          ccgCode: who.ccg,
          raisedOn: asDate(raisedOn),
          objectives: req.objectives,
          actionArea: req.actionArea,
          otherReason: req.otherReason ?? null,
          stopsLocally: req.stopsLocally,
          nationalBodies: req.nationalBodies,
          status: 'raised',
          provenance: req.provenance ?? 'submitted',
          createdBy: actor.name,
        },
      });
      const evidence = (req.evidence ?? []).map((e) => ({
        id: randomUUID(),
        barrierId: id,
        summary: e.summary,
        source: e.source ?? null,
        addedBy: actor.name,
      }));
      if (evidence.length > 0) await tx.barrierEvidence.createMany({ data: evidence });
      await this.audit.append(tx, {
        actor,
        action: 'barrier.raised',
        entityType: 'barrier',
        entityId: ref,
        payload: {
          ccg: who.ccg,
          raisedOn,
          objectives: req.objectives,
          actionArea: req.actionArea,
          otherReason: req.otherReason ?? null,
          nationalBodies: req.nationalBodies,
          evidence: evidence.map((e) => e.id),
          onBehalfOfCcg: actor.role !== 'ccg',
          provenance: req.provenance ?? 'submitted',
        },
      });
      return ref;
    });
    return this.get(ref, actor);
  }

  async get(ref: string, actor: Actor) {
    const [view] = await this.views([await this.visible(ref, actor)], actor);
    return view;
  }

  async list(query: unknown, actor: Actor) {
    const { page, pageSize, ...filters } = parseOrThrow(listPageQuerySchema, query ?? {}, 'query', 'BAD_REQUEST');
    const where = this.listWhere(filters, actor);
    const [total, rows] = await Promise.all([
      this.prisma.barrier.count({ where }),
      this.prisma.barrier.findMany({
        where,
        include: BARRIER_INCLUDE,
        orderBy: [{ raisedOn: 'desc' }, { ref: 'desc' }],
        skip: (page - 1) * pageSize,
        take: pageSize,
      }),
    ]);
    return { page, pageSize, total, items: await this.views(rows, actor) };
  }

  /**
   * One page of the console's triage queue: the list's filters (and a region of the register),
   * ordered as QUEUE_BANDS says and paged in the database, with the count of all that match and
   * of those overdue today.
   */
  async queuePage(query: unknown, actor: Actor, paging: { page: number; limit: number; region?: string }) {
    const where: Prisma.BarrierWhereInput = {
      ...this.listWhere(query, actor),
      ...(paging.region !== undefined ? { ccg: { regionName: paging.region } } : {}),
    };
    const open = QUEUE_BANDS[0] as BarrierStatus[];
    const [byStatus, overdue] = await Promise.all([
      this.prisma.barrier.groupBy({ by: ['status'], where, _count: { _all: true } }),
      this.prisma.barrier.count({ where: { AND: [where, { status: { in: open }, responseDue: { lt: asDate(today()) } }] } }),
    ]);
    const counts = QUEUE_BANDS.map((band) => byStatus.filter((s) => band.includes(s.status as BarrierStatus)).reduce((n, s) => n + s._count._all, 0));
    const total = counts.reduce((a, b) => a + b, 0);
    const slices = pageSlices(counts, (paging.page - 1) * paging.limit, paging.limit);
    const rows = await Promise.all(
      slices.map((s) =>
        this.prisma.barrier.findMany({
          where: { AND: [where, { status: { in: [...QUEUE_BANDS[s.band]] } }] },
          include: BARRIER_INCLUDE,
          // Only an open barrier's due date orders it; a null one (not set yet) goes last.
          orderBy: [...(s.band === 0 ? [{ responseDue: { sort: 'asc', nulls: 'last' } } as const] : []), { raisedOn: 'asc' }, { ref: 'asc' }],
          skip: s.skip,
          take: s.take,
        }),
      ),
    );
    return { items: await this.views(rows.flat(), actor), total, overdue, page: paging.page, limit: paging.limit };
  }

  /**
   * What a barrier could be linked with on its page: others that share its action area or an
   * objective, not withdrawn, not triaged local and under no national issue yet (at most `limit`,
   * oldest ref first, with how many there are), and the national issues not merged away. Board
   * staff's: it spans every CCG.
   */
  async linkCandidates(self: { ref: string; actionArea: string; objectives: readonly number[] }, limit: number) {
    const where: Prisma.BarrierWhereInput = {
      ref: { not: self.ref },
      status: { not: 'withdrawn' },
      nationalIssueId: null,
      OR: [{ triage: null }, { triage: { notIn: ['local', 'not-a-barrier'] } }],
      AND: [{ OR: [{ actionArea: self.actionArea }, { objectives: { hasSome: [...self.objectives] } }] }],
    };
    const [rows, total, issues] = await Promise.all([
      this.prisma.barrier.findMany({
        where,
        select: { ref: true, actionArea: true, objectives: true, ccg: { select: { odsCode: true, name: true } } },
        orderBy: { ref: 'asc' },
        take: limit,
      }),
      this.prisma.barrier.count({ where }),
      this.prisma.nationalIssue.findMany({
        where: { status: { not: 'merged' } },
        select: { ref: true, title: true, status: true },
        orderBy: { ref: 'asc' },
      }),
    ]);
    return {
      barriers: rows.map((b) => ({ ref: b.ref, ccg: { code: b.ccg.odsCode, name: b.ccg.name }, objectives: b.objectives, actionArea: b.actionArea })),
      total,
      issues,
    };
  }

  async addEvidence(ref: string, body: unknown, actor: Actor) {
    const req = parseOrThrow(evidenceSchema, body);
    await this.visible(ref, actor);
    await this.prisma.$transaction(async (tx) => {
      const b = await this.lockBarrier(tx, ref);
      conflict(evidenceRefusal(stateOf(b)));
      const id = randomUUID();
      await tx.barrierEvidence.create({ data: { id, barrierId: b.id, summary: req.summary, source: req.source ?? null, addedBy: actor.name } });
      await this.audit.append(tx, {
        actor,
        action: 'barrier.evidence.added',
        entityType: 'barrier',
        entityId: ref,
        payload: { evidence: id, summary: req.summary, source: req.source ?? null },
      });
    });
    return this.get(ref, actor);
  }

  async withdraw(ref: string, body: unknown, actor: Actor) {
    const req = parseOrThrow(withdrawSchema, body);
    await this.visible(ref, actor);
    await this.prisma.$transaction(async (tx) => {
      const b = await this.lockBarrier(tx, ref);
      conflict(withdrawRefusal(stateOf(b)));
      await tx.barrier.update({ where: { id: b.id }, data: { status: 'withdrawn', withdrawnReason: req.reason, withdrawnAt: new Date() } });
      await this.audit.append(tx, {
        actor,
        action: 'barrier.withdrawn',
        entityType: 'barrier',
        entityId: ref,
        payload: { reason: req.reason, from: b.status },
      });
    });
    return this.get(ref, actor);
  }

  async triage(ref: string, body: unknown, actor: Actor) {
    const req = parseOrThrow(triageSchema, body);
    await this.visible(ref, actor);
    await this.prisma.$transaction(async (tx) => {
      const b = await this.lockBarrier(tx, ref);
      conflict(triageRefusal(stateOf(b), req.triage));
      invalid(barrierResponseDueProblem('responseDue', req.responseDue, isoDay(b.raisedOn)));
      const status = barrierStatus({ withdrawn: false, triage: req.triage, answered: false });
      await tx.barrier.update({
        where: { id: b.id },
        data: {
          triage: req.triage,
          triageReason: req.reason,
          owner: req.owner ?? null,
          responseDue: req.responseDue ? asDate(req.responseDue) : null,
          triagedBy: actor.name,
          triagedAt: new Date(),
          status,
        },
      });
      await this.audit.append(tx, {
        actor,
        action: 'barrier.triaged',
        entityType: 'barrier',
        entityId: ref,
        payload: {
          triage: req.triage,
          reason: req.reason,
          owner: req.owner ?? null,
          responseDue: req.responseDue ?? null,
          previous: b.triage,
          status,
        },
      });
    });
    return this.get(ref, actor);
  }

  /** Puts barriers under one national issue (see planLink), audited per barrier moved. */
  async link(body: unknown, actor: Actor) {
    const req = parseOrThrow(linkSchema, body);
    const issueRef = await this.prisma.$transaction(async (tx) => {
      await this.lockIssues(tx);
      // Locked before they are read, so that a withdrawal or triage in between is seen here.
      await this.lockBarriers(tx, Prisma.sql`ref IN (${Prisma.join(req.barriers)})`);
      const found = await tx.barrier.findMany({ where: { ref: { in: req.barriers } } });
      const byRef = new Map(found.map((b) => [b.ref, b]));
      invalid(...req.barriers.map((r, i) => (byRef.has(r) ? undefined : { field: `barriers.${i}`, message: `unknown barrier ${r}` })));
      const barriers = req.barriers.map((r) => byRef.get(r)!);
      for (const b of barriers) conflict(linkRefusal(stateOf(b)));

      const issueIds = [...new Set(barriers.map((b) => b.nationalIssueId).filter((id): id is string => id !== null))];
      const issues = await tx.nationalIssue.findMany({ where: { id: { in: issueIds } } });
      const plan = planLink(
        barriers,
        issues.map((i): IssueState => ({ id: i.id, ref: i.ref, status: i.status as IssueState['status'], createdAt: i.createdAt })),
        req.title,
      );
      if ('issue' in plan) throw DomainError.invalid([plan.issue]);
      if (req.responseDue) {
        // The issue's barriers once linked: those named and those under the issues involved (the
        // target and those merged into it). Which barriers an issue has changes only under
        // lockIssues, and a barrier's raisedOn never changes.
        const under =
          issueIds.length > 0 ? await tx.barrier.findMany({ where: { nationalIssueId: { in: issueIds } }, select: { raisedOn: true } }) : [];
        const raised = [...barriers, ...under].map((b) => isoDay(b.raisedOn));
        invalid(issueDateProblem('responseDue', req.responseDue, raised, 'a response due date'));
      }

      let target: { id: string; ref: string };
      if (plan.target.kind === 'new') {
        // Owner and due date from the request, or the soonest due among the barriers' triage.
        const soonest = [...barriers].filter((b) => b.responseDue).sort((a, b) => a.responseDue!.getTime() - b.responseDue!.getTime())[0];
        const year = Math.min(...barriers.map((b) => b.raisedOn.getUTCFullYear()));
        const ref = await this.nextRef(tx, 'NI', year);
        const created = await tx.nationalIssue.create({
          data: {
            id: randomUUID(),
            ref,
            title: req.title!,
            owner: req.owner ?? soonest?.owner ?? null,
            responseDue: req.responseDue ? asDate(req.responseDue) : (soonest?.responseDue ?? null),
            status: 'open',
            createdBy: actor.name,
          },
        });
        target = created;
        await this.audit.append(tx, {
          actor,
          action: 'national-issue.opened',
          entityType: 'national-issue',
          entityId: ref,
          payload: { title: created.title, owner: created.owner, responseDue: day(created.responseDue) },
        });
      } else {
        const targetId = plan.target.id;
        const existing = issues.find((i) => i.id === targetId)!;
        const changes = {
          ...(req.title && req.title !== existing.title ? { title: req.title } : {}),
          ...(req.owner ? { owner: req.owner } : {}),
          ...(req.responseDue ? { responseDue: asDate(req.responseDue) } : {}),
        };
        if (Object.keys(changes).length > 0) {
          await tx.nationalIssue.update({ where: { id: existing.id }, data: changes });
          await this.audit.append(tx, {
            actor,
            action: 'national-issue.updated',
            entityType: 'national-issue',
            entityId: existing.ref,
            payload: { title: req.title ?? null, owner: req.owner ?? null, responseDue: req.responseDue ?? null, previousTitle: existing.title },
          });
        }
        target = existing;
      }

      // Issues merged into the target take their barriers (and issues merged into them) along.
      const merged = issues.filter((i) => plan.merge.includes(i.id));
      const moving = [
        ...barriers.filter((b) => plan.join.includes(b.id)),
        ...(merged.length > 0 ? await this.mergedIssuesBarriers(tx, plan.merge, plan.join) : []),
      ];
      for (const m of merged) {
        await tx.nationalIssue.update({ where: { id: m.id }, data: { status: 'merged', mergedIntoId: target.id } });
        await tx.nationalIssue.updateMany({ where: { mergedIntoId: m.id }, data: { mergedIntoId: target.id } });
        await this.audit.append(tx, {
          actor,
          action: 'national-issue.merged',
          entityType: 'national-issue',
          entityId: m.ref,
          payload: { into: target.ref },
        });
      }
      const answered = (await responsesOfIssue(tx, target.id)).length > 0;
      const refOf = new Map(issues.map((i) => [i.id, i.ref]));
      for (const b of moving) {
        const status = barrierStatus({ withdrawn: b.status === 'withdrawn', triage: b.triage as TriageKind | null, answered });
        await tx.barrier.update({ where: { id: b.id }, data: { nationalIssueId: target.id, status } });
        await this.audit.append(tx, {
          actor,
          action: 'barrier.linked',
          entityType: 'barrier',
          entityId: b.ref,
          payload: { ccg: b.ccgCode, nationalIssue: target.ref, from: b.nationalIssueId ? (refOf.get(b.nationalIssueId) ?? null) : null, status },
        });
      }
      await tx.nationalIssue.update({ where: { id: target.id }, data: { status: issueStatus(answered ? 1 : 0) } });
      return target.ref;
    });
    return this.issue(issueRef);
  }

  /** The Board's answer to a national issue: it answers every barrier under it. */
  async respond(issueRef: string, body: unknown, actor: Actor) {
    const req = parseOrThrow(respondSchema, body);
    const respondedOn = req.respondedOn ?? today();
    invalid(pastDateProblem('respondedOn', respondedOn, today()));
    const issue = await this.findIssue(issueRef);
    await this.prisma.$transaction(async (tx) => {
      await this.lockIssues(tx);
      const now = await tx.nationalIssue.findUniqueOrThrow({ where: { id: issue.id }, include: { mergedInto: { select: { ref: true } } } });
      if (now.status === 'merged')
        throw new DomainError('CONFLICT', `national issue ${issueRef} was merged into ${now.mergedInto?.ref}: respond there`);
      // Locked before they are read: a barrier withdrawn meanwhile stays withdrawn, unanswered.
      await this.lockBarriers(tx, Prisma.sql`national_issue_id = ${issue.id}::uuid`);
      const under = await tx.barrier.findMany({ where: { nationalIssueId: issue.id }, orderBy: { ref: 'asc' } });
      invalid(
        issueDateProblem(
          'respondedOn',
          respondedOn,
          under.map((b) => isoDay(b.raisedOn)),
          'a response',
        ),
      );
      const id = randomUUID();
      await tx.nationalIssueResponse.create({
        data: {
          id,
          nationalIssueId: issue.id,
          text: req.text,
          nationalAction: req.nationalAction ?? null,
          respondedOn: asDate(respondedOn),
          respondedBy: actor.name,
        },
      });
      await tx.nationalIssue.update({ where: { id: issue.id }, data: { status: issueStatus(1) } });
      const barriers = under.filter((b) => b.status !== 'withdrawn');
      await this.audit.append(tx, {
        actor,
        action: 'national-issue.responded',
        entityType: 'national-issue',
        entityId: issueRef,
        payload: { response: id, text: req.text, nationalAction: req.nationalAction ?? null, respondedOn, barriers: barriers.map((b) => b.ref) },
      });
      for (const b of barriers.filter((b) => b.status !== 'answered')) {
        await tx.barrier.update({ where: { id: b.id }, data: { status: 'answered' } });
        await this.audit.append(tx, {
          actor,
          action: 'barrier.answered',
          entityType: 'barrier',
          entityId: b.ref,
          payload: { ccg: b.ccgCode, nationalIssue: issueRef, response: id, from: b.status },
        });
      }
    });
    return this.issue(issueRef);
  }

  /** A CCG records that the latest response to its barrier does not answer it, and why. */
  async rejectResponse(ref: string, body: unknown, actor: Actor) {
    const req = parseOrThrow(rejectSchema, body);
    const rejectedOn = req.rejectedOn ?? today();
    invalid(pastDateProblem('rejectedOn', rejectedOn, today()));
    await this.visible(ref, actor);
    await this.prisma.$transaction(async (tx) => {
      const b = await this.lockBarrier(tx, ref);
      const responses = b.nationalIssueId ? await responsesOfIssue(tx, b.nationalIssueId) : [];
      const latest = responses.at(-1);
      const rejected = (await tx.barrierResponseRejection.findMany({ where: { barrierId: b.id }, select: { responseId: true } })).map(
        (r) => r.responseId,
      );
      conflict(rejectionRefusal(stateOf(b), latest?.id, rejected));
      invalid(rejectionDateProblem(rejectedOn, { respondedOn: isoDay(latest!.respondedOn), raisedOn: isoDay(b.raisedOn) }));
      const id = randomUUID();
      await tx.barrierResponseRejection.create({
        data: { id, barrierId: b.id, responseId: latest!.id, reason: req.reason, rejectedOn: asDate(rejectedOn), rejectedBy: actor.name },
      });
      await this.audit.append(tx, {
        actor,
        action: 'barrier.response-rejected',
        entityType: 'barrier',
        entityId: ref,
        payload: { rejection: id, response: latest!.id, reason: req.reason, rejectedOn },
      });
    });
    return this.get(ref, actor);
  }

  async issues() {
    const rows = await this.prisma.nationalIssue.findMany({ orderBy: { ref: 'asc' }, include: ISSUE_INCLUDE });
    const responses = await issueResponses(
      this.prisma,
      rows.map((r) => r.id),
    );
    return { items: rows.map((r) => issueView(r, responses.get(r.id) ?? [])) };
  }

  /** A national issue as Board staff see it: every barrier under it and the CCGs that raised them. */
  async issue(ref: string) {
    const found = await this.findIssue(ref);
    const issue = await this.prisma.nationalIssue.findUniqueOrThrow({ where: { id: found.id }, include: ISSUE_INCLUDE });
    return issueView(issue, await responsesOfIssue(this.prisma, issue.id));
  }

  // --- reading -------------------------------------------------------------------------------

  /** The list's filters as a query, narrowed to a ccg actor's own CCG. */
  private listWhere(query: unknown, actor: Actor): Prisma.BarrierWhereInput {
    const q = parseOrThrow(listQuerySchema, query ?? {}, 'query', 'BAD_REQUEST');
    const own = boundCcg(actor);
    // A ccg key asking for another CCG's barriers gets what an unknown CCG gets.
    if (own !== undefined && q.ccg !== undefined && q.ccg !== own) throw DomainError.notFound('CCG', q.ccg);
    return {
      ccgCode: own ?? q.ccg,
      status: q.status,
      triage: q.triage,
      actionArea: q.actionArea,
      objectives: q.objective !== undefined ? { has: q.objective } : undefined,
      nationalIssue: q.nationalIssue ? { ref: q.nationalIssue } : undefined,
    };
  }

  /** The barrier behind a ref, or 404 alike for a malformed ref, an unknown one, and another CCG's. */
  private async visible(ref: string, actor: Actor): Promise<BarrierRow> {
    const row = BARRIER_REF.test(ref) ? await this.prisma.barrier.findUnique({ where: { ref }, include: BARRIER_INCLUDE }) : null;
    if (!row || !maySee(actor, row.ccgCode)) throw DomainError.notFound('barrier', ref, 'ref');
    return row;
  }

  private async findIssue(ref: string) {
    const issue = ISSUE_REF.test(ref) ? await this.prisma.nationalIssue.findUnique({ where: { ref } }) : null;
    if (!issue) throw DomainError.notFound('national issue', ref, 'ref');
    return issue;
  }

  /** Barriers as their reader may see them, with their issues' responses and fellow barriers read
   *  in two queries for the whole list (not two per barrier): a ccg actor sees the Board's answer
   *  but not which other CCGs raised the same issue. */
  private async views(rows: BarrierRow[], actor: Actor) {
    const issueIds = [...new Set(rows.flatMap((b) => (b.nationalIssue ? [b.nationalIssue.id] : [])))];
    if (issueIds.length === 0) return rows.map((b) => this.view(b, [], undefined));
    const responsesOf = await issueResponses(this.prisma, issueIds);
    const fellows =
      boundCcg(actor) === undefined
        ? await this.prisma.barrier.findMany({
            where: { nationalIssueId: { in: issueIds } },
            select: { id: true, ref: true, ccgCode: true, status: true, nationalIssueId: true },
            orderBy: { ref: 'asc' },
          })
        : undefined;
    const fellowsOf = new Map<string, NonNullable<typeof fellows>>();
    for (const f of fellows ?? []) fellowsOf.set(f.nationalIssueId!, [...(fellowsOf.get(f.nationalIssueId!) ?? []), f]);
    return rows.map((b) => {
      const issueId = b.nationalIssue?.id;
      const others = issueId && fellows ? (fellowsOf.get(issueId) ?? []).filter((o) => o.id !== b.id) : undefined;
      return this.view(b, issueId ? (responsesOf.get(issueId) ?? []) : [], others);
    });
  }

  private view(b: BarrierRow, responses: ResponseRow[], others: { ref: string; ccgCode: string; status: string }[] | undefined) {
    const issue = b.nationalIssue;
    return {
      ref: b.ref,
      ccg: { code: b.ccg.odsCode, name: b.ccg.name },
      raisedOn: day(b.raisedOn),
      status: b.status,
      objectives: b.objectives.map((n) => ({ number: n, title: mandateObjective(n)?.title ?? null })),
      actionArea: b.actionArea,
      otherReason: b.otherReason,
      stopsLocally: b.stopsLocally,
      nationalBodies: b.nationalBodies,
      evidence: b.evidence.map((e) => ({ id: e.id, summary: e.summary, source: e.source, addedBy: e.addedBy, addedAt: e.addedAt })),
      triage: b.triage ? { kind: b.triage, reason: b.triageReason, by: b.triagedBy, at: b.triagedAt } : null,
      owner: b.owner,
      responseDue: day(b.responseDue),
      nationalIssue: issue
        ? {
            ref: issue.ref,
            title: issue.title,
            status: issue.status,
            mergedInto: issue.mergedInto?.ref ?? null,
            owner: issue.owner,
            responseDue: day(issue.responseDue),
            responses: responses.map(responseView),
            ...(others ? { otherBarriers: others.map((o) => ({ ref: o.ref, ccg: o.ccgCode, status: o.status })) } : {}),
          }
        : null,
      rejections: b.rejections.map((r) => ({ responseId: r.responseId, reason: r.reason, rejectedOn: day(r.rejectedOn), rejectedBy: r.rejectedBy })),
      withdrawn: b.withdrawnAt ? { reason: b.withdrawnReason, at: b.withdrawnAt } : null,
      provenance: b.provenance,
      createdBy: b.createdBy,
      createdAt: b.createdAt,
      updatedAt: b.updatedAt,
      links: { self: `/api/v1/barriers/${b.ref}` },
    };
  }

  // --- writing -------------------------------------------------------------------------------

  /** The barrier row, locked for this transaction. */
  private async lockBarrier(tx: Tx, ref: string) {
    const [locked] = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM barriers WHERE ref = ${ref} FOR UPDATE`;
    if (!locked) throw DomainError.notFound('barrier', ref, 'ref');
    return tx.barrier.findUniqueOrThrow({ where: { id: locked.id } });
  }

  /** Barrier rows matching `where`, locked for this transaction in id order (a stable order, so
   *  that two lockers of overlapping sets never wait on each other crosswise). */
  private async lockBarriers(tx: Tx, where: Prisma.Sql): Promise<void> {
    await tx.$queryRaw`SELECT id FROM barriers WHERE ${where} ORDER BY id FOR UPDATE`;
  }

  /** The barriers of issues being merged away (but those joining by name), locked, then read. */
  private async mergedIssuesBarriers(tx: Tx, issueIds: string[], joining: string[]) {
    await this.lockBarriers(tx, Prisma.sql`national_issue_id IN (${Prisma.join(issueIds.map((id) => Prisma.sql`${id}::uuid`))})`);
    return tx.barrier.findMany({ where: { nationalIssueId: { in: issueIds }, id: { notIn: joining } } });
  }

  /** Linking and responding change several issues and their barriers at once: one at a time, so
   *  that two never lock the same rows in opposite orders. */
  private async lockIssues(tx: Tx): Promise<void> {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('national-issues'))`;
  }

  /** The next ref of a prefix and year, under a lock held to the end of the transaction. */
  private async nextRef(tx: Tx, prefix: 'BAR' | 'NI', year: number): Promise<string> {
    const pattern = `${prefix}-${year}-%`;
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${pattern}))`;
    // The highest ref only. Numbers are padded to four digits but may outgrow them (…-10000 sorts
    // before …-9999 as text), so the longer ref is the higher: length first, then the text.
    const table = Prisma.raw(prefix === 'BAR' ? 'barriers' : 'national_issues');
    const highest = Prisma.sql`SELECT ref FROM ${table} WHERE ref LIKE ${pattern} ORDER BY length(ref) DESC, ref DESC LIMIT 1`;
    const rows = await tx.$queryRaw<{ ref: string }[]>(highest);
    return formatRef(prefix, year, nextRefNumber(rows.map((r) => r.ref)));
  }
}
