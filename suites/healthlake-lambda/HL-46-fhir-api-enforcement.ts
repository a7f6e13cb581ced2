import { expect, skip, type Check } from '../check.js'
import { DOC, lambdaThroughFhirApi, strangerSigner, token } from './shared.js'

const ago = (minutes: number) => Math.floor(Date.now() / 1000) - minutes * 60

export const check: Check = {
  id: 'HL-46',
  title: "Through the FHIR API, the identity provider's tokens are refused with 401 when expired, not yet valid, for another data store or forged",
  description: `Tokens signed with the identity provider's key (\`--lambda-key\`, issuer \`--lambda-issuer\`) are sent to the target's FHIR API, whose validator trusts that provider: a valid one reads \`Patient\` (else the check skips: the target does not trust the key), while one whose \`exp\` has passed, whose \`nbf\` is ahead, whose \`aud\` is another data store, or signed by another key, answers 401 — whichever of the Lambda and the data store refuses it ([HealthLake, Token validation using AWS Lambda](${DOC})).`,
  verifies: ['HL-LAMBDA-4'],
  level: 'SHALL',
  needs: [{ authorization: 'smart' }],
  async run(ctx) {
    const l = lambdaThroughFhirApi(ctx)
    const send = (name: string, bearer: string) =>
      ctx.exchange(name, 'GET', 'Patient?_count=1', { accept: 'application/fhir+json', authorization: `Bearer ${bearer}` }, { noAuth: true })
    const valid = await send('hl46-valid', await token(l))
    if (valid.response?.status !== 200)
      skip(`the target's FHIR API does not take a valid token of ${l.issuer} (HTTP ${valid.response?.status ?? valid.error}): its validator does not trust --lambda-key`)
    const cases: Array<[string, Promise<string>, string]> = [
      ['hl46-expired', token(l, { iat: ago(15), nbf: ago(15), exp: ago(10) }), 'a token that expired 10 minutes ago'],
      ['hl46-not-yet-valid', token(l, { nbf: ago(-10), exp: ago(-15) }), 'a token not valid yet (`nbf` 10 minutes ahead)'],
      [
        'hl46-other-audience',
        token(l, { aud: 'https://healthlake.us-east-1.amazonaws.com/datastore/00000000000000000000000000000000/r4/' }),
        'a token for another data store (`aud`)',
      ],
      ['hl46-forged', strangerSigner(l.alg).then((s) => token(l, {}, s)), 'GET Patient with a forged token'],
    ]
    for (const [name, bearer, what] of cases) {
      const ex = await send(name, await bearer)
      expect(ex.response?.status === 401, `expected HTTP 401 for ${what}, got ${ex.response?.status ?? ex.error}`)
    }
  },
}
