import type { PrismaService, Tx } from '../prisma/prisma.service.js';
import { parseRuleSet, type LoadedRuleSet } from './rule-set.loader.js';

/*
 * Rule sets published through a proposal (src/rule-changes) stand beside those loaded from rules/.
 * How the two make one list is a pure function, the same at start-up, on every refresh and when a
 * proposal is checked for publishing, so every process reaches the same list from the same rows.
 */

/** What a published version has in place of a file path (`LoadedRuleSet.file`, `rule_set_versions.source`). */
export const PUBLISHED_PREFIX = 'published/';
export const publishedSource = (proposalId: string): string => `${PUBLISHED_PREFIX}${proposalId}`;
export const originOf = (set: LoadedRuleSet): 'file' | 'published' => (set.file.startsWith(PUBLISHED_PREFIX) ? 'published' : 'file');

/** A version a published one took over from when it was published (same id, or overlapping dates). */
export interface TakenOver {
  hash: string;
  source: string;
  id: string;
  version: string;
}

export interface PublishedRuleSet {
  proposalId: string;
  set: LoadedRuleSet;
  /** Hashes of the versions it was published over: the only files allowed to overlap it. */
  takesOver: string[];
}

const FOREVER = '9999-12-31';
const endOf = (s: LoadedRuleSet): string => s.document.effective.to ?? FOREVER;
const range = (s: LoadedRuleSet): string => `${s.document.effective.from}..${s.document.effective.to ?? ''}`;
const sameFamily = (a: LoadedRuleSet, b: LoadedRuleSet): boolean => a.document.family === b.document.family;

/** Whether two versions are both in force on some day. */
export const overlaps = (a: LoadedRuleSet, b: LoadedRuleSet): boolean =>
  a.document.effective.from <= endOf(b) && b.document.effective.from <= endOf(a);

/** Versions of `set`'s family in `others` it would stand in for or beside: the same id, or overlapping dates. */
export function contendersOf(set: LoadedRuleSet, others: readonly LoadedRuleSet[]): LoadedRuleSet[] {
  return others.filter((o) => sameFamily(o, set) && o.hash !== set.hash && (o.document.id === set.document.id || overlaps(o, set)));
}

function conflictMessage(file: LoadedRuleSet, p: PublishedRuleSet): string {
  const f = file.document;
  const d = p.set.document;
  const why = f.id === d.id && !overlaps(file, p.set) ? `share the id ${d.id}` : `overlap (${range(file)} and ${range(p.set)})`;
  return (
    `rules file ${file.file} (${f.id}@${f.version}, hash ${file.hash}) and published version ${d.id}@${d.version} ` +
    `(hash ${p.set.hash}, proposal ${p.proposalId}) of ${d.family} ${why}, and the version was not published over that file: ` +
    `remove the file, or write the published version out with \`rules export\` and keep that in its place`
  );
}

/**
 * The rule sets in force: the files, then each published version (oldest first) in place of the
 * versions of its family with the same id and ahead of the rest, as `checkCandidate` put it when
 * it was checked (on a tie of start dates, the one put first is the one in force).
 *
 * Each published version is checked against the list as it stands before it, the very list it was
 * checked against and recorded `takesOver` from when it was published (the files, with the
 * versions published before it in place). A file there that overlaps it or shares its id, has
 * other content, and is not one it was published over contradicts it: it is left out and reported,
 * never silently preferred. Taking over is transitive: a version published over an earlier
 * published one is published over what that one took over (file → 1.3.0 → 1.5.0), and a file a
 * published version replaced is no longer in force, so no later version is checked against it.
 * A file with the published content (written out by `rules export`) stands for it.
 */
export function standingRuleSets(
  files: readonly LoadedRuleSet[],
  published: readonly PublishedRuleSet[],
): { sets: LoadedRuleSet[]; conflicts: string[] } {
  let sets = [...files];
  const conflicts: string[] = [];
  // A file holding a published version's content (written out by `rules export`) stands for that
  // version, even where an earlier version of the chain is checked: it contradicts none of them.
  const publishedHashes = new Set(published.map((p) => p.set.hash));
  /** By published hash: every version it was published over, directly or through another. */
  const over = new Map<string, Set<string>>();
  for (const p of published) {
    const allowed = new Set(p.takesOver.flatMap((hash) => [hash, ...(over.get(hash) ?? [])]));
    over.set(p.set.hash, new Set([...(over.get(p.set.hash) ?? []), ...allowed]));
    const clashing = contendersOf(p.set, sets).filter((s) => originOf(s) === 'file' && !allowed.has(s.hash) && !publishedHashes.has(s.hash));
    if (clashing.length > 0) {
      conflicts.push(...clashing.map((f) => conflictMessage(f, p)));
      continue;
    }
    const entry = sets.find((s) => s.hash === p.set.hash) ?? p.set;
    sets = [entry, ...sets.filter((s) => s !== entry && !(sameFamily(s, p.set) && s.document.id === p.set.document.id))];
  }
  return { sets, conflicts };
}

const takenOverHashes = (value: unknown): string[] =>
  Array.isArray(value)
    ? value.flatMap((t) => (t && typeof t === 'object' && typeof (t as TakenOver).hash === 'string' ? [(t as TakenOver).hash] : []))
    : [];

/**
 * Published versions already parsed in this process, by proposal id and content hash. A published
 * row never changes (publishing is its last step), so a refresh parses only rows new to it and
 * hands back the same objects for the rest: the engine caches keyed on them stay warm.
 */
const parsedRows = new Map<string, PublishedRuleSet>();
const rowKey = (id: string, hash: string): string => `${id}:${hash}`;

/** The published versions in the order they were published; content that no longer parses or
 *  hashes as stored stops the caller. One light query (ids and hashes) when nothing is new. */
export async function readPublishedRuleSets(db: PrismaService | Tx): Promise<PublishedRuleSet[]> {
  const rows = await db.ruleSetProposal.findMany({
    where: { status: 'published' },
    orderBy: [{ publishedSeq: 'asc' }, { id: 'asc' }],
    select: { id: true, hash: true },
  });
  const fresh = rows.filter((r) => !parsedRows.has(rowKey(r.id, r.hash)));
  if (fresh.length > 0) {
    const full = await db.ruleSetProposal.findMany({
      where: { id: { in: fresh.map((r) => r.id) } },
      select: { id: true, hash: true, content: true, takesOver: true },
    });
    for (const row of full) parsedRows.set(rowKey(row.id, row.hash), parsePublished(row));
  }
  return rows.map((r) => {
    const parsed = parsedRows.get(rowKey(r.id, r.hash));
    if (!parsed) throw new Error(`${publishedSource(r.id)}: its row changed while it was being read`);
    return parsed;
  });
}

function parsePublished(row: { id: string; hash: string; content: unknown; takesOver: unknown }): PublishedRuleSet {
  const set = parseRuleSet(publishedSource(row.id), JSON.stringify(row.content));
  if (set.hash !== row.hash)
    throw new Error(`${publishedSource(row.id)}: its content hashes to ${set.hash}, not the ${row.hash} it was published as`);
  return { proposalId: row.id, set, takesOver: takenOverHashes(row.takesOver) };
}
