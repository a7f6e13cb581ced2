// Nothing half-written: files and folders are built aside and renamed into place at the end, so an
// interrupted or failed run leaves either the old content or the new one, never a partial file.
import { mkdir, rename, rm, writeFile, readdir, stat, access, constants } from 'node:fs/promises'
import { dirname, basename, join, resolve } from 'node:path'
import { describeSystemError, InputError, UsageError } from './errors.js'

export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.tmp-${process.pid}-${Date.now()}`)
  try {
    await mkdir(dirname(path), { recursive: true })
    await writeFile(tmp, data)
    await rename(tmp, path)
  } catch (err) {
    await rm(tmp, { force: true })
    const said = describeSystemError(err, path)
    if (said) throw new InputError(said)
    throw err
  }
}

export interface StagedFolder {
  /** Where to write while the run goes on. */
  readonly path: string
  /** Moves the staged folder to its final place (replacing the old one when forced). */
  commit(): Promise<void>
  /** Removes everything staged; safe to call twice. */
  discard(): Promise<void>
}

/**
 * Stages a folder next to `target`. Refuses a non-empty target unless `force`, and a target that
 * cannot be written, before any work is done.
 */
export async function stageFolder(target: string, opts: { force: boolean }): Promise<StagedFolder> {
  const finalPath = resolve(target)
  const parent = dirname(finalPath)
  const existing = await stat(finalPath).catch(() => undefined)
  if (existing && !existing.isDirectory()) throw new UsageError(`--out ${target} exists and is not a folder`)
  if (existing && (await readdir(finalPath)).length > 0 && !opts.force) {
    throw new UsageError(`--out ${target} is not empty; pass --force to replace it`)
  }
  try {
    await mkdir(parent, { recursive: true })
    await access(parent, constants.W_OK)
  } catch (err) {
    throw new UsageError(`--out ${target} cannot be written (${describeSystemError(err, parent) ?? (err as Error).message})`)
  }
  const staging = join(parent, `.${basename(finalPath)}.tmp-${process.pid}-${Date.now()}`)
  try {
    await mkdir(staging, { recursive: false })
  } catch (err) {
    throw new UsageError(`--out ${target} cannot be written (${describeSystemError(err, staging) ?? (err as Error).message})`)
  }
  let done = false
  return {
    path: staging,
    async commit() {
      if (done) return
      if (existing) {
        const old = `${staging}.old`
        await rename(finalPath, old)
        await rename(staging, finalPath)
        await rm(old, { recursive: true, force: true })
      } else {
        await rename(staging, finalPath)
      }
      done = true
    },
    async discard() {
      if (done) return
      done = true
      await rm(staging, { recursive: true, force: true })
    },
  }
}
