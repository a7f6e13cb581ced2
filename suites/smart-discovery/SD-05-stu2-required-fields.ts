import { expect, shown, type Check } from '../check.js'
import { discoveryJson, SPEC } from './shared.js'

export const check: Check = {
  id: 'SD-05',
  title: 'grant_types_supported and code_challenge_methods_supported are arrays',
  description: `STU2 adds two required arrays: \`grant_types_supported\` and \`code_challenge_methods_supported\` ([SMART App Launch, Metadata](${SPEC}#metadata)).`,
  verifies: ['SMART-WK-4'],
  level: 'SHALL',
  async run(ctx) {
    const conf = await discoveryJson(ctx)
    for (const k of ['grant_types_supported', 'code_challenge_methods_supported'])
      expect(Array.isArray(conf[k]) && (conf[k] as unknown[]).length > 0, `expected \`${k}\` to be a non-empty array, got ${shown(conf[k])}`)
  },
}
