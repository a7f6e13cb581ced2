// AWS Signature Version 4 verification (HealthLake's AWS_AUTH data stores and its control
// plane): the request is signed again with the configured test credentials by
// @smithy/signature-v4, over exactly the headers the caller signed, and the signatures compared.
// docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html
import { timingSafeEqual } from 'node:crypto'
import { cut } from '../../lib/text.js'
import { SignatureV4 } from '@smithy/signature-v4'
import { Hash } from '@smithy/hash-node'
import { OutcomeError } from '../../lib/outcomes.js'

export interface SigV4Credentials {
  accessKeyId: string
  secretAccessKey: string
}

export interface SigV4Request {
  method: string
  /** Path as sent (percent-encoded), without the query. */
  path: string
  query: URLSearchParams
  /** Lower-case header names. */
  headers: Record<string, string | undefined>
  body: string
}

export interface SigV4Identity {
  accessKeyId: string
  region: string
  service: string
}

const AUTH = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/
const MAX_SKEW_MS = 5 * 60 * 1000

export class SigV4Error extends OutcomeError {
  constructor(
    message: string,
    readonly awsType = 'InvalidSignatureException',
  ) {
    super(403, 'security', message)
  }
}

/** Verifies a request; throws SigV4Error (403) naming what is wrong. */
export async function verifySigV4(req: SigV4Request, credentials: SigV4Credentials[], service: string, now = Date.now()): Promise<SigV4Identity> {
  const auth = req.headers.authorization
  if (!auth) throw new SigV4Error('the request is not signed (no Authorization header)', 'MissingAuthenticationTokenException')
  const m = AUTH.exec(auth)
  if (!m) throw new SigV4Error('the Authorization header is not an AWS4-HMAC-SHA256 signature', 'IncompleteSignatureException')
  // Every group of AUTH is required, so each is a string when the pattern matched.
  const [, accessKeyId = '', day = '', region = '', signedService = '', signedHeaders = '', signature = ''] = m
  const creds = credentials.find((c) => c.accessKeyId === accessKeyId)
  if (!creds) throw new SigV4Error(`the access key ${accessKeyId} is not known`, 'UnrecognizedClientException')
  if (signedService !== service) throw new SigV4Error(`the credential scope names service ${signedService}, not ${service}`)
  const amzDate = req.headers['x-amz-date']
  if (!amzDate || !/^\d{8}T\d{6}Z$/.test(amzDate) || amzDate.slice(0, 8) !== day) throw new SigV4Error('X-Amz-Date is missing or does not match the credential scope')
  const when = Date.UTC(+amzDate.slice(0, 4), +amzDate.slice(4, 6) - 1, +amzDate.slice(6, 8), +amzDate.slice(9, 11), +amzDate.slice(11, 13), +amzDate.slice(13, 15))
  if (Math.abs(now - when) > MAX_SKEW_MS) throw new SigV4Error('the signature is more than 5 minutes from the server time', 'InvalidSignatureException')
  const names = signedHeaders.split(';')
  if (!names.includes('host')) throw new SigV4Error('the host header must be signed')
  const headers: Record<string, string> = {}
  for (const n of names) {
    const v = req.headers[n]
    if (v === undefined) throw new SigV4Error(`signed header ${n} is missing from the request`)
    headers[n] = v
  }
  const query: Record<string, string | string[]> = {}
  for (const k of new Set(req.query.keys())) {
    const all = req.query.getAll(k)
    query[k] = all.length === 1 ? (all[0] ?? '') : all
  }
  const signer = new SignatureV4({ credentials: creds, region, service, sha256: Hash.bind(null, 'sha256'), uriEscapePath: true, applyChecksum: false })
  const [hostname, port] = cut(headers.host ?? '', ':')
  const signed = await signer.sign(
    { method: req.method, protocol: 'http:', hostname, port: port ? Number(port) : undefined, path: decodeURIComponent(req.path), query, headers, body: req.body },
    { signingDate: new Date(when), signingRegion: region, signingService: service },
  )
  const expected = /Signature=([0-9a-f]{64})/.exec(String(signed.headers.authorization ?? signed.headers.Authorization))?.[1] ?? ''
  const a = Buffer.from(expected)
  const b = Buffer.from(signature)
  if (a.length !== b.length || !timingSafeEqual(a, b)) throw new SigV4Error('The request signature we calculated does not match the signature you provided')
  return { accessKeyId, region, service }
}
