import { createPublicKey, type KeyObject } from 'node:crypto';
import type { AppConfig } from '../config/app-config.js';
import { checkpointSigner, keyIdOf, type CheckpointSigner } from './audit-checkpoint.js';
import { loadPrivateKey, loadPublicKey } from '../common/ed25519-keys.js';
import type { PublishSettings } from './checkpoint-publisher.js';

type CheckpointConfig = Partial<
  Pick<
    AppConfig,
    | 'AUDIT_CHECKPOINT_KEY'
    | 'AUDIT_CHECKPOINT_PUBLIC_KEY'
    | 'AUDIT_CHECKPOINT_PUBLISH_TO'
    | 'AUDIT_CHECKPOINT_EVERY_EVENTS'
    | 'AUDIT_CHECKPOINT_EVERY_MINUTES'
  >
>;

export interface CheckpointKeys {
  /** Present when AUDIT_CHECKPOINT_KEY is set. */
  sign?: CheckpointSigner;
  /** AUDIT_CHECKPOINT_PUBLIC_KEY, or the public half of AUDIT_CHECKPOINT_KEY. */
  publicKey?: KeyObject;
  keyId?: string;
}

export function checkpointKeys(config: CheckpointConfig): CheckpointKeys {
  const privateKey = config.AUDIT_CHECKPOINT_KEY ? loadPrivateKey(config.AUDIT_CHECKPOINT_KEY) : undefined;
  const publicKey = config.AUDIT_CHECKPOINT_PUBLIC_KEY
    ? loadPublicKey(config.AUDIT_CHECKPOINT_PUBLIC_KEY)
    : privateKey && createPublicKey(privateKey);
  return { sign: privateKey && checkpointSigner(privateKey), publicKey, keyId: publicKey && keyIdOf(publicKey) };
}

/** What the sequencer publishes, or undefined when publishing is off (the default). */
export function publishSettings(config: CheckpointConfig): PublishSettings | undefined {
  const everyEvents = config.AUDIT_CHECKPOINT_EVERY_EVENTS ?? 0;
  const everyMs = Math.round((config.AUDIT_CHECKPOINT_EVERY_MINUTES ?? 0) * 60_000);
  if (!config.AUDIT_CHECKPOINT_PUBLISH_TO || !config.AUDIT_CHECKPOINT_KEY || (everyEvents <= 0 && everyMs <= 0)) return undefined;
  return { target: config.AUDIT_CHECKPOINT_PUBLISH_TO, everyEvents, everyMs };
}
