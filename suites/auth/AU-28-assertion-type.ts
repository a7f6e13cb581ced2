import { ASSERTION_TYPE, assertion, backendForm, BS_SPEC, refusedRequests } from './shared.js'

export const check = refusedRequests({
  id: 'AU-28',
  title: 'A wrong client_assertion_type is refused',
  description: `\`client_assertion_type\` must be \`${ASSERTION_TYPE}\`; anything else is an OAuth error ([SMART Backend Services, Request access token](${BS_SPEC}#request-access-token); [RFC 7523 §2.2](https://www.rfc-editor.org/rfc/rfc7523#section-2.2)).`,
  verifies: ['SMART-BS-6'],
  make: async (c) => [
    ['a saml2-bearer assertion type', { ...backendForm(c, await assertion(c)), client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:saml2-bearer' }],
    ['a made-up assertion type', { ...backendForm(c, await assertion(c)), client_assertion_type: 'shoreline-not-a-type' }],
  ],
})
