import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { z } from 'zod';

/**
 * A signed checkpoint anchors the audit chain outside the database, as certificate-transparency
 * logs sign their tree heads: whoever keeps one can later prove that the chain still extends it,
 * which a database superuser who rewrote an event and re-hashed everything after it cannot fake
 * without the signing key.
 *
 * The signature is Ed25519 over a fixed text (the "note"), not over JSON, so that anyone can
 * rebuild the bytes and check them with openssl:
 *
 *   ccg-oversight audit checkpoint\n<seq>\n<hash>\n<time>\n
 *
 * seq in decimal, hash as 64 lower-case hex digits, time as ISO 8601 UTC (toISOString()).
 */
export const CHECKPOINT_ORIGIN = 'ccg-oversight audit checkpoint';

/** The chain head a checkpoint vouches for. */
export interface ChainHead {
  seq: string;
  hash: string;
}

export interface Checkpoint extends ChainHead {
  time: string;
  /** Which key signed: the first 16 hex digits of sha256 over the public key's DER (SPKI). */
  keyId: string;
  /** Ed25519 signature of the note, base64. */
  signature: string;
}

export const checkpointSchema = z
  .object({
    seq: z.string().regex(/^(0|[1-9]\d*)$/, 'a seq in decimal, e.g. "2000"'),
    hash: z.string().regex(/^[0-9a-f]{64}$/, '64 lower-case hex digits'),
    time: z.iso.datetime({ error: 'an ISO 8601 UTC time, e.g. "2026-01-31T09:00:00.000Z"' }),
    keyId: z.string().regex(/^[0-9a-f]{16}$/, '16 lower-case hex digits'),
    signature: z.base64({ error: 'base64' }),
  })
  .strict();

/** The exact bytes that are signed. */
export function checkpointNote(c: Pick<Checkpoint, 'seq' | 'hash' | 'time'>): string {
  return `${CHECKPOINT_ORIGIN}\n${c.seq}\n${c.hash}\n${c.time}\n`;
}

export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);
}

export type CheckpointSigner = (head: ChainHead, at?: Date) => Checkpoint;

/** Signs heads with an Ed25519 private key (about 50 µs a signature). */
export function checkpointSigner(privateKey: KeyObject): CheckpointSigner {
  const keyId = keyIdOf(createPublicKey(privateKey));
  return (head, at = new Date()) => {
    const body = { seq: head.seq, hash: head.hash, time: at.toISOString() };
    return { ...body, keyId, signature: sign(null, Buffer.from(checkpointNote(body)), privateKey).toString('base64') };
  };
}

export interface SignatureProblem {
  field: 'keyId' | 'signature';
  message: string;
}

/** Why the checkpoint's signature does not hold against this public key, or undefined when it does. */
export function signatureProblem(checkpoint: Checkpoint, publicKey: KeyObject): SignatureProblem | undefined {
  const expectedKeyId = keyIdOf(publicKey);
  if (checkpoint.keyId !== expectedKeyId)
    return { field: 'keyId', message: `signed by key ${checkpoint.keyId}, not by the key given (${expectedKeyId})` };
  const signature = Buffer.from(checkpoint.signature, 'base64');
  if (signature.length !== 64 || !verify(null, Buffer.from(checkpointNote(checkpoint)), publicKey, signature)) {
    return {
      field: 'signature',
      message: `does not match seq ${checkpoint.seq}, hash ${checkpoint.hash} and time ${checkpoint.time} under key ${expectedKeyId}`,
    };
  }
  return undefined;
}
