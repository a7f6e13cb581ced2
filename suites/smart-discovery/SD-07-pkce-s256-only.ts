import { expect, shown, skip, type Check } from '../check.js'
import { discoveryJson, SPEC } from './shared.js'

export const check: Check = {
  id: 'SD-07',
  title: 'PKCE: S256 offered, plain not',
  description: `\`code_challenge_methods_supported\` SHALL include \`S256\` and SHALL NOT include \`plain\` ([SMART App Launch, Metadata](${SPEC}#metadata); RFC 7636 §4.2).`,
  verifies: ['SMART-WK-6'],
  level: 'SHALL',
  async run(ctx) {
    const methods = (await discoveryJson(ctx)).code_challenge_methods_supported
    if (!Array.isArray(methods)) skip('`code_challenge_methods_supported` is missing (SD-05)')
    expect(methods.includes('S256'), `expected \`code_challenge_methods_supported\` to include \`S256\`, got ${shown(methods)}`)
    expect(!methods.includes('plain'), `expected \`code_challenge_methods_supported\` not to include \`plain\`, got ${shown(methods)}`)
  },
}
