import { assertion, backendForm, BS_SPEC, refusedRequests } from './shared.js'

const REQUIRED = ['grant_type', 'client_assertion_type', 'client_assertion', 'scope'] as const

export const check = refusedRequests({
  id: 'AU-30',
  title: 'A token request missing any required parameter is refused',
  description: `\`grant_type\`, \`client_assertion_type\`, \`client_assertion\` and \`scope\` are each required; a request without one gets an OAuth error ([SMART Backend Services, Request access token](${BS_SPEC}#request-access-token)).`,
  verifies: ['SMART-BS-6'],
  make: async (c) =>
    Promise.all(
      REQUIRED.map(async (name): Promise<[string, Record<string, string>]> => {
        const form = backendForm(c, await assertion(c))
        delete form[name]
        return [`no ${name}`, form]
      }),
    ),
})
