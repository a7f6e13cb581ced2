import { assertion, backendForm, BS_SPEC, refusedRequests } from './shared.js'

export const check = refusedRequests({
  id: 'AU-41',
  title: 'User-facing scopes are refused for a backend service',
  description: `Backend services get \`system/\` scopes; \`launch fhirUser\` (no system scope at all) is \`invalid_scope\` ([SMART Backend Services, Scopes](${BS_SPEC}#scopes)).`,
  verifies: ['SMART-BS-5'],
  make: async (c) => [['launch fhirUser', backendForm(c, await assertion(c), 'launch fhirUser')]],
})
