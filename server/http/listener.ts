// Where the reference server listens: plain HTTP, or HTTPS as HealthLake serves (TLS 1.2 or later,
// the floor SMART App Launch sets), with a certificate given or made here. The TLS faults change the
// listener itself: tls-allows-1.0 lets TLS 1.0 and 1.1 handshakes through; plain-http-on-tls-port and
// token-endpoint-plain-http also answer plain HTTP on the TLS port (a front listener that looks at
// the first byte of each connection: 0x16 opens a TLS handshake).
import { createServer as createHttp, type RequestListener, type Server as HttpServer } from 'node:http'
import { createServer as createHttps, type Server as HttpsServer } from 'node:https'
import { createServer as createNet, type AddressInfo, type Server as NetServer, type Socket } from 'node:net'
import { isIP } from 'node:net'
import type { Faults } from '../faults/catalogue.js'

export interface TlsOptions {
  /** PEM private key. */
  key: string
  /** PEM certificate (chain). */
  cert: string
}

export interface Listener {
  /** `http` or `https`. */
  scheme: 'http' | 'https'
  /** The server the requests go through (the HTTPS one under TLS). */
  server: HttpServer | HttpsServer
  listen(port: number, host: string): Promise<AddressInfo>
  close(): Promise<void>
}

/** A TLS record of type handshake: what a TLS client's first byte is. */
const TLS_HANDSHAKE = 0x16

export function createListener(handler: RequestListener, keepAliveMs: number, faults: Faults, tls?: TlsOptions): Listener {
  if (!tls) return single('http', createHttp(handler), keepAliveMs)
  const https = createHttps(
    {
      key: tls.key,
      cert: tls.cert,
      // Node's floor is TLS 1.2 already; said here because it is the rule. The fault lowers it to
      // 1.0, and the security level with it (OpenSSL 3 refuses 1.0/1.1 ciphers at its default level).
      ...(faults.has('tls-allows-1.0') ? { minVersion: 'TLSv1' as const, ciphers: 'DEFAULT@SECLEVEL=0' } : { minVersion: 'TLSv1.2' as const }),
    },
    handler,
  )
  if (!faults.has('plain-http-on-tls-port') && !faults.has('token-endpoint-plain-http')) return single('https', https, keepAliveMs)
  const plain = createHttp(handler)
  for (const s of [https, plain]) s.keepAliveTimeout = keepAliveMs
  // The front listener's connections, ended on close whichever server took them.
  const sockets = new Set<Socket>()
  const front = createNet((socket: Socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
    socket.once('data', (first: Buffer) => {
      socket.pause()
      socket.unshift(first)
      ;(first[0] === TLS_HANDSHAKE ? https : plain).emit('connection', socket)
      process.nextTick(() => socket.resume())
    })
    socket.on('error', () => socket.destroy())
  })
  return {
    scheme: 'https',
    server: https,
    listen: (port, host) => listenOn(front, port, host),
    async close() {
      await new Promise<void>((resolve) => {
        front.close(() => resolve())
        for (const socket of sockets) socket.destroy()
      })
    },
  }
}

function single(scheme: 'http' | 'https', server: HttpServer | HttpsServer, keepAliveMs: number): Listener {
  server.keepAliveTimeout = keepAliveMs
  return {
    scheme,
    server,
    listen: (port, host) => listenOn(server, port, host),
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
    },
  }
}

async function listenOn(server: NetServer, port: number, host: string): Promise<AddressInfo> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => resolve())
  })
  return server.address() as AddressInfo
}

/**
 * A self-signed certificate for these hosts (names or addresses), valid from a minute ago for
 * `days`: an ECDSA P-256 key (a quick handshake), for serving and nothing else.
 */
export async function selfSignedCertificate(hosts: readonly string[], days = 30): Promise<TlsOptions> {
  const { generate } = await import('selfsigned')
  const now = Date.now()
  const altNames = [...new Set(hosts)].map((h) => {
    const bare = h.replace(/^\[|\]$/g, '')
    return isIP(bare) ? { type: 7 as const, ip: bare } : { type: 2 as const, value: bare }
  })
  const pems = await generate([{ name: 'commonName', value: 'Shoreline reference server' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now - 60_000),
    notAfterDate: new Date(now + days * 86_400_000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames },
    ],
  })
  return { key: pems.private, cert: pems.cert }
}
