import { expect, type Check } from '../check.js'
import { DOC, healthlakeVerdict, invoke, lambdaOf, token } from './shared.js'

export const check: Check = {
  id: 'HL-44',
  title: 'An event without datastoreEndpoint authorizes nothing',
  description: `HealthLake always sends \`datastoreEndpoint\`, \`operationName\` and \`bearerToken\`; an event missing one is answered \`{}\` (as in AWS's sample) or \`isAuthorized\` false — never an authorization ([HealthLake, Token validation using AWS Lambda](${DOC})).`,
  verifies: ['HL-LAMBDA-1'],
  level: 'SHALL',
  async run(ctx) {
    const l = lambdaOf(ctx)
    const inv = await invoke(l, { operationName: 'ReadResource', bearerToken: await token(l) })
    const v = healthlakeVerdict(l, inv)
    expect(!v.authorized, `expected HealthLake not to authorize, but it would: ${v.why}`)
  },
}
