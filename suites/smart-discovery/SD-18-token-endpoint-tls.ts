import { isIP } from 'node:net'
import { expect, shown, skip, type Check } from '../check.js'
import { parseBodyIfJson } from '../expect.js'
import type { CheckContext } from '../context.js'
import { discoveryJson, SPEC } from './shared.js'
import { handshake } from './tls.js'
import { isLoopback } from '../../lib/target/embedded.js'

const TLS_RULE = 'https://hl7.org/fhir/smart-app-launch/STU2.1/app-launch.html#security-and-privacy-considerations'
const BACKEND_TLS = 'https://hl7.org/fhir/smart-app-launch/STU2.1/backend-services.html#use-of-tls'
/** The versions older than the floor, each offered alone. */
const BELOW_FLOOR = ['TLSv1', 'TLSv1.1'] as const

export const check: Check = {
  id: 'SD-18',
  title: 'The token endpoint is served over TLS 1.2 or later, and only so',
  description: `Every exchange with the authorization server is secured with TLS 1.2 or later ([SMART App Launch, security](${TLS_RULE}); [Backend Services](${BACKEND_TLS}); ${SPEC}#metadata). The \`token_endpoint\` of \`.well-known/smart-configuration\` must be an https URL with no user name or password in it; a TLS 1.2-or-later handshake with its host must complete and its certificate be trusted by this run (the system's roots, plus \`--ca-file\`); a handshake offering only TLS 1.0, or only 1.1, must not complete (as Inferno's TLS test and the Bulk Data Tester judge); and a token request sent to the same URL over plain HTTP (no credentials in it) must not be answered as a token request: a refused connection, a redirect or a non-OAuth error pass. A target reached over plain HTTP on a loopback address skips: whatever TLS its deployment has is terminated before it, out of this run's sight (\`shoreline serve --tls\` serves the reference server over HTTPS).`,
  verifies: ['SMART-TLS-1'],
  level: 'SHALL',
  async run(ctx) {
    const conf = await discoveryJson(ctx)
    const raw = conf.token_endpoint
    if (typeof raw !== 'string' || !URL.canParse(raw)) skip('no `token_endpoint` URL to judge (SD-04 and SD-11 judge its presence)')
    const url = new URL(raw)
    const base = new URL(ctx.client.base)
    if (base.protocol === 'http:' && isLoopback(base.href) && url.protocol === 'http:' && isLoopback(url.href))
      skip(`the target and its token endpoint are reached over plain HTTP on a loopback address (${url.origin}): any TLS is terminated before them`)
    // A user name or password in the URL is never printed: the message shows where it was.
    const credentials = url.username !== '' || url.password !== ''
    const shownUrl = credentials ? `${url.protocol}//…@${url.host}${url.pathname}` : raw
    expect(url.protocol === 'https:', `expected \`token_endpoint\` to be an https URL, got ${shown(shownUrl)}`)
    expect(!credentials, `expected \`token_endpoint\` to carry no user name or password, got one in ${shownUrl}`)
    const host = url.hostname.replace(/^\[|\]$/g, '')
    const port = Number(url.port || 443)
    const o = { host, port, servername: isIP(host) ? undefined : host, ca: ctx.target.ca, timeoutMs: Math.min(ctx.target.timeoutMs, 10_000) }
    const modern = await handshake({ ...o, minVersion: 'TLSv1.2' })
    expect(modern.completed, `expected a TLS 1.2-or-later handshake with ${url.host} to complete, got ${modern.error}`)
    expect(modern.trusted, `the certificate ${url.host} presented over ${modern.protocol} is not trusted: ${modern.error} (a private CA: pass --ca-file)`)
    for (const v of BELOW_FLOOR) {
      const old = await handshake({ ...o, minVersion: v, maxVersion: v })
      expect(!old.completed, `${url.host} completed a TLS ${v === 'TLSv1' ? '1.0' : '1.1'} handshake offered alone (the floor is TLS 1.2)`)
    }
    await plainHttpRefused(ctx, url)
  },
}

/** The same URL over http, with a token request no server may grant (no credentials in it). */
async function plainHttpRefused(ctx: CheckContext, url: URL): Promise<void> {
  // The URL's own port when it names one (does the TLS port speak plain HTTP too?), else port 80,
  // as the Bulk Data Tester asks (does the host serve its token endpoint over plain HTTP?).
  const plain = new URL(url)
  plain.protocol = 'http:'
  const ex = await ctx.exchange(
    'token-over-plain-http',
    'POST',
    plain.toString(),
    { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    { body: 'grant_type=client_credentials&scope=system%2F*.rs', noAuth: true, noRedirect: true },
  )
  const res = ex.response
  if (!res || (res.status >= 300 && res.status < 400)) return
  const answer = parseBodyIfJson<{ error?: unknown; access_token?: unknown }>(res.body)
  const asToken = (res.status >= 200 && res.status < 300) || typeof answer?.error === 'string' || answer?.access_token !== undefined
  expect(
    !asToken,
    `${plain.origin}${plain.pathname} answered a token request sent over plain HTTP: HTTP ${res.status}${typeof answer?.error === 'string' ? ` ${answer.error}` : ''} (it must refuse the connection, redirect to https, or not serve OAuth there)`,
  )
}
