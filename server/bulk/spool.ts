// Where export files live until they expire: on disk, never in memory. A file database `<db>`
// spools beside itself, in `<db>-exports/` (as SQLite keeps `<db>-wal`), so finished exports outlive
// a restart with the jobs that list them; `:memory:` spools in a temporary directory, made with the
// first export and removed on close (or, if the process was killed, by the next one that makes its own). One directory per job, one
// NDJSON file per resource type, written a batch at a time and streamed out on download.
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { open, type FileHandle } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const TEMP_PREFIX = 'shoreline-exports-'

export interface SpooledFile {
  path: string
  size: number
}

export class SpoolWriter {
  private size = 0

  constructor(
    private readonly fh: FileHandle,
    readonly path: string,
  ) {}

  async write(text: string) {
    const { bytesWritten } = await this.fh.write(text)
    this.size += bytesWritten
  }

  async close(): Promise<SpooledFile> {
    await this.fh.close()
    return { path: this.path, size: this.size }
  }

  /** Closes and removes a file that will not be served (the job failed or was cancelled). */
  async discard() {
    await this.fh.close().catch(() => undefined)
    rmSync(this.path, { force: true })
  }
}

export class Spool {
  private dir?: string

  private constructor(
    dir: string | undefined,
    private readonly temporary: boolean,
  ) {
    this.dir = dir
  }

  /**
   * The spool of a database: `dir` when given, `<db>-exports/` for a file, a temporary directory for
   * `:memory:` (made with the first export, so a server that never exports touches nothing).
   */
  static open(db: string, dir?: string): Spool {
    if (dir) {
      mkdirSync(dir, { recursive: true })
      return new Spool(resolve(dir), false)
    }
    if (db === ':memory:' || db === '') return new Spool(undefined, true)
    const root = `${resolve(db)}-exports`
    mkdirSync(root, { recursive: true })
    return new Spool(root, false)
  }

  /** The spool directory (for `:memory:`, made now if no export has made it yet). */
  get root(): string {
    if (this.dir === undefined) {
      sweepDeadTemporaries()
      this.dir = mkdtempSync(join(tmpdir(), `${TEMP_PREFIX}${process.pid}-`))
    }
    return this.dir
  }

  /** A new, empty file `name` of job `jobId`. */
  async create(jobId: string, name: string): Promise<SpoolWriter> {
    const dir = join(this.root, safe(jobId))
    mkdirSync(dir, { recursive: true })
    const path = join(dir, safe(name))
    return new SpoolWriter(await open(path, 'w'), path)
  }

  /** Removes a job's files (expired, cancelled, failed). */
  remove(jobId: string) {
    if (this.dir !== undefined) rmSync(join(this.dir, safe(jobId)), { recursive: true, force: true })
  }

  /** Removes every job directory not in `keep`: what a stopped server left behind (startup). */
  removeExcept(keep: ReadonlySet<string>) {
    if (this.dir === undefined) return
    for (const name of readdirSync(this.dir)) if (!keep.has(name)) rmSync(join(this.dir, name), { recursive: true, force: true })
  }

  close() {
    if (this.temporary && this.dir !== undefined) rmSync(this.dir, { recursive: true, force: true })
  }
}

/** A job id or file name as one path segment: nothing that climbs or nests. */
function safe(segment: string): string {
  if (!/^[A-Za-z0-9._-]+$/.test(segment) || segment === '.' || segment === '..') throw new Error(`not a spool name: ${JSON.stringify(segment)}`)
  return segment
}

/** Temporary spools of processes that no longer run (killed before they could remove their own). */
function sweepDeadTemporaries() {
  let names: string[]
  try {
    names = readdirSync(tmpdir())
  } catch {
    return
  }
  for (const name of names) {
    const pid = Number(new RegExp(`^${TEMP_PREFIX}(\\d+)-`).exec(name)?.[1])
    if (!pid || pid === process.pid || alive(pid)) continue
    rmSync(join(tmpdir(), name), { recursive: true, force: true })
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}
