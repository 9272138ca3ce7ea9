/** The review queue's filters. Every one narrows by a column of the assessment or of the CCG
 *  register it is about. */
export interface QueueFilter {
  family?: string;
  ccg?: string;
  areaTeam?: string;
  region?: string;
  period?: string;
}

export const QUEUE_FILTER_KEYS = ['family', 'ccg', 'areaTeam', 'region', 'period'] as const;
export type QueueFilterKey = (typeof QUEUE_FILTER_KEYS)[number];

/** A group of queued items sharing family, subject and period, with the register's view of it. */
export interface QueueGroup {
  family: string;
  subject: string;
  period: string;
  areaTeam: string;
  region: string;
  /** The CCG's name in the register; absent for a subject that is not a CCG (a proposal). */
  ccgName?: string;
  count: number;
}

export interface FacetOption {
  value: string;
  /** What the choice says, where it is not the value itself (a CCG's name). */
  label?: string;
  count: number;
  selected: boolean;
}

const valueOf = (g: QueueGroup, key: QueueFilterKey): string => (key === 'ccg' ? g.subject : key === 'areaTeam' ? g.areaTeam : g[key]);

function matches(g: QueueGroup, filter: QueueFilter, except?: QueueFilterKey): boolean {
  return QUEUE_FILTER_KEYS.every((k) => k === except || !filter[k] || valueOf(g, k) === filter[k]);
}

/** For each filter, its values with how many items each would show given the other filters:
 *  the counts beside every choice in the queue's filter form. */
export function queueFacets(groups: QueueGroup[], filter: QueueFilter): Record<QueueFilterKey, FacetOption[]> {
  const facets = {} as Record<QueueFilterKey, FacetOption[]>;
  const names = new Map(groups.filter((g) => g.ccgName).map((g) => [g.subject, g.ccgName!]));
  for (const key of QUEUE_FILTER_KEYS) {
    const counts = new Map<string, number>();
    for (const g of groups) {
      // The CCG filter lists CCGs, by name: a proposal's reference is not one.
      if (key === 'ccg' && !g.ccgName) continue;
      if (matches(g, filter, key)) counts.set(valueOf(g, key), (counts.get(valueOf(g, key)) ?? 0) + g.count);
    }
    if (filter[key] && !counts.has(filter[key])) counts.set(filter[key], 0);
    const label = (value: string) => (key === 'ccg' && names.has(value) ? `${names.get(value)} (${value})` : undefined);
    facets[key] = [...counts.entries()]
      .map(([value, count]) => ({ value, ...(label(value) ? { label: label(value) } : {}), count, selected: filter[key] === value }))
      .sort((a, b) => (a.label ?? a.value).localeCompare(b.label ?? b.value));
  }
  return facets;
}

/** The subjects the CCG-side filters leave, or undefined when none is set. */
export function subjectsMatching(groups: QueueGroup[], filter: QueueFilter): string[] | undefined {
  if (!filter.ccg && !filter.areaTeam && !filter.region) return undefined;
  return [...new Set(groups.filter((g) => matches(g, { ccg: filter.ccg, areaTeam: filter.areaTeam, region: filter.region })).map((g) => g.subject))];
}

export function totalMatching(groups: QueueGroup[], filter: QueueFilter): number {
  return groups.filter((g) => matches(g, filter)).reduce((n, g) => n + g.count, 0);
}
