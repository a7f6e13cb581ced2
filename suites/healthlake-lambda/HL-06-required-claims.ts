import { expect, shown, type Check } from '../check.js'
import { DOC, event, invoke, lambdaOf, token } from './shared.js'

export const check: Check = {
  id: 'HL-06',
  title: 'authPayload carries the required claims: nbf, exp, isAuthorized, aud (this data store), scope',
  description: `HealthLake requires \`nbf\`, \`exp\` (numbers), \`isAuthorized\`, \`aud\` equal to the data store endpoint, and \`scope\` (a string) in \`authPayload\`; \`iss\`, \`iat\` and \`uid\` are expected too ([HealthLake, Token validation using AWS Lambda](${DOC})).`,
  verifies: ['HL-LAMBDA-2'],
  level: 'SHALL',
  async run(ctx) {
    const l = lambdaOf(ctx)
    const inv = await invoke(l, event(l, await token(l)))
    const p = (inv.result as { authPayload?: Record<string, unknown> } | undefined)?.authPayload ?? {}
    const missing = ['nbf', 'exp', 'isAuthorized', 'aud', 'scope'].filter((k) => p[k] === undefined)
    expect(missing.length === 0, `expected ${missing.map((k) => `\`${k}\``).join(', ')} in authPayload, got keys ${shown(Object.keys(p))}`)
    expect(typeof p.nbf === 'number' && typeof p.exp === 'number', `expected numeric \`nbf\` and \`exp\` (seconds), got ${shown({ nbf: p.nbf, exp: p.exp })}`)
    expect(String(p.aud).replace(/\/?$/, '/') === l.endpoint.replace(/\/?$/, '/'), `expected \`aud\` ${shown(l.endpoint)}, got ${shown(p.aud)}`)
    expect(typeof p.scope === 'string', `expected \`scope\` a string, got ${shown(p.scope)}`)
  },
}
