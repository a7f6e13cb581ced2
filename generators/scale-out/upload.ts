// A finished dataset folder to object storage, and shard folders back from it. The manifest goes
// last, so a manifest under a prefix means its shard is complete.
import { readdir, stat } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'
import { joinUri, parse, type ObjectStorage } from '../../lib/object-storage.js'
import { InputError } from '../../lib/errors.js'

/** `shard-0003-of-0008`: the folder (and S3 prefix) of one shard. */
export function shardFolderName(index: number, count: number): string {
  const width = Math.max(4, String(count).length)
  return `shard-${String(index).padStart(width, '0')}-of-${String(count).padStart(width, '0')}`
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
    .sort()
}

export async function uploadDataset(dir: string, uri: string, storage: ObjectStorage, signal?: AbortSignal): Promise<{ objects: number; bytes: number }> {
  const files = await filesUnder(dir)
  const ordered = [...files.filter((f) => f !== 'manifest.json'), ...files.filter((f) => f === 'manifest.json')]
  let bytes = 0
  // Four uploads at a time, the manifest alone at the end.
  const body = ordered.slice(0, -1)
  for (let i = 0; i < body.length; i += 4) {
    signal?.throwIfAborted()
    await Promise.all(body.slice(i, i + 4).map((f) => storage.upload(joinUri(uri, f), join(dir, f))))
  }
  const last = ordered.at(-1)
  if (last) await storage.upload(joinUri(uri, last), join(dir, last))
  for (const f of files) bytes += (await stat(join(dir, f))).size
  return { objects: files.length, bytes }
}

/** A key below a shard's prefix as a path inside its folder: no `..`, no absolute path, no empty part. */
export function safeRelative(rel: string, where: string): string {
  if (!rel || rel.startsWith('/') || rel.split('/').some((part) => part === '..' || part === '' || part === '.')) {
    throw new InputError(`the object key does not name a file inside its shard folder (${JSON.stringify(rel)})`, where)
  }
  return rel
}

/**
 * The shard folders under an s3:// (or file://) prefix: every `…/manifest.json` below it, each
 * downloaded with its folder into `into/<n>`. Returns the local folders in key order.
 */
export async function downloadShards(uri: string, into: string, storage: ObjectStorage, signal?: AbortSignal): Promise<string[]> {
  const objects = await storage.list(uri.replace(/\/*$/, '/'))
  const base = parse(uri.replace(/\/*$/, '/'))
  const keyOf = (u: string) => {
    const p = parse(u)
    return p.kind === 's3' && base.kind === 's3' ? p.key.slice(base.key.length) : p.kind === 'file' && base.kind === 'file' ? relative(base.path, p.path).split(sep).join('/') : u
  }
  const manifests = objects.map((o) => keyOf(o.uri)).filter((k) => k === 'manifest.json' || k.endsWith('/manifest.json'))
  const folders: string[] = []
  for (const [n, m] of manifests.entries()) {
    const prefix = m.slice(0, -'manifest.json'.length)
    const local = join(into, String(n))
    const mine = objects.filter((o) => {
      const k = keyOf(o.uri)
      // Only this shard's own objects: not those of a shard folder nested below it.
      return k.startsWith(prefix) && !manifests.some((other) => other !== m && other.length > m.length && k.startsWith(other.slice(0, -'manifest.json'.length)))
    })
    for (let i = 0; i < mine.length; i += 4) {
      signal?.throwIfAborted()
      await Promise.all(mine.slice(i, i + 4).map((o) => storage.download(o.uri, join(local, safeRelative(keyOf(o.uri).slice(prefix.length), o.uri)))))
    }
    folders.push(local)
  }
  return folders
}
