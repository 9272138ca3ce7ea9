import { createPrivateKey, createPublicKey } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkpointSigner, signatureProblem, type ChainHead } from './audit-checkpoint.js';
import { parseCheckpoints } from './checkpoint-file.js';
import { generateCheckpointKeyPair } from '../common/ed25519-keys.js';
import { CheckpointPublisher, publishCheckpoint } from './checkpoint-publisher.js';

const pair = generateCheckpointKeyPair();
const sign = checkpointSigner(createPrivateKey(pair.privateKeyPem));
const head = (seq: number): ChainHead => ({ seq: String(seq), hash: seq.toString(16).padStart(64, '0') });
const tmpFile = () => join(mkdtempSync(join(tmpdir(), 'publish-')), 'checkpoints.jsonl');

/** A local endpoint that records what is POSTed to it and answers `status`. */
async function endpoint(status: number): Promise<{ url: string; bodies: string[]; server: Server }> {
  const bodies: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      bodies.push(`${req.method} ${req.headers['content-type']} ${body}`);
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/checkpoints`, bodies, server };
}

describe('publishCheckpoint', () => {
  it('appends JSON lines to a file', async () => {
    const file = tmpFile();
    await publishCheckpoint(file, sign(head(1)));
    await publishCheckpoint(file, sign(head(2)));
    const published = parseCheckpoints(readFileSync(file, 'utf8'), file);
    expect(published.map((c) => c.seq)).toEqual(['1', '2']);
    expect(signatureProblem(published[1], createPublicKey(pair.publicKeyPem))).toBeUndefined();
  });

  it('POSTs JSON to an http URL, and fails on an error status', async () => {
    const ok = await endpoint(201);
    const refusing = await endpoint(500);
    try {
      await publishCheckpoint(ok.url, sign(head(7)));
      expect(ok.bodies).toEqual([expect.stringMatching(/^POST application\/json \{"seq":"7",/)]);
      await expect(publishCheckpoint(refusing.url, sign(head(7)))).rejects.toThrow(/answered 500/);
    } finally {
      ok.server.close();
      refusing.server.close();
    }
  });
});

describe('CheckpointPublisher', () => {
  it('publishes once the head is N events past the last checkpoint, counting from the first head seen', async () => {
    const file = tmpFile();
    const publisher = new CheckpointPublisher({ target: file, everyEvents: 10, everyMs: 0 }, sign, (e) => {
      throw e;
    });
    for (const seq of [100, 105, 109, 110, 111, 119, 125, 130]) {
      publisher.sealed(head(seq));
      await publisher.drain();
    }
    expect(parseCheckpoints(readFileSync(file, 'utf8'), file).map((c) => c.seq)).toEqual(['110', '125']);
  });

  it('on the interval, publishes only a head that moved', async () => {
    const file = tmpFile();
    const publisher = new CheckpointPublisher({ target: file, everyEvents: 0, everyMs: 60_000 }, sign, (e) => {
      throw e;
    });
    for (const seq of [5, 5, 6]) {
      publisher.tick(head(seq));
      await publisher.drain();
    }
    publisher.sealed(head(1000)); // the event count is off
    await publisher.drain();
    expect(parseCheckpoints(readFileSync(file, 'utf8'), file).map((c) => c.seq)).toEqual(['5', '6']);
  });

  it('reports a failed publication and carries on, without throwing to the sealer', async () => {
    const errors: string[] = [];
    const publisher = new CheckpointPublisher({ target: join(tmpdir(), 'no-such-dir', 'x', 'cp.jsonl'), everyEvents: 1, everyMs: 0 }, sign, (e) =>
      errors.push(e.message),
    );
    publisher.sealed(head(1));
    expect(() => publisher.sealed(head(2))).not.toThrow();
    await publisher.drain();
    publisher.sealed(head(3));
    await publisher.drain();
    expect(errors).toEqual([expect.stringMatching(/ENOENT/), expect.stringMatching(/ENOENT/)]);
  });
});
