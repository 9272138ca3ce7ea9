/** What the demo prints once its run is done: the keys it made, and how to reach the service
 *  it goes on serving, or, with `--no-serve`, where the data stays (nothing is listening). */
export interface DemoBannerInput {
  keys: Record<string, string>;
  serving: boolean;
  base: string;
  databaseUrl: string;
  redisUrl: string;
}

export function demoBanner({ keys, serving, base, databaseUrl, redisUrl }: DemoBannerInput): string[] {
  const lines = ['', 'API keys made for this demo (shown once):', ...Object.entries(keys).map(([role, key]) => `  ${role.padEnd(8)} ${key}`), ''];
  if (!serving) {
    return [
      ...lines,
      'Not serving (--no-serve): PostgreSQL and Redis have stopped; the data stays in this folder.',
      '`EMBEDDED_SERVICES=1 npm start` serves it again; the keys above keep working.',
    ];
  }
  return [
    ...lines,
    `Review queue: curl -H "Authorization: Bearer ${keys.board}" "${base}/api/v1/assessments?status=awaiting_review"`,
    `API docs:     ${base}/docs      Health: ${base}/health`,
    `Console:      ${base}/console   (sign in with one of the keys above; admins also get ${base}/admin/queues)`,
    `Database:     DATABASE_URL=${databaseUrl}`,
    `Redis:        REDIS_URL=${redisUrl}`,
    'Other commands run from this folder (keys create, audit verify, import) use these while the demo runs.',
    'Serving; press Ctrl-C to stop (PostgreSQL and Redis stop with it).',
  ];
}
