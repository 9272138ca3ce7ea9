// Simulations of candidate rule sets (src/rule-changes) on a database seeded through the real
// pipeline: eight intervention quarters for the 211 CCGs (each quarter evaluated, swept and
// issued, so later quarters read real history), then the Quality Premium 2013/14 for the 211
// (reading the year's intervention levels). Each round times one whole simulation per family:
// the candidate checked, the stored facts read, the candidate run, the run and its audit event
// written.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../src/app.module.js';
import type { Actor } from '../src/auth/actor.js';
import { readCcgRegister } from '../src/ccgs/ccg-register.js';
import type { AppConfig } from '../src/config/app-config.js';
import { runInterventionSimulation } from '../src/demo/intervention/simulation.js';
import { syntheticQualityPremiumFacts } from '../src/demo/quality-premium/synthetic-facts.js';
import { SimulationService } from '../src/rule-changes/simulation.service.js';
import type { RuleSetDocument } from '../src/rules/rule-set.schema.js';
import { submitAndDrain } from './end-to-end.js';

const ACTOR: Actor = { name: 'bench', role: 'board' };

/** A rule file with one change, as a candidate's JSON text. */
function candidate(rulesDir: string, file: string, change: (d: RuleSetDocument) => void): string {
  const document = JSON.parse(readFileSync(join(rulesDir, file), 'utf8')) as RuleSetDocument;
  document.version = '9.9.9';
  change(document);
  return JSON.stringify(document);
}

export interface SimulationBench {
  /** Seconds per simulation, one per round. */
  qp: number[];
  intervention: number[];
  rows: { qp: number; intervention: number };
  changed: { qp: number; intervention: number };
}

export async function simulationBench(config: AppConfig, rounds: number): Promise<SimulationBench> {
  const app = await NestFactory.create<INestApplication>(
    AppModule.forRoot({ ...config, ROLE: 'all', LOG_LEVEL: 'silent', RECONCILE_INTERVAL_MS: 0, QUEUE_PREFIX: `benchsim${process.pid}` }),
    { logger: false },
  );
  await app.init();
  try {
    await runInterventionSimulation(app, { quarters: 8 });
    const ccgs = readCcgRegister(config.CCG_REGISTER);
    const facts = syntheticQualityPremiumFacts(ccgs, 10);
    await submitAndDrain(
      app,
      ccgs.map((c) => ({ family: 'quality-premium', subject: c.odsCode, period: '2013/14', facts: facts.get(c.odsCode) })),
    );

    const simulations = app.get(SimulationService);
    // The Quality Premium with N2 worth half as much; the intervention year-to-date trigger at -0.3 %.
    const qp = candidate(config.RULES_DIR, 'quality-premium/qp-2013-14.json', (d) => {
      d.rules.find((r) => r.event.params.measure === 'N2')!.event.params.weight = 0.125;
    });
    const intervention = candidate(config.RULES_DIR, 'intervention/intervention-2013-14.json', (d) => {
      const ytd = d.rules.find((r) => r.name === 'finance: year-to-date variance worse than -0.5% of allocation')!;
      (ytd.conditions as { all: { value: unknown }[] }).all[0].value = -0.3;
    });
    const time = async (text: string) => {
      const start = performance.now();
      const run = await simulations.simulate(simulations.check(text), undefined, ACTOR);
      return { seconds: (performance.now() - start) / 1000, rows: run.counts.subjects, changed: run.counts.changed };
    };
    // One unmeasured run each first (module code paths, prepared statements).
    await time(qp);
    await time(intervention);
    const out: SimulationBench = { qp: [], intervention: [], rows: { qp: 0, intervention: 0 }, changed: { qp: 0, intervention: 0 } };
    for (let r = 0; r < rounds; r++) {
      const a = await time(qp);
      const b = await time(intervention);
      out.qp.push(a.seconds);
      out.intervention.push(b.seconds);
      out.rows = { qp: a.rows, intervention: b.rows };
      out.changed = { qp: a.changed, intervention: b.changed };
    }
    return out;
  } finally {
    await app.close();
  }
}
