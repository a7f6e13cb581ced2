// What the HTTP layer's routes share: the FHIR environment, the auth mode and its parts, the bulk
// services and the control plane, built once by startServer.
import type { CapacityMeter } from './capacity.js'
import type { ControlPlane } from '../healthlake/control-plane.js'
import type { ExportService } from '../bulk/export.js'
import type { ImportService } from '../bulk/import.js'
import type { AuthorizationServer } from '../auth/authorization-server.js'
import type { TokenValidator } from '../auth/lambda.js'
import type { SigV4Credentials } from '../auth/sigv4.js'
import type { Faults } from '../faults/catalogue.js'
import type { Env, Reply } from '../rest/types.js'
import type { SpooledFile } from '../bulk/spool.js'
import type { ReaderPool } from './readers.js'
import type { Preparers } from '../bulk/prepare-pool.js'

export type AuthMode = 'smart' | 'none' | 'sigv4'

export interface Context {
  env: Env
  prefix: string
  maxBodyBytes: number
  mode: AuthMode
  faults: Faults
  auth?: AuthorizationServer
  validator?: TokenValidator
  sigv4: SigV4Credentials[]
  exports: ExportService
  imports: ImportService
  controlPlane: ControlPlane
  clock: () => number
  rateLimit?: { perSecond: number; window: number; used: number }
  /** HealthLake's capacity model (serve --capacity), off unless asked for. */
  capacity?: CapacityMeter
  /** Reader threads for read interactions (a file database with `readers` > 0). */
  readers?: ReaderPool
  /** Threads that validate and prepare big Bundles' entries while the writer stores others (started by the second such Bundle). */
  bundlePreparers: Preparers
}

export interface WireReply extends Reply {
  /** Bytes sent as they are (NDJSON files), with the headers' Content-Type. */
  raw?: Buffer
  /** A file on disk streamed as it is (spooled export files), with the headers' Content-Type. */
  file?: SpooledFile
  /** A FHIR JSON body already serialised (a reader thread's answer: text, or UTF-8 bytes when long). */
  text?: string | Buffer
  /** A JSON body that is not FHIR (OAuth, AWS JSON, bulk manifests): sent as application/json unless headers say otherwise. */
  json?: boolean
}
