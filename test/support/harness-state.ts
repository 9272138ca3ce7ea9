// What global setup hands to global teardown. Both run in Jest's parent process, so a global
// survives between them (the test workers never see it).
import type { EmbeddedServices } from '../../src/embedded/embedded-services.js';

export interface HarnessState {
  services?: EmbeddedServices;
  dataDir?: string;
  adminUrl: string;
  templateDb: string;
  /** On an external server the run's template is dropped at the end; an embedded one goes with its server. */
  ownsTemplate: boolean;
}

const KEY = Symbol.for('ccg-oversight.e2e-harness');
type Holder = { [KEY]?: HarnessState };

export const harnessState = {
  set(state: HarnessState): void {
    (globalThis as Holder)[KEY] = state;
  },
  take(): HarnessState | undefined {
    const state = (globalThis as Holder)[KEY];
    delete (globalThis as Holder)[KEY];
    return state;
  },
};

/** The same server and credentials, another database. */
export function databaseUrl(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}
