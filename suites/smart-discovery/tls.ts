// A bare TLS handshake with a host, bounded in time: did it complete, at which version, and does
// this run trust the certificate (SD-18). Nothing is sent after the handshake.
import { connect, type SecureVersion } from 'node:tls'
import { trustOf } from '../../lib/target/trust.js'

export interface Handshake {
  completed: boolean
  /** The version agreed, when it completed. */
  protocol?: string
  /** The certificate chains to a root this run trusts, for the host named. */
  trusted: boolean
  /** Why it did not complete, or why the certificate is not trusted. */
  error?: string
}

export interface HandshakeOptions {
  host: string
  port: number
  /** SNI: the host name (never an address). */
  servername?: string
  /** PEM certificates trusted besides the system's roots (--ca-file). */
  ca?: string
  minVersion: SecureVersion
  maxVersion?: SecureVersion
  timeoutMs: number
}

export function handshake(o: HandshakeOptions): Promise<Handshake> {
  // Versions older than 1.2 need OpenSSL's lowest security level to be offered at all, and their
  // certificate is not judged (only whether the handshake completes), so a refusal is the server's.
  // The run's shared context (--ca-file) is Node's default versions, TLS 1.2 and 1.3: the modern probe.
  const old = o.minVersion === 'TLSv1' || o.minVersion === 'TLSv1.1'
  const trust = old ? {} : trustOf({ ca: o.ca })
  return new Promise((resolve) => {
    let settled = false
    const done = (h: Handshake) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      socket.destroy()
      resolve(h)
    }
    const socket = connect({
      host: o.host,
      port: o.port,
      ...(o.servername ? { servername: o.servername } : {}),
      ...trust,
      minVersion: o.minVersion,
      ...(o.maxVersion ? { maxVersion: o.maxVersion } : {}),
      ...(old ? { ciphers: 'DEFAULT@SECLEVEL=0' } : {}),
      rejectUnauthorized: false,
    })
    const timer = setTimeout(() => done({ completed: false, trusted: false, error: `no handshake within ${o.timeoutMs / 1000} s` }), o.timeoutMs)
    socket.once('secureConnect', () =>
      done({
        completed: true,
        protocol: socket.getProtocol() ?? undefined,
        trusted: socket.authorized,
        ...(socket.authorized ? {} : { error: String(socket.authorizationError) }),
      }),
    )
    socket.once('error', (err: NodeJS.ErrnoException) => done({ completed: false, trusted: false, error: err.code ? `${err.code}: ${err.message.split('\n')[0]}` : err.message }))
    socket.once('close', () => done({ completed: false, trusted: false, error: 'the connection closed before the handshake completed' }))
  })
}
