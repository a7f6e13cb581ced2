import { refusedAssertion, assertion, BS_SPEC } from './shared.js'

export const check = refusedAssertion({
  id: 'AU-58',
  title: 'An assertion valid for more than 5 minutes',
  description: `A client SHALL NOT make an assertion last more than five minutes, and RFC 7523 lets the server refuse one whose exp is unreasonably far away ([RFC 7523 §3](https://www.rfc-editor.org/rfc/rfc7523#section-3), a MAY; [SMART, Authenticating to the token endpoint](${BS_SPEC.replace('backend-services', 'client-confidential-asymmetric')}#authenticating-to-the-token-endpoint)). An assertion fifteen minutes out is refused.`,
  verifies: ['OAUTH-9'],
  level: 'MAY',
  make: (c) => assertion(c, { claims: { exp: Math.floor(Date.now() / 1000) + 900 } }),
})
