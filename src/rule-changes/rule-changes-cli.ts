import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import type { CliIo } from '../audit/audit-cli.js';
import { DomainError } from '../common/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { PrismaService } from '../prisma/prisma.service.js';
import { readPublishedRuleSets } from '../rules/published-rule-sets.js';
import { RulesService } from '../rules/rules.service.js';
import { exportRuleSets } from './rule-set-export.js';
import { diffReport, simulationReport } from './rule-changes-text.js';
import { diffRuleSets } from './rule-set-diff.js';
import { RuleSetDiffService } from './rule-set-diff.service.js';
import { simulationCsv } from './simulation-csv.js';
import { SimulationService, type PeriodRange } from './simulation.service.js';

/** Exit code of a candidate refused (422) or a hash not found. */
const REFUSED = 2;

/** `--over <family>/<from>..<to>` (or one period): which family, and the periods, both ends included. */
export function parseOver(value: string): { family: string; range: PeriodRange } {
  const match = /^([a-z][a-z0-9-]*)\/([^.]+)(?:\.\.(.+))?$/.exec(value);
  if (!match) throw new InvalidArgumentError('expected <family>/<from>..<to> or <family>/<period>, e.g. intervention/2013-Q1..2014-Q4');
  const [, family, from, to] = match;
  return { family, range: { from, to: to ?? from } };
}

/** Runs `work`, printing a refusal as `<file>#<pointer>: message` with exit code 2. */
async function refusedAs<T>(label: (field: string) => string, err: (line: string) => void, work: () => Promise<T>): Promise<T | undefined> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof DomainError) || (error.status !== 422 && error.status !== 404 && error.status !== 400)) throw error;
    if (error.issues.length === 0) err(`refused: ${error.message}`);
    for (const issue of error.issues) err(`refused: ${label(issue.field)}: ${issue.message}`);
    process.exitCode = REFUSED;
    return undefined;
  }
}

/** `rules simulate <file>`, `rules diff <a> <b>` and `rules export`, against the embedded services like the other commands. */
export function addRuleCommands(program: Command, { out, err, withContext }: CliIo): void {
  const rules = program
    .command('rules')
    .description('candidate rule sets: simulate one over the stored facts, diff two versions, write published versions out');

  rules
    .command('export')
    .description('write each published rule-set version as <dir>/<family>/<id>-<version>.json, to be committed to rules/')
    .option('--out <dir>', 'the rules directory to write into (default: RULES_DIR)')
    .action(async (opts: { out?: string }) => {
      const report = await withContext(async (app) =>
        exportRuleSets(await readPublishedRuleSets(app.get(PrismaService)), opts.out ?? app.get<AppConfig>(APP_CONFIG).RULES_DIR),
      );
      for (const file of report.written) out(`wrote ${file}`);
      for (const file of report.unchanged) out(`unchanged ${file}`);
      for (const { file, reason } of report.refused) err(`refused: ${file}: ${reason}`);
      if (report.refused.length > 0) process.exitCode = REFUSED;
    });

  rules
    .command('simulate <file>')
    .description(
      'run a candidate rule set (a JSON file) over the stored facts of every assessment it would cover; prints totals and changed subjects',
    )
    .option('--over <family/from..to>', 'only these periods, both ends included (e.g. intervention/2013-Q1..2014-Q4)', parseOver)
    .option('--csv <out>', 'also write the per-subject table as CSV to this file')
    .option('--as <name>', 'actor name recorded with the run and in the audit log', 'cli-simulation')
    .option('--json', 'print the run as JSON instead of the report')
    .action(async (file: string, opts: { over?: { family: string; range: PeriodRange }; csv?: string; as: string; json?: boolean }) => {
      const text = readFileSync(file, 'utf8');
      const result = await refusedAs(
        (field) => (field.startsWith('/') ? `${file}#${field}` : field === '(candidate)' ? file : field),
        err,
        () =>
          withContext(async (app) => {
            const simulations = app.get(SimulationService);
            const checked = simulations.check(text);
            if (opts.over && opts.over.family !== checked.family.id) {
              throw DomainError.invalid([{ field: '--over', message: `names ${opts.over.family}, but the candidate is for ${checked.family.id}` }]);
            }
            const simulated = await simulations.simulate(checked, opts.over?.range, { name: opts.as, role: 'board' });
            return { run: simulated, csv: simulationCsv(simulated.rows, Object.keys(checked.family.whatIf?.figures ?? {})) };
          }),
      );
      if (!result) return;
      out(opts.json ? JSON.stringify(result.run, null, 2) : simulationReport(result.run));
      if (opts.csv) {
        writeFileSync(opts.csv, result.csv);
        err(`wrote ${result.run.rows.length} rows to ${opts.csv}`);
      }
    });

  rules
    .command('diff <a> <b>')
    .description('what changed from rule set <a> to <b>; each a JSON file or a stored version’s hash')
    .option('--json', 'print the diff as JSON')
    .action(async (a: string, b: string, opts: { json?: boolean }) => {
      const labels: Record<string, string> = { from: a, to: b };
      const diff = await refusedAs(
        (field) => {
          const [, side, pointer] = /^\/?(from|to)(\/.*)?$/.exec(field) ?? [];
          return side ? `${labels[side]}${pointer ? `#${pointer}` : ''}` : field;
        },
        err,
        () =>
          withContext(async (app) => {
            const diffs = app.get(RuleSetDiffService);
            // A file, else a stored version's hash or its first digits (as `rules diff` prints them).
            const side = async (arg: string, prefix: '/from' | '/to') =>
              !existsSync(arg) && /^[0-9a-f]{7,64}$/.test(arg)
                ? diffs.side(await app.get(RulesService).fullHash(arg, prefix.slice(1)), prefix)
                : diffs.candidateSide(readFileSync(arg, 'utf8'), prefix);
            return diffRuleSets(await side(a, '/from'), await side(b, '/to'));
          }),
      );
      if (diff) out(opts.json ? JSON.stringify(diff, null, 2) : diffReport(diff));
    });
}
