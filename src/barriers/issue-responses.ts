import type { NationalIssueResponse } from '../generated/prisma/client.js';
import type { PrismaService } from '../prisma/prisma.service.js';

type Db = Pick<PrismaService, 'nationalIssueResponse'>;

/**
 * The responses of each national issue named, with those of the issues merged into it, oldest
 * first (respondedOn, then createdAt): one query for them all. Merging re-points issues merged
 * into the merged one at the target, so one level of `mergedInto` reaches every merged response.
 * An issue with no response is absent from the map.
 */
export async function issueResponses(db: Db, issueIds: readonly string[]): Promise<Map<string, NationalIssueResponse[]>> {
  const byIssue = new Map<string, NationalIssueResponse[]>();
  if (issueIds.length === 0) return byIssue;
  const ids = [...issueIds];
  const named = new Set(ids);
  const responses = await db.nationalIssueResponse.findMany({
    where: { OR: [{ nationalIssueId: { in: ids } }, { nationalIssue: { mergedIntoId: { in: ids } } }] },
    include: { nationalIssue: { select: { mergedIntoId: true } } },
    orderBy: [{ respondedOn: 'asc' }, { createdAt: 'asc' }],
  });
  // A response counts for its own issue and for the issue that one was merged into.
  for (const { nationalIssue, ...r } of responses) {
    for (const id of [r.nationalIssueId, nationalIssue.mergedIntoId]) {
      if (id && named.has(id)) byIssue.set(id, [...(byIssue.get(id) ?? []), r]);
    }
  }
  return byIssue;
}

/** The responses of one national issue (and of those merged into it), oldest first. */
export const responsesOfIssue = async (db: Db, issueId: string): Promise<NationalIssueResponse[]> =>
  (await issueResponses(db, [issueId])).get(issueId) ?? [];
