import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnv } from '../config/env.js';
import { generateCheckpointKeyPair } from '../common/ed25519-keys.js';
import { checkpointKeys, publishSettings } from './checkpoint-settings.js';

const pair = generateCheckpointKeyPair();

describe('checkpoint settings', () => {
  it('are off by default', () => {
    const config = parseEnv({});
    expect(checkpointKeys(config)).toEqual({ sign: undefined, publicKey: undefined, keyId: undefined });
    expect(publishSettings(config)).toBeUndefined();
  });

  it('take the key as PEM text or a file, and derive the public key from it', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'settings-')), 'audit.key.pem');
    writeFileSync(file, pair.privateKeyPem);
    const fromText = checkpointKeys(parseEnv({ AUDIT_CHECKPOINT_KEY: pair.privateKeyPem }));
    const fromFile = checkpointKeys(parseEnv({ AUDIT_CHECKPOINT_KEY: file }));
    const publicOnly = checkpointKeys(parseEnv({ AUDIT_CHECKPOINT_PUBLIC_KEY: pair.publicKeyPem }));
    expect(fromText.sign).toBeDefined();
    expect(fromFile.keyId).toBe(fromText.keyId);
    expect(publicOnly).toMatchObject({ sign: undefined, keyId: fromText.keyId });
  });

  it('stop start-up naming the variable when a key is unusable', () => {
    expect(() => parseEnv({ AUDIT_CHECKPOINT_KEY: '/nowhere/audit.key.pem' })).toThrow(
      /^setting AUDIT_CHECKPOINT_KEY: neither PEM text nor a readable file/,
    );
    expect(() => parseEnv({ AUDIT_CHECKPOINT_KEY: pair.publicKeyPem })).toThrow(/^setting AUDIT_CHECKPOINT_KEY: not a PEM private key/);
    expect(() => parseEnv({ AUDIT_CHECKPOINT_PUBLIC_KEY: '-----BEGIN PUBLIC KEY-----\nx\n-----END PUBLIC KEY-----' })).toThrow(
      /^setting AUDIT_CHECKPOINT_PUBLIC_KEY: not a PEM public key/,
    );
  });

  it('publish only with a key, a target and a frequency, and say which is missing', () => {
    const key = pair.privateKeyPem;
    expect(() => parseEnv({ AUDIT_CHECKPOINT_EVERY_EVENTS: '1000', AUDIT_CHECKPOINT_KEY: key })).toThrow(
      /^setting AUDIT_CHECKPOINT_PUBLISH_TO: required/,
    );
    expect(() => parseEnv({ AUDIT_CHECKPOINT_EVERY_MINUTES: '5', AUDIT_CHECKPOINT_PUBLISH_TO: 'https://example.org/cp' })).toThrow(
      /^setting AUDIT_CHECKPOINT_KEY: required/,
    );
    expect(() => parseEnv({ AUDIT_CHECKPOINT_PUBLISH_TO: 'cp.jsonl', AUDIT_CHECKPOINT_KEY: key })).toThrow(
      /^setting AUDIT_CHECKPOINT_PUBLISH_TO: set AUDIT_CHECKPOINT_EVERY_EVENTS or/,
    );
    expect(() => parseEnv({ AUDIT_CHECKPOINT_EVERY_EVENTS: '-1' })).toThrow(/^setting AUDIT_CHECKPOINT_EVERY_EVENTS:/);
    expect(() =>
      parseEnv({ AUDIT_CHECKPOINT_PUBLISH_TO: 'https://exa mple.org', AUDIT_CHECKPOINT_EVERY_EVENTS: '1', AUDIT_CHECKPOINT_KEY: key }),
    ).toThrow(/^setting AUDIT_CHECKPOINT_PUBLISH_TO: not a valid URL/);

    const config = parseEnv({
      AUDIT_CHECKPOINT_KEY: key,
      AUDIT_CHECKPOINT_PUBLISH_TO: 'https://example.org/cp',
      AUDIT_CHECKPOINT_EVERY_EVENTS: '1000',
      AUDIT_CHECKPOINT_EVERY_MINUTES: '0.5',
    });
    expect(publishSettings(config)).toEqual({ target: 'https://example.org/cp', everyEvents: 1000, everyMs: 30_000 });
    // A file target is taken from the project root, as the other paths in the settings are.
    expect(
      publishSettings(parseEnv({ AUDIT_CHECKPOINT_KEY: key, AUDIT_CHECKPOINT_PUBLISH_TO: '.data/cp.jsonl', AUDIT_CHECKPOINT_EVERY_EVENTS: '10' }))
        ?.target,
    ).toMatch(/^\/.*\/\.data\/cp\.jsonl$/);
  });
});
