import { assertion, backendForm, BS_SPEC, refusedRequests } from './shared.js'

const REQUIRED = ['grant_type', 'client_assertion_type', 'client_assertion', 'scope'] as const

export const check = refusedRequests({
  id: 'AU-30',
  title: 'A token request missing any required parameter is refused',
  description: `\`grant_type\`, \`client_assertion_type\`, \`client_assertion\` and \`scope\` are each required of the client; a request without one gets an OAuth error ([SMART Backend Services, Request access token](${BS_SPEC}#request-access-token)). Without \`scope\` the server may instead apply a pre-defined default and say so in the response\'s \`scope\` ([RFC 6749 §3.3](https://www.rfc-editor.org/rfc/rfc6749#section-3.3)); what that token reaches is AU-40\'s question.`,
  verifies: ['SMART-BS-6'],
  mayApplyDefaultScope: (label) => label === 'no scope',
  make: async (c) =>
    Promise.all(
      REQUIRED.map(async (name): Promise<[string, Record<string, string>]> => {
        const form = backendForm(c, await assertion(c))
        delete form[name]
        return [`no ${name}`, form]
      }),
    ),
})
