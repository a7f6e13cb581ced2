import { expect, shown, skip, type Check } from '../check.js'
import { discoveryJson, SPEC } from './shared.js'

export const check: Check = {
  id: 'SD-13',
  title: 'private_key_jwt with RS384 or ES384 is offered',
  description: `Backend services authenticate with \`private_key_jwt\` signed RS384 or ES384; the server lists both facts ([SMART Backend Services, Authentication](https://hl7.org/fhir/smart-app-launch/STU2.1/backend-services.html#request-access-token); ${SPEC}#metadata).`,
  verifies: ['SMART-BS-2'],
  level: 'SHALL',
  async run(ctx) {
    const conf = await discoveryJson(ctx)
    const methods = conf.token_endpoint_auth_methods_supported
    const algs = conf.token_endpoint_auth_signing_alg_values_supported
    if (!Array.isArray(methods) || !Array.isArray(algs)) skip('the auth method or signing algorithm list is missing (SD-12)')
    expect(methods.includes('private_key_jwt'), `expected \`token_endpoint_auth_methods_supported\` to include \`private_key_jwt\`, got ${shown(methods)}`)
    expect(algs.includes('RS384') || algs.includes('ES384'), `expected \`token_endpoint_auth_signing_alg_values_supported\` to include \`RS384\` or \`ES384\`, got ${shown(algs)}`)
  },
}
