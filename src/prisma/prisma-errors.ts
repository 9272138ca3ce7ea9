/** Prisma reports a unique-constraint violation as P2002 (or, through a driver adapter, with the
 *  PostgreSQL code 23505 underneath). */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; meta?: { driverAdapterError?: { cause?: { originalCode?: string; kind?: string } } }; message?: string };
  if (e?.code === 'P2002') return true;
  const cause = e?.meta?.driverAdapterError?.cause;
  return cause?.originalCode === '23505' || cause?.kind === 'UniqueConstraintViolation' || /Unique constraint failed/i.test(e?.message ?? '');
}
