import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { DomainError } from '../common/domain-error.js';
import { parseOrThrow } from '../common/validation.js';
import { RulesService } from '../rules/rules.service.js';
import { diffRuleSets, type DiffSide, type RuleSetDiff } from './rule-set-diff.js';
import { SimulationService } from './simulation.service.js';

/** A stored rule-set version by content hash (sha256 of its canonical JSON). */
export const ruleSetHashSchema = z.string().regex(/^[0-9a-f]{64}$/, 'expected a rule-set content hash (64 lower-case hex digits)');

/** Each side a stored version's hash or a candidate rule set (checked as rules/ files are). */
export const diffRequestSchema = z.strictObject({
  from: z.union([ruleSetHashSchema, z.record(z.string(), z.unknown())]),
  to: z.union([ruleSetHashSchema, z.record(z.string(), z.unknown())]),
});

@Injectable()
export class RuleSetDiffService {
  constructor(
    private readonly rules: RulesService,
    private readonly simulations: SimulationService,
  ) {}

  /** `POST /rule-sets/diff`: a candidate's problem is named by its pointer within the body (`/to/rules/3/...`). */
  async diffRequest(body: unknown): Promise<RuleSetDiff> {
    const req = parseOrThrow(diffRequestSchema, body);
    return diffRuleSets(await this.side(req.from, '/from'), await this.side(req.to, '/to'));
  }

  /** `GET /rule-sets/:hash/diff/:otherHash`: an unknown version is named by its path parameter. */
  async diffStored(from: string, to: string): Promise<RuleSetDiff> {
    return diffRuleSets(await this.side(from, '/hash'), await this.side(to, '/otherHash'));
  }

  /** A hash (from memory or the versions table; 404 if unknown) or a candidate document. */
  async side(value: string | Record<string, unknown>, prefix: string): Promise<DiffSide> {
    if (typeof value === 'string') {
      const document = await this.rules.byContentHash(value).catch((error: unknown) => {
        // Say which side names the unknown version.
        throw error instanceof DomainError && error.code === 'NOT_FOUND' ? DomainError.notFound('rule set', value, prefix.slice(1)) : error;
      });
      return { hash: value, kind: 'stored', document };
    }
    return this.candidateSide(JSON.stringify(value), prefix);
  }

  /** A candidate from its JSON text (a file, on the command line). */
  candidateSide(text: string, prefix: string): DiffSide {
    const { set } = this.simulations.check(text, prefix);
    return { hash: set.hash, kind: 'candidate', document: set.document };
  }
}
