import { createPublicKey } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import type { INestApplicationContext } from '@nestjs/common';
import type { Command } from 'commander';
import { DomainError } from '../common/domain-error.js';
import { AuditService } from './audit.service.js';
import { keyIdOf, type Checkpoint } from './audit-checkpoint.js';
import type { VerifyReport } from './audit-verifier.js';
import { readCheckpointFile } from './checkpoint-file.js';
import { generateCheckpointKeyPair, loadPublicKey } from '../common/ed25519-keys.js';

/** Free functions (properties, not methods): the commands call them detached from any object. */
export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  withContext: <T>(work: (app: INestApplicationContext) => Promise<T>) => Promise<T>;
}

/** Exit code of a chain that is broken, or no longer extends a checkpoint. */
const BROKEN = 2;

const collect = (value: string, previous: string[]) => [...previous, value];

/** `audit verify`, `audit checkpoint` and `audit keygen`. */
export function addAuditCommands(program: Command, { out, err, withContext }: CliIo): void {
  const audit = program.command('audit').description('audit log: verify the hash chain, sign and check checkpoints');

  audit
    .command('verify')
    .description('walk the hash chain and name the first broken seq; with --checkpoint, the chain must also still extend each signed checkpoint')
    .option('--checkpoint <file>', 'a checkpoint file (one JSON object, an array, or JSON lines as publishing writes); repeatable', collect, [])
    .option(
      '--public-key <file>',
      'PEM public key the checkpoints are signed with (default: AUDIT_CHECKPOINT_PUBLIC_KEY, or the public half of AUDIT_CHECKPOINT_KEY)',
    )
    .action(async (opts: { checkpoint: string[]; publicKey?: string }) => {
      const given = opts.checkpoint.flatMap((file) => readCheckpointFile(file).map((checkpoint, i) => ({ checkpoint, label: `${file}#${i + 1}` })));
      const publicKey = opts.publicKey ? withOption('--public-key', () => loadPublicKey(opts.publicKey as string)) : undefined;
      const checkpoints: Checkpoint[] = given.map((g) => g.checkpoint);
      let report: VerifyReport;
      try {
        report = await withContext((app) => app.get(AuditService).verify(checkpoints, { publicKey, field: (i) => given[i].label }));
      } catch (error) {
        // A checkpoint whose signature does not hold proves nothing: as bad as a broken chain.
        if (!(error instanceof DomainError && error.code === 'UNPROCESSABLE')) throw error;
        err(`checkpoint refused: ${error.message}`);
        process.exitCode = BROKEN;
        return;
      }
      out(JSON.stringify(report));
      if (report.ok) return;
      err(brokenMessage(report));
      process.exitCode = BROKEN;
    });

  audit
    .command('checkpoint')
    .description('sign the chain head with AUDIT_CHECKPOINT_KEY and print the checkpoint (JSON); keep it outside the database')
    .option('--out <file>', 'write it to this file instead of stdout')
    .action(async (opts: { out?: string }) => {
      const checkpoint = await withContext((app) => app.get(AuditService).checkpoint());
      const json = JSON.stringify(checkpoint);
      if (!opts.out) return out(json);
      writeFileSync(opts.out, json + '\n');
      err(`checkpoint of seq ${checkpoint.seq} (key ${checkpoint.keyId}) written to ${opts.out}`);
    });

  audit
    .command('keygen')
    .description('make an Ed25519 key pair for checkpoints: print both PEMs, or write them to files')
    .option('--out <prefix>', 'write <prefix>.key.pem (readable by its owner only) and <prefix>.pub.pem; never overwrites')
    .action((opts: { out?: string }) => {
      const { privateKeyPem, publicKeyPem } = generateCheckpointKeyPair();
      const keyId = keyIdOf(createPublicKey(publicKeyPem));
      if (opts.out) {
        writeFileSync(`${opts.out}.key.pem`, privateKeyPem, { mode: 0o600, flag: 'wx' });
        writeFileSync(`${opts.out}.pub.pem`, publicKeyPem, { flag: 'wx' });
        err(`wrote ${opts.out}.key.pem and ${opts.out}.pub.pem`);
      } else {
        out(privateKeyPem.trimEnd());
        out(publicKeyPem.trimEnd());
      }
      err(`key id ${keyId}: sign with AUDIT_CHECKPOINT_KEY=<the private key>, hand the public key to whoever checks checkpoints`);
    });
}

function withOption<T>(option: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw new Error(`${option}: ${(error as Error).message}`, { cause: error });
  }
}

function brokenMessage(report: VerifyReport): string {
  const what = report.problem === 'checkpoint' ? 'the chain no longer extends a checkpoint' : `the chain is broken at seq ${report.firstBrokenSeq}`;
  return `${what}${report.detail ? `: ${report.detail}` : ''}`;
}
