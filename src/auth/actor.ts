/** Who did something. API callers are named by their key; background work by its process. */
export type ActorRole = 'board' | 'panel' | 'auditor' | 'admin' | 'system';

export interface Actor {
  name: string;
  role: ActorRole;
}

export const WORKER_ACTOR: Actor = { name: 'evaluation-worker', role: 'system' };
export const SYSTEM_ACTOR: Actor = { name: 'system', role: 'system' };
