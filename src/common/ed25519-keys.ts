import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** A key setting holds PEM text or the path of a PEM file. Env files often carry a PEM on one
 *  line with literal "\n" escapes, so those are read as newlines. */
export function pemText(value: string): string {
  const text = value.includes('-----BEGIN') ? value : readKeyFile(value);
  return text.replace(/\\n/g, '\n');
}

function readKeyFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`neither PEM text nor a readable file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}: ${path})`, {
      cause: error,
    });
  }
}

/** The Ed25519 private key a setting names; a clear error for anything else. */
export function loadPrivateKey(value: string): KeyObject {
  const pem = pemText(value);
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    throw new Error('not a PEM private key (make one with `audit keygen`)');
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`an ${key.asymmetricKeyType} key, not Ed25519 (make one with \`audit keygen\`)`);
  return key;
}

/** The Ed25519 public key a setting names. A private key is accepted too: its public half is used. */
export function loadPublicKey(value: string): KeyObject {
  const pem = pemText(value);
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch {
    throw new Error('not a PEM public key');
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`an ${key.asymmetricKeyType} key, not Ed25519`);
  return key;
}

export interface CheckpointKeyPair {
  privateKeyPem: string;
  publicKeyPem: string;
}

/** A new signing key for checkpoints, as PEM (PKCS#8 and SPKI, what openssl reads). */
export function generateCheckpointKeyPair(): CheckpointKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }) as string,
  };
}
