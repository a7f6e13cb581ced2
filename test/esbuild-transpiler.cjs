// The tests' TypeScript, made runnable by esbuild (the project's bundler) rather than TypeScript's
// own transpiler: tap's ts-node loader takes a `transpiler` (tsconfig.json, "ts-node"), and
// esbuild strips types about 20 times faster. Types are checked by `npm run typecheck`, not here.
'use strict'
const { transformSync } = require('esbuild')

exports.create = function create() {
  return {
    transpile(input, { fileName }) {
      const { code, map } = transformSync(input, {
        loader: fileName.endsWith('.tsx') ? 'tsx' : 'ts',
        format: 'esm',
        target: 'node20',
        // Node 20 reads `with { type: 'json' }`; esbuild's table for node20 does not say so, and would drop it.
        supported: { 'import-attributes': true },
        sourcefile: fileName,
        sourcemap: 'external',
      })
      return { outputText: code, sourceMapText: map }
    },
  }
}
