import { assertion, backendForm, BS_SPEC, refusedRequests } from './shared.js'

export const check = refusedRequests({
  id: 'AU-32',
  title: 'A token request sent as JSON is refused',
  description: `The token request is \`application/x-www-form-urlencoded\`; the same parameters as a JSON body are refused ([SMART Backend Services, Request access token](${BS_SPEC}#request-access-token); [RFC 6749 §4.4.2](https://www.rfc-editor.org/rfc/rfc6749#section-4.4.2)).`,
  verifies: ['SMART-BS-6'],
  contentType: () => 'application/json',
  body: (form) => JSON.stringify(form),
  make: async (c) => [['a JSON body', backendForm(c, await assertion(c))]],
})
