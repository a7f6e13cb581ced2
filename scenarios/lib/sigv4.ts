// AWS Signature Version 4 with k6/crypto, for HealthLake data stores on AWS_AUTH and the HealthLake
// control plane: signs host and x-amz-date (and the session token) over the canonical request.
import crypto from 'k6/crypto'

export interface AwsCredentials {
  accessKeyId: string
  secretAccessKey: string
  sessionToken?: string
  region: string
  service?: string
}

const escape = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)

function decode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '))
  } catch {
    return s
  }
}

export function sign(method: string, url: string, body: string | null, c: AwsCredentials, extraHeaders: Record<string, string> = {}): Record<string, string> {
  const m = /^(https?):\/\/([^/?#]+)([^?#]*)(?:\?([^#]*))?/.exec(url)
  if (!m) throw new Error(`cannot sign ${url}: not an http(s) URL`)
  const host = m[2] ?? ''
  const path = m[3] || '/'
  const query = (m[4] ?? '')
    .split('&')
    .filter(Boolean)
    .map((kv) => {
      const i = kv.indexOf('=')
      return (i < 0 ? [decode(kv), ''] : [decode(kv.slice(0, i)), decode(kv.slice(i + 1))]) as [string, string]
    })
    .map(([k, v]): [string, string] => [escape(k), escape(v)])
    .sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : 1) : a[0] < b[0] ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&')
  const amzDate = new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '')
  const day = amzDate.slice(0, 8)
  const service = c.service ?? 'healthlake'
  const headers: Record<string, string> = { host, 'x-amz-date': amzDate, ...(c.sessionToken ? { 'x-amz-security-token': c.sessionToken } : {}) }
  for (const [k, v] of Object.entries(extraHeaders)) if (k.toLowerCase().startsWith('x-amz-') && v !== undefined) headers[k.toLowerCase()] = v
  const names = Object.keys(headers).sort()
  const canonicalHeaders = names.map((n) => `${n}:${(headers[n] ?? '').trim()}\n`).join('')
  const canonicalUri = escape(path).replace(/%2F/g, '/')
  const payloadHash = crypto.sha256(body ?? '', 'hex') as string
  const canonical = [method, canonicalUri, query, canonicalHeaders, names.join(';'), payloadHash].join('\n')
  const scope = `${day}/${c.region}/${service}/aws4_request`
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, crypto.sha256(canonical, 'hex')].join('\n')
  const kDate = crypto.hmac('sha256', `AWS4${c.secretAccessKey}`, day, 'binary') as ArrayBuffer
  const kRegion = crypto.hmac('sha256', kDate, c.region, 'binary') as ArrayBuffer
  const kService = crypto.hmac('sha256', kRegion, service, 'binary') as ArrayBuffer
  const kSigning = crypto.hmac('sha256', kService, 'aws4_request', 'binary') as ArrayBuffer
  const signature = crypto.hmac('sha256', kSigning, toSign, 'hex')
  const out: Record<string, string> = {
    Authorization: `AWS4-HMAC-SHA256 Credential=${c.accessKeyId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}`,
    'X-Amz-Date': amzDate,
  }
  if (c.sessionToken) out['X-Amz-Security-Token'] = c.sessionToken
  return out
}
