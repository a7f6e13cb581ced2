// k6-operator manifests for a scenario (k6-compat.md §4.1) that run on a cluster as emitted: a
// ConfigMap with the bundled k6 script, the dataset's manifest (a ConfigMap when it fits, or
// fetched by an init container from the S3 or HTTPS location the user names), and a TestRun
// (k6.io/v1alpha1) on a pinned k6 image whose credentials come from a Secret by secretKeyRef.
// The Secret is emitted apart, as a template without values. Nothing names a path or a secret of
// the machine that emitted them.
import { UsageError } from '../lib/errors.js'

/** The k6 release the scenarios were checked with (../shared/fixtures/k6-v2.2.0). */
export const K6_IMAGE = 'grafana/k6:2.2.0'
/** Fetchers for --data-from, pinned. */
const AWS_CLI_IMAGE = 'amazon/aws-cli:2.17.0'
const CURL_IMAGE = 'curlimages/curl:8.10.1'
/** A ConfigMap holds at most 1 MiB; the script and the dataset each get one, with room to spare. */
const CONFIGMAP_MAX = 900 * 1024
/** Where the runners see the dataset. */
export const DATA_MOUNT = '/data'

export interface OperatorInput {
  /** The scenario's name. */
  name: string
  script: string
  parallelism: number
  /** The script's __ENV that may be written: no secret among it. */
  env: Record<string, string>
  /** __ENV names that come from the Secret (CLIENT_SECRET, TOKEN, AWS keys). */
  secretKeys: string[]
  secretName: string
  image: string
  /** The dataset: its manifest.json to put in a ConfigMap, or where the runners fetch it from. */
  data?: { manifest: string } | { from: string }
}

export interface OperatorManifests {
  /** ConfigMaps and the TestRun, to apply. */
  manifests: object[]
  /** The Secret to fill in (or create with kubectl), when the target needs credentials. */
  secret?: object
}

const k8sName = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)

export function k6OperatorManifests(o: OperatorInput): OperatorManifests {
  const name = k8sName(`shoreline-${o.name}`)
  if (Buffer.byteLength(o.script) > CONFIGMAP_MAX)
    throw new UsageError(`the bundled script is ${Math.round(Buffer.byteLength(o.script) / 1024)} KiB; a ConfigMap holds at most 1 MiB`)
  const manifests: object[] = [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels: { 'app.kubernetes.io/managed-by': 'shoreline' } }, data: { 'test.js': o.script } }]
  const env: object[] = Object.entries(o.env).map(([k, v]) => ({ name: k, value: v }))
  for (const key of o.secretKeys) env.push({ name: key, valueFrom: { secretKeyRef: { name: o.secretName, key } } })
  const pod: Record<string, unknown> = { image: o.image, env }
  if (o.data) {
    env.push({ name: 'DATA_DIR', value: DATA_MOUNT })
    pod.volumeMounts = [{ name: 'dataset', mountPath: DATA_MOUNT, readOnly: 'manifest' in o.data }]
    if ('manifest' in o.data) {
      const data = `${name}-data`.slice(0, 63)
      if (Buffer.byteLength(o.data.manifest) > CONFIGMAP_MAX)
        throw new UsageError(
          `the dataset's manifest.json is ${Math.round(Buffer.byteLength(o.data.manifest) / 1024)} KiB, more than a ConfigMap holds: upload the dataset folder and give --data-from s3://bucket/prefix or https://host/path (the runners fetch manifest.json from there)`,
        )
      manifests.push({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: data, labels: { 'app.kubernetes.io/managed-by': 'shoreline' } },
        data: { 'manifest.json': o.data.manifest },
      })
      pod.volumes = [{ name: 'dataset', configMap: { name: data } }]
    } else {
      pod.volumes = [{ name: 'dataset', emptyDir: {} }]
      pod.initContainers = [fetcher(o.data.from, o.secretKeys, o.secretName)]
    }
  }
  manifests.push({
    apiVersion: 'k6.io/v1alpha1',
    kind: 'TestRun',
    metadata: { name },
    spec: {
      parallelism: o.parallelism,
      separate: false,
      script: { configMap: { name, file: 'test.js' } },
      arguments: `--tag testid=${name}`,
      // The initializer reads the script's options in its init context, which reads the dataset too.
      initializer: pod,
      runner: { ...pod, resources: { limits: { cpu: '1', memory: '1Gi' } } },
      cleanup: 'post',
    },
  })
  const secret = o.secretKeys.length
    ? { apiVersion: 'v1', kind: 'Secret', metadata: { name: o.secretName }, type: 'Opaque', stringData: Object.fromEntries(o.secretKeys.map((k) => [k, ''])) }
    : undefined
  return { manifests, ...(secret ? { secret } : {}) }
}

/** The init container that puts manifest.json from --data-from into the dataset volume. */
function fetcher(from: string, secretKeys: string[], secretName: string): object {
  const base = from.replace(/\/+$/, '')
  const mount = [{ name: 'dataset', mountPath: DATA_MOUNT }]
  if (base.startsWith('s3://')) {
    const aws = secretKeys.filter((k) => k.startsWith('AWS_')).map((key) => ({ name: key, valueFrom: { secretKeyRef: { name: secretName, key } } }))
    return { name: 'dataset', image: AWS_CLI_IMAGE, command: ['aws', 's3', 'cp', `${base}/manifest.json`, `${DATA_MOUNT}/manifest.json`], env: aws, volumeMounts: mount }
  }
  return { name: 'dataset', image: CURL_IMAGE, command: ['curl', '-fsSL', '--retry', '3', '-o', `${DATA_MOUNT}/manifest.json`, `${base}/manifest.json`], volumeMounts: mount }
}

/** --data-from: an s3:// prefix or an https:// URL of the dataset folder. */
export function checkDataFrom(from: string): void {
  if (!/^(s3:\/\/[^/\s]+|https:\/\/[^/\s]+)(\/\S*)?$/.test(from))
    throw new UsageError(`--data-from must be s3://bucket/prefix or https://host/path of the dataset folder (where its manifest.json is), got ${JSON.stringify(from)}`)
}
