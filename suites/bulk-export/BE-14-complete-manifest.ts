import { expect, shown, type Check } from '../check.js'
import { finished, SPEC } from './shared.js'

export const check: Check = {
  id: 'BE-14',
  title: 'The complete status is a JSON manifest with transactionTime, request, requiresAccessToken, output and error',
  description: `When the export is done the status URL answers 200, \`Content-Type: application/json\`, with the required keys ([Bulk Data IG, Complete status](${SPEC}#response---complete-status)).`,
  verifies: ['BULK-3'],
  level: 'SHALL',
  async run(ctx) {
    const { ex, manifest } = await finished(ctx)
    expect(/^application\/json/.test(ex.response!.headers['content-type'] ?? ''), `expected \`Content-Type: application/json\`, got ${shown(ex.response!.headers['content-type'])}`)
    const missing = ['transactionTime', 'request', 'requiresAccessToken', 'output', 'error'].filter((k) => !(k in manifest))
    expect(missing.length === 0, `expected ${missing.map((k) => `\`${k}\``).join(', ')} in the manifest, got keys ${shown(Object.keys(manifest))}`)
    expect(
      Array.isArray(manifest.output) && Array.isArray(manifest.error),
      `expected \`output\` and \`error\` to be arrays, got ${shown({ output: manifest.output, error: manifest.error })}`,
    )
    expect(typeof manifest.requiresAccessToken === 'boolean', `expected \`requiresAccessToken\` to be a boolean, got ${shown(manifest.requiresAccessToken)}`)
  },
}
