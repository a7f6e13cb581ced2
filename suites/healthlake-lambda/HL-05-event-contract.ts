import { expect, shown, type Check } from '../check.js'
import { DOC, event, healthlakeVerdict, invoke, lambdaOf, ROLE_ARN, token } from './shared.js'

export const check: Check = {
  id: 'HL-05',
  title: 'For a valid token the handler answers {authPayload, iamRoleARN} and HealthLake would authorize',
  description: `Called with \`{datastoreEndpoint, operationName, bearerToken}\` for a valid token, the handler answers an object with \`authPayload\` and an \`iamRoleARN\` that is an IAM role ARN, and HealthLake's own checks pass ([HealthLake, Token validation using AWS Lambda](${DOC})).`,
  verifies: ['HL-LAMBDA-1'],
  level: 'SHALL',
  async run(ctx) {
    const l = lambdaOf(ctx)
    const inv = await invoke(l, event(l, await token(l)))
    expect(inv.error === undefined, `expected an answer, the handler threw: ${inv.error}`)
    const r = inv.result as { authPayload?: unknown; iamRoleARN?: unknown } | undefined
    expect(r && typeof r.authPayload === 'object' && r.authPayload !== null, `expected \`authPayload\`, got ${shown(r)}`)
    expect(typeof r.iamRoleARN === 'string' && ROLE_ARN.test(r.iamRoleARN), `expected \`iamRoleARN\` an IAM role ARN, got ${shown(r.iamRoleARN)}`)
    const v = healthlakeVerdict(l, inv)
    expect(v.authorized, `expected HealthLake to authorize a valid token: ${v.why}`)
  },
}
