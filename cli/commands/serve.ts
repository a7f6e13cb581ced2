// `shoreline serve`: the embedded reference target on a loopback port.
import type { CommandSpec } from '../command.js'
import { startTarget } from '../../target/http/server.js'
import { loadDataset } from '../../target/load.js'
import { ExitCode, UsageError } from '../../lib/errors.js'
import { fmt } from '../progress.js'
import { VALIDATION_LEVELS, type ValidationLevel } from '../../lib/validation/levels.js'

interface Args {
  port: number
  host: string
  db: string
  'datastore-id': string
  load?: string
  auth: string
  validation: ValidationLevel
  'max-count': number
  'max-bundle-entries': number
}

export const serveCommand: CommandSpec<Args> = {
  command: 'serve',
  describe: 'Run the embedded reference target: a FHIR R4 server on SQLite, HealthLake-shaped URLs',
  builder: (y) =>
    y
      .option('port', { type: 'number', default: 0, describe: 'Port (0: any free port)' })
      .option('host', { type: 'string', default: '127.0.0.1', describe: 'Address to listen on' })
      .option('db', { type: 'string', default: ':memory:', describe: 'SQLite file, or :memory:' })
      .option('datastore-id', { type: 'string', default: 'local', describe: 'Data store id in the base URL' })
      .option('load', { type: 'string', describe: 'Load a generated dataset (its ndjson/) before serving' })
      .option('auth', { choices: ['none'], default: 'none', describe: 'Authorization (SMART and SigV4 come with the next part)' })
      .option('validation', { choices: VALIDATION_LEVELS, default: 'strict' as ValidationLevel, describe: 'Validation of writes (a request may name another in x-amzn-healthlake-fhir-validation-level)' })
      .option('max-count', { type: 'number', default: 1000, describe: 'Largest search page; a larger _count is capped' })
      .option('max-bundle-entries', { type: 'number', default: 10000, describe: 'Most entries in a batch or transaction (413 above)' })
      .example('$0 serve --port 8080', 'Serve on http://127.0.0.1:8080/datastore/local/r4/'),
  async run(a, ctx) {
    if (!/^[A-Za-z0-9-]{1,32}$/.test(a['datastore-id'])) throw new UsageError(`--datastore-id must be 1–32 letters, digits or dashes, got ${JSON.stringify(a['datastore-id'])}`)
    if (!Number.isInteger(a.port) || a.port < 0 || a.port > 65535) throw new UsageError(`--port must be 0–65535, got ${a.port}`)
    for (const k of ['max-count', 'max-bundle-entries'] as const) if (!Number.isInteger(a[k]) || a[k] < 1) throw new UsageError(`--${k} must be a whole number ≥ 1, got ${a[k]}`)
    const target = await startTarget({ port: a.port, host: a.host, db: a.db, datastoreId: a['datastore-id'], validation: a.validation, maxCount: a['max-count'], maxBundleEntries: a['max-bundle-entries'] }).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') throw new UsageError(`port ${a.port} is in use`)
      if (String(err.code).startsWith('SQLITE_')) throw new UsageError(`--db ${a.db} cannot be opened: ${err.message}`)
      throw new UsageError(`cannot listen on ${a.host}:${a.port}: ${err.message}`)
    })
    if (a.load) {
      try {
        const n = await loadDataset(target.store, a.load)
        ctx.note(`loaded ${fmt(n)} resources from ${a.load}`)
      } catch (err) {
        await target.close()
        throw err
      }
    }
    ctx.say(target.url)
    ctx.emitJson({ url: target.url })
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve)
      process.once('SIGTERM', resolve)
    })
    await target.close()
    ctx.note('stopped')
    return ExitCode.ok
  },
}
