import { execFileSync } from 'node:child_process';
import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkpointNote, checkpointSchema, checkpointSigner, keyIdOf, signatureProblem, type Checkpoint } from './audit-checkpoint.js';
import { generateCheckpointKeyPair, loadPrivateKey, loadPublicKey } from '../common/ed25519-keys.js';

const pair = generateCheckpointKeyPair();
const privateKey = createPrivateKey(pair.privateKeyPem);
const publicKey = createPublicKey(pair.publicKeyPem);
const sign = checkpointSigner(privateKey);
const head = { seq: '2000', hash: 'ab'.repeat(32) };
const at = new Date(Date.UTC(2026, 0, 31, 9, 0, 0, 123));

describe('audit checkpoints', () => {
  it('signs a fixed text naming seq, hash and time, with the key id of the public key', () => {
    const checkpoint = sign(head, at);
    expect(checkpoint).toMatchObject({ seq: '2000', hash: head.hash, time: '2026-01-31T09:00:00.123Z', keyId: keyIdOf(publicKey) });
    expect(checkpointNote(checkpoint)).toBe(`ccg-oversight audit checkpoint\n2000\n${head.hash}\n2026-01-31T09:00:00.123Z\n`);
    expect(checkpoint.keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(checkpointSchema.parse(checkpoint)).toEqual(checkpoint);
  });

  it('accepts its own signature', () => {
    expect(signatureProblem(sign(head, at), publicKey)).toBeUndefined();
  });

  it('refuses a tampered signature', () => {
    const checkpoint = sign(head, at);
    const bytes = Buffer.from(checkpoint.signature, 'base64');
    bytes[10] ^= 1;
    expect(signatureProblem({ ...checkpoint, signature: bytes.toString('base64') }, publicKey)).toMatchObject({ field: 'signature' });
    expect(signatureProblem({ ...checkpoint, signature: Buffer.alloc(12).toString('base64') }, publicKey)).toMatchObject({ field: 'signature' });
  });

  it('refuses a checkpoint whose seq, hash or time was changed after signing', () => {
    const checkpoint = sign(head, at);
    const changed: Checkpoint[] = [
      { ...checkpoint, seq: '2001' },
      { ...checkpoint, hash: 'cd'.repeat(32) },
      { ...checkpoint, time: '2026-01-31T09:00:01.123Z' },
    ];
    for (const c of changed)
      expect(signatureProblem(c, publicKey)).toMatchObject({ field: 'signature', message: expect.stringContaining('does not match') });
  });

  it('refuses a checkpoint signed by another key, naming both key ids', () => {
    const other = createPublicKey(generateCheckpointKeyPair().publicKeyPem);
    const problem = signatureProblem(sign(head, at), other);
    expect(problem).toMatchObject({ field: 'keyId' });
    expect(problem?.message).toContain(keyIdOf(other));
    // Claiming the other key's id does not help: the signature is still not that key's.
    expect(signatureProblem({ ...sign(head, at), keyId: keyIdOf(other) }, other)).toMatchObject({ field: 'signature' });
  });

  it('can be checked by a third party with openssl, from the documented text', () => {
    const dir = mkdtempSync(join(tmpdir(), 'checkpoint-'));
    const checkpoint = sign(head, at);
    writeFileSync(join(dir, 'pub.pem'), pair.publicKeyPem);
    writeFileSync(join(dir, 'note.txt'), `ccg-oversight audit checkpoint\n${checkpoint.seq}\n${checkpoint.hash}\n${checkpoint.time}\n`);
    writeFileSync(join(dir, 'sig.bin'), Buffer.from(checkpoint.signature, 'base64'));
    let openssl: string;
    try {
      openssl = execFileSync('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', 'pub.pem', '-rawin', '-in', 'note.txt', '-sigfile', 'sig.bin'], {
        cwd: dir,
        encoding: 'utf8',
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return; // no openssl on this machine
      throw error;
    }
    expect(openssl).toContain('Signature Verified Successfully');
    // And its key id: sha256 of the DER public key, first 16 hex digits.
    const der = execFileSync('openssl', ['pkey', '-pubin', '-in', 'pub.pem', '-outform', 'DER'], { cwd: dir });
    expect(execFileSync('openssl', ['dgst', '-sha256', '-r'], { input: der, encoding: 'utf8' }).slice(0, 16)).toBe(checkpoint.keyId);
  });

  it('names what is wrong with a malformed checkpoint', () => {
    const result = checkpointSchema.safeParse({ ...sign(head, at), seq: '01', hash: 'XY', extra: 1 });
    expect(result.success).toBe(false);
    const fields = result.error!.issues.map((i) => i.path.join('.') || i.code);
    expect(fields).toEqual(expect.arrayContaining(['seq', 'hash', 'unrecognized_keys']));
  });
});

describe('checkpoint keys', () => {
  it('reads PEM text, a PEM file, and a PEM with literal \\n escapes as env files carry it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'checkpoint-key-'));
    writeFileSync(join(dir, 'key.pem'), pair.privateKeyPem);
    const id = keyIdOf(publicKey);
    expect(keyIdOf(createPublicKey(loadPrivateKey(pair.privateKeyPem)))).toBe(id);
    expect(keyIdOf(createPublicKey(loadPrivateKey(join(dir, 'key.pem'))))).toBe(id);
    expect(keyIdOf(createPublicKey(loadPrivateKey(pair.privateKeyPem.replace(/\n/g, '\\n'))))).toBe(id);
    expect(keyIdOf(loadPublicKey(pair.publicKeyPem))).toBe(id);
    // A private key where a public one is wanted: its public half.
    expect(keyIdOf(loadPublicKey(pair.privateKeyPem))).toBe(id);
  });

  it('refuses a missing file, a non-key and a key of another type with a clear message', () => {
    expect(() => loadPrivateKey('/nowhere/key.pem')).toThrow(/neither PEM text nor a readable file \(ENOENT/);
    expect(() => loadPrivateKey('-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n')).toThrow(/not a PEM private key/);
    expect(() => loadPublicKey(pair.publicKeyPem.replace('PUBLIC KEY', 'PRIVATE KEY'))).toThrow(/^not a PEM public key$/);
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    expect(() => loadPrivateKey(ec)).toThrow(/an ec key, not Ed25519/);
  });
});
