// A Prisma generator that writes the schema's DMMF (Prisma's own parse of schema.prisma) to
// its `output` path as JSON. Prisma runs generators as child processes speaking JSON-RPC:
// requests arrive on stdin, one per line, and answers go back on stderr.
'use strict';
const fs = require('node:fs');
const readline = require('node:readline');

const reply = (id, result) => process.stderr.write(JSON.stringify({ jsonrpc: '2.0', id, result }) + '\n');
const fail = (id, message) => process.stderr.write(JSON.stringify({ jsonrpc: '2.0', id, error: { code: -32000, message, data: null } }) + '\n');

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  let request;
  try {
    request = JSON.parse(line);
  } catch {
    return;
  }
  try {
    if (request.method === 'getManifest') {
      reply(request.id, { manifest: { prettyName: 'DMMF dump (tests)', requiresEngines: [] } });
    } else if (request.method === 'generate') {
      const out = request.params.generator.output && request.params.generator.output.value;
      if (!out) throw new Error('the dmmf generator needs an output path');
      fs.writeFileSync(out, JSON.stringify(request.params.dmmf.datamodel, null, 2));
      reply(request.id, null);
    }
  } catch (err) {
    fail(request.id, String(err && err.message ? err.message : err));
  }
});
