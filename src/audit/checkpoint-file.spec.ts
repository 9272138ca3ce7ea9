import { createPrivateKey } from 'node:crypto';
import { checkpointSigner } from './audit-checkpoint.js';
import { parseCheckpoints } from './checkpoint-file.js';
import { generateCheckpointKeyPair } from '../common/ed25519-keys.js';

const sign = checkpointSigner(createPrivateKey(generateCheckpointKeyPair().privateKeyPem));
const a = sign({ seq: '10', hash: 'a'.repeat(64) });
const b = sign({ seq: '20', hash: 'b'.repeat(64) });

describe('parseCheckpoints', () => {
  it('reads one object, an array, and JSON lines (blank lines skipped)', () => {
    expect(parseCheckpoints(JSON.stringify(a, null, 2), 'f')).toEqual([a]);
    expect(parseCheckpoints(JSON.stringify([a, b]), 'f')).toEqual([a, b]);
    expect(parseCheckpoints(`${JSON.stringify(a)}\n\n${JSON.stringify(b)}\n`, 'f')).toEqual([a, b]);
  });

  it('names the file, the line and the field of a bad entry', () => {
    expect(() => parseCheckpoints(`${JSON.stringify(a)}\n${JSON.stringify({ ...b, hash: 'nope' })}\n`, 'cp.jsonl')).toThrow(
      /^cp\.jsonl:2: hash: 64 lower-case hex digits/,
    );
    expect(() => parseCheckpoints(`${JSON.stringify(a)}\n{oops\n`, 'cp.jsonl')).toThrow(/^cp\.jsonl:2: not JSON/);
    expect(() => parseCheckpoints(JSON.stringify([a, { ...b, seq: 20 }]), 'cp.json')).toThrow(/^cp\.json\[1\]: seq:/);
    expect(() => parseCheckpoints('\n', 'empty.json')).toThrow(/no checkpoint/);
    expect(() => parseCheckpoints('[]', 'empty.json')).toThrow(/^empty.json: no checkpoint/);
  });
});
