// Secrets never leave: tokens, client secrets and private keys are replaced before anything is
// logged, reported or written. Applied to argv in results, to errors, and to recorded exchanges.

const REDACTED = '[REDACTED]'

const SECRET_KEY = /(secret|password|passwd|token|assertion|authorization|private[-_]?key|api[-_]?key|credential|^basic$|^d$|^p$|^q$|^dp$|^dq$|^qi$|^k$)/i

/** Secrets the run knows by value (a client secret, a bearer token), in every encoding they travel in. */
const known = new Set<string>()
/** The same, longest first, so a padded form goes before its unpadded prefix. */
let ordered: string[] = []

/**
 * Registers a secret the run was given, so it is redacted wherever it appears: as written, URL-encoded,
 * base64 and base64url — and, with `user`, as the HTTP Basic pair `user:secret` in base64. Values
 * shorter than 8 characters are not registered (they would blank ordinary words).
 */
export function registerSecret(secret: string, user?: string): void {
  const forms = [secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64'), Buffer.from(secret).toString('base64url')]
  if (user !== undefined) {
    const pair = Buffer.from(`${user}:${secret}`)
    forms.push(pair.toString('base64'), pair.toString('base64url'), encodeURIComponent(pair.toString('base64')))
  }
  if (secret.length < 8) return
  // Padded forms first (longest first in redactText), then unpadded: a value cut short loses its padding.
  for (const f of forms) {
    known.add(f)
    known.add(f.replace(/=+$/, ''))
  }
  ordered = [...known].sort((a, b) => b.length - a.length)
}

const PATTERNS: Array<[RegExp, string]> = [
  // PEM private keys
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g, REDACTED],
  // Bearer / Basic credentials in headers or text
  [/\b(Bearer|Basic)\s+[A-Za-z0-9\-._~+/]+=*/g, `$1 ${REDACTED}`],
  // compact JWS/JWT, and any piece of one: a message that cuts a token short still starts with the
  // base64url of '{"' (eyJ), and the first 100 characters of a token are still its secret part
  [/\beyJ[A-Za-z0-9_-]{8,}(?:\.[A-Za-z0-9_-]*){0,2}/g, REDACTED],
  // a secret field in JSON text, whole or cut short ("access_token":"eyJ…)
  [/("(?:access_token|refresh_token|id_token|client_secret|client_assertion|token|password)"\s*:\s*")[^"]*("?)/gi, `$1${REDACTED}$2`],
  // AWS secret access keys and session tokens given as key=value
  [/((?:aws_)?secret_access_key|aws_session_token|client_secret|client_assertion|access_token|refresh_token|id_token|password)=([^&\s]+)/gi, `$1=${REDACTED}`],
  // an authorization code in the redirect back to an app (it carries state too; a FHIR search's code= does not), and a PKCE verifier
  [/([?&]code=)[^&\s"]+(?=[^\s"]*[?&]state=)/g, `$1${REDACTED}`],
  [/([?&]state=[^\s"]*?&code=)[^&\s"]+/g, `$1${REDACTED}`],
  [/(code_verifier=)[^&\s"]+/g, `$1${REDACTED}`],
  // --flag=value or --flag value for secret-looking flags on a command line
  [/(--[a-z-]*(?:secret|token|password|private-key)[a-z-]*)(=|\s+)(\S+)/gi, `$1$2${REDACTED}`],
]

export function redactText(text: string): string {
  let out = text
  for (const secret of ordered) if (out.includes(secret)) out = out.split(secret).join(REDACTED)
  for (const [re, rep] of PATTERNS) out = out.replace(re, rep)
  return out
}

/** Deep copy with secret-named keys blanked and secret-shaped strings redacted. */
export function redactValue<T>(value: T): T {
  return walk(value, undefined) as T
}

function walk(value: unknown, key: string | undefined): unknown {
  if (typeof value === 'string') return key && SECRET_KEY.test(key) ? REDACTED : redactText(value)
  if (Array.isArray(value)) return value.map((v) => walk(v, undefined))
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) out[k] = walk(v, k)
    return out
  }
  return value
}

/** argv as recorded in results: secret-looking flag values removed. */
export function redactArgv(argv: string[]): string[] {
  const out: string[] = []
  let hideNext = false
  for (const arg of argv) {
    if (hideNext) {
      out.push(REDACTED)
      hideNext = false
      continue
    }
    const m = /^(--[a-z-]*(?:secret|token|password|private-key|key-file)[a-z-]*)(=.*)?$/i.exec(arg)
    if (m) {
      if (m[2]) out.push(`${m[1]}=${REDACTED}`)
      else {
        out.push(arg)
        hideNext = true
      }
      continue
    }
    out.push(redactText(arg))
  }
  return out
}
