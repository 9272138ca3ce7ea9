/** Who did something. API callers are named by their key; background work by its process. */
export type ActorRole = 'board' | 'panel' | 'auditor' | 'admin' | 'ccg' | 'system';

export interface Actor {
  name: string;
  role: ActorRole;
  /** The API key acting (also behind a console session). Key names are not unique, so who
   *  someone is for four eyes is this id; absent for background work. */
  keyId?: string;
  /** The one CCG (ODS code) a `ccg` actor speaks for and may see; absent for every other role. */
  ccgCode?: string;
}

export const WORKER_ACTOR: Actor = { name: 'evaluation-worker', role: 'system' };
export const SYSTEM_ACTOR: Actor = { name: 'system', role: 'system' };
