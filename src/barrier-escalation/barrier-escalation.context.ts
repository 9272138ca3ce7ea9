import { BARRIER_REF, ISSUE_REF } from '../barriers/barrier.schemas.js';
import { responsesOfIssue } from '../barriers/issue-responses.js';
import type { PrismaService } from '../prisma/prisma.service.js';
import { FamilyProblemsError } from '../rules/rule-family.js';
import type { EscalationSnapshot } from './barrier-escalation.facts.js';

const day = (d: Date): string => d.toISOString().slice(0, 10);
const subjectProblem = (message: string) => new FamilyProblemsError([{ field: 'subject', message }]);

type Db = Pick<PrismaService, 'nationalIssue' | 'barrier' | 'nationalIssueResponse' | 'barrierResponseRejection' | 'barrierEscalation'>;

const BARRIER_SELECT = {
  id: true,
  ref: true,
  raisedOn: true,
  objectives: true,
  actionArea: true,
  provenance: true,
  ccg: { select: { odsCode: true, name: true, regionName: true, areaTeamName: true } },
} as const;

type BarrierRow = { id: string; ref: string; raisedOn: Date; objectives: number[]; actionArea: string; provenance: string } & {
  ccg: { odsCode: string; name: string; regionName: string; areaTeamName: string };
};

const barrierOf = (b: BarrierRow): EscalationSnapshot['barriers'][number] => ({
  ref: b.ref,
  ccg: { code: b.ccg.odsCode, name: b.ccg.name, region: b.ccg.regionName, areaTeam: b.ccg.areaTeamName },
  raisedOn: day(b.raisedOn),
  objectives: b.objectives,
  actionArea: b.actionArea,
  synthetic: b.provenance === 'synthetic',
});

/**
 * The subject of an escalation assessment as the barrier tables hold it now: a national issue
 * (`NI-…`, with the responses of issues merged into it), or a barrier triaged national and under
 * no issue yet (`BAR-…`, which has no response until it is linked). A merged issue, a barrier
 * under an issue, withdrawn or not triaged national is refused naming `subject`.
 */
export async function loadEscalationSubject(subject: string, db: Db): Promise<EscalationSnapshot> {
  const snapshot = ISSUE_REF.test(subject)
    ? await issueSnapshot(subject, db)
    : BARRIER_REF.test(subject)
      ? await loneBarrierSnapshot(subject, db)
      : undefined;
  if (!snapshot) throw subjectProblem('expected a national issue reference (NI-2013-0001) or a barrier triaged national (BAR-2013-0001)');
  const earlier = await db.barrierEscalation.findMany({
    where: { subjectRef: subject },
    select: { quarter: true, outcomeKey: true, inLetter: true },
    orderBy: { quarterStart: 'asc' },
  });
  return { ...snapshot, earlier: earlier.map((e) => ({ quarter: e.quarter, key: e.outcomeKey, inLetter: e.inLetter })) };
}

async function issueSnapshot(ref: string, db: Db): Promise<Omit<EscalationSnapshot, 'earlier'>> {
  const issue = await db.nationalIssue.findUnique({ where: { ref }, include: { mergedInto: { select: { ref: true } } } });
  if (!issue) throw subjectProblem(`no national issue ${ref}`);
  if (issue.status === 'merged') throw subjectProblem(`${ref} was merged into ${issue.mergedInto?.ref}: assess that issue`);
  const barriers = await db.barrier.findMany({
    where: { nationalIssueId: issue.id, status: { not: 'withdrawn' } },
    select: BARRIER_SELECT,
    orderBy: { ref: 'asc' },
  });
  if (barriers.length === 0) throw subjectProblem(`${ref} has no barrier that is not withdrawn`);
  const responses = await responsesOfIssue(db, issue.id);
  const rejections = await db.barrierResponseRejection.findMany({
    where: { barrierId: { in: barriers.map((b) => b.id) } },
    select: { responseId: true, rejectedOn: true, barrier: { select: { ref: true, ccgCode: true } } },
    orderBy: { rejectedOn: 'asc' },
  });
  return {
    kind: 'national-issue',
    ref,
    title: issue.title,
    owner: issue.owner,
    responseDue: issue.responseDue ? day(issue.responseDue) : null,
    barriers: barriers.map(barrierOf),
    responses: responses.map((r) => ({ id: r.id, respondedOn: day(r.respondedOn), text: r.text, nationalAction: r.nationalAction })),
    rejections: rejections.map((r) => ({ barrier: r.barrier.ref, ccg: r.barrier.ccgCode, responseId: r.responseId, rejectedOn: day(r.rejectedOn) })),
  };
}

async function loneBarrierSnapshot(ref: string, db: Db): Promise<Omit<EscalationSnapshot, 'earlier'>> {
  const barrier = await db.barrier.findUnique({
    where: { ref },
    select: {
      ...BARRIER_SELECT,
      status: true,
      triage: true,
      owner: true,
      responseDue: true,
      stopsLocally: true,
      nationalIssue: { select: { ref: true } },
    },
  });
  if (!barrier) throw subjectProblem(`no barrier ${ref}`);
  if (barrier.nationalIssue) throw subjectProblem(`${ref} is under national issue ${barrier.nationalIssue.ref}: assess that issue`);
  if (barrier.status === 'withdrawn') throw subjectProblem(`${ref} was withdrawn`);
  if (barrier.triage !== 'national') throw subjectProblem(`${ref} is not triaged national`);
  const summary = barrier.stopsLocally.length > 120 ? `${barrier.stopsLocally.slice(0, 117)}…` : barrier.stopsLocally;
  return {
    kind: 'barrier',
    ref,
    title: summary,
    owner: barrier.owner,
    responseDue: barrier.responseDue ? day(barrier.responseDue) : null,
    barriers: [barrierOf(barrier)],
    responses: [],
    rejections: [],
  };
}
