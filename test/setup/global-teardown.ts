// Jest loads global setup and teardown with Node's own require, without moduleNameMapper, so
// local imports here (and in the files they import) name no .js suffix.
import { rm } from 'node:fs/promises';
import { Client } from 'pg';
import { harnessState } from '../support/harness-state';

export default async function globalTeardown(): Promise<void> {
  const state = harnessState.take();
  if (!state) return;
  if (state.ownsTemplate) {
    const admin = new Client({ connectionString: state.adminUrl });
    await admin.connect();
    try {
      await admin.query(`ALTER DATABASE ${admin.escapeIdentifier(state.templateDb)} WITH IS_TEMPLATE false`);
      await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(state.templateDb)} WITH (FORCE)`);
    } finally {
      await admin.end();
    }
  }
  await state.services?.stop();
  if (state.dataDir) await rm(state.dataDir, { recursive: true, force: true });
}
