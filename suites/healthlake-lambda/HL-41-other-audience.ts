import type { Check } from '../check.js'
import { DOC, event, expectRefused, healthlakeVerdict, invoke, lambdaOf, token } from './shared.js'

export const check: Check = {
  id: 'HL-41',
  title: 'A token for another data store is not authorized',
  description: `A token whose \`aud\` is another data store endpoint must not be authorized for this one; the handler must not replace \`aud\` with the event's \`datastoreEndpoint\` ([HealthLake, Token validation using AWS Lambda](${DOC})).`,
  verifies: ['HL-LAMBDA-4'],
  level: 'SHALL',
  async run(ctx) {
    const l = lambdaOf(ctx)
    const inv = await invoke(l, event(l, await token(l, { aud: 'https://healthlake.us-east-1.amazonaws.com/datastore/00000000000000000000000000000000/r4/' })))
    expectRefused(healthlakeVerdict(l, inv), 'aud of another data store')
  },
}
