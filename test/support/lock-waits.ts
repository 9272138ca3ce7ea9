// Reproducing a race deterministically: hold one transaction open at a chosen point (a gate),
// start the competing request, wait until PostgreSQL shows it waiting on a lock, then release.
import type { PrismaService } from '../../src/prisma/prisma.service.js';

/** Whether a statement of another session of this database waits on a lock; with `text`, one
 *  whose SQL contains it (to tell which of several sessions it is). */
export async function waitingOnLock(prisma: PrismaService, text?: string): Promise<boolean> {
  const rows = await prisma.$queryRawUnsafe<unknown[]>(
    `SELECT 1 FROM pg_stat_activity
     WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'
       AND ($1::text IS NULL OR strpos(query, $1) > 0)`,
    text ?? null,
  );
  return rows.length > 0;
}

/** A promise that stays pending until `open()`: what a held transaction awaits. */
export function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}
