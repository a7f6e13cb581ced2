import { expect, shown, skip, type Check } from '../check.js'
import { parseBody } from '../expect.js'
import { ObjectStorage } from '../../lib/object-storage.js'
import { FHIR_JSON, locatedRefs } from '../transactions/shared.js'
import { dataStore, exportOutput, fhirExportBody, followFhirExport, GUIDE } from './shared.js'

const TYPES = ['Patient', 'Observation']

export const check: Check = {
  id: 'HL-15',
  title: "HealthLake's Patient-level FHIR $export applies _type and _since: its S3 output holds those types, the run's records among them",
  description: `HealthLake's \`POST Patient/$export\` takes its documented filters in the query, \`_type\` and \`_since\` among them, and writes the output to the S3 folder its body names ([Exporting with FHIR $export](${GUIDE}/export-datastore-rest.html)). The check writes a Patient with an Observation and an Encounter, exports \`_type=Patient,Observation\` with \`_since\` just before the write, follows the job to its end, and reads the job's objects back: every line is a Patient or an Observation, and the run's Patient and Observation are there. Reading the output needs the S3 folder (\`SHORELINE_HEALTHLAKE_EXPORT_S3_URI\`) readable with the AWS credentials of the run; a folder that cannot be listed skips.`,
  verifies: ['HL-CP-6'],
  level: 'SHALL',
  needs: [{ storeFeature: 'export-status' }, { interaction: 'create', type: 'Patient' }],
  writes: true,
  async run(ctx) {
    const ds = dataStore(ctx)
    const out = exportOutput(ctx)
    // The run's record: a Patient, and an Observation and an Encounter about it.
    const urn = `urn:uuid:${crypto.randomUUID()}`
    const subject = { reference: urn }
    const bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { fullUrl: urn, resource: ctx.tagged({ resourceType: 'Patient', name: [{ family: 'Shoreline', given: ['HL15'] }] }), request: { method: 'POST', url: 'Patient' } },
        { resource: ctx.tagged({ resourceType: 'Observation', status: 'final', code: { text: 'HL-15' }, subject }), request: { method: 'POST', url: 'Observation' } },
        {
          resource: ctx.tagged({ resourceType: 'Encounter', status: 'finished', class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' }, subject }),
          request: { method: 'POST', url: 'Encounter' },
        },
      ],
    }
    const since = new Date(Date.now() - 60_000).toISOString()
    const tx = await ctx.exchange('hl15-record', 'POST', '', FHIR_JSON, { body: JSON.stringify(bundle) })
    if (tx.response?.status !== 200) skip(`writing the record answered ${tx.response?.status ?? tx.error} (TX-17)`)
    const refs = locatedRefs(parseBody(tx.response.body))
    for (const r of refs) if (r) ctx.created.add(r)
    const [patient, observation] = refs
    if (!patient || !observation) skip('the transaction named no Location for the Patient and the Observation')
    const body = fhirExportBody(ctx, 'shoreline-hl15')
    const kick = await ctx.exchange(
      'hl15-export',
      'POST',
      `Patient/$export?_type=${TYPES.join(',')}&_since=${encodeURIComponent(since)}`,
      { 'content-type': 'application/fhir+json', accept: 'application/fhir+json', prefer: 'respond-async' },
      { body },
    )
    expect(
      kick.response?.status === 202,
      `expected 202 for the Patient-level kick-off, got ${kick.response ? `${kick.response.status} ${kick.response.body.slice(0, 160)}` : kick.error}`,
    )
    const jobId = (parseBody(kick.response.body) as { jobId?: unknown } | undefined)?.jobId
    const location = kick.response.headers['content-location']
    if (typeof jobId !== 'string' || !location) skip('the kick-off named no jobId or Content-Location (HL-16)')
    const { statuses } = await followFhirExport(ctx, 'hl15-status', location)
    expect(statuses.at(-1) === 'COMPLETED', `expected the export job to end COMPLETED, it went ${shown(statuses)}`)
    // The job's objects: under the folder the body named, in the job's own folder.
    // HealthLake writes to a bucket in the data store's own region.
    const storage = new ObjectStorage({ region: ds.region })
    let objects: Array<{ uri: string }>
    try {
      objects = (await storage.list(out.s3Uri)).filter((o) => o.uri.includes(jobId))
    } catch (err) {
      skip(`cannot list the export output under ${out.s3Uri}: ${(err as Error).message}`)
    }
    const found = new Map<string, number>()
    const refsFound = new Set<string>()
    for (const o of objects) {
      const text = (await storage.read(o.uri)).toString('utf8')
      for (const line of text.split('\n').filter((l) => l.trim())) {
        const r = parseBody<{ resourceType?: string; id?: string }>(line, `a line of ${o.uri}`)
        found.set(String(r.resourceType), (found.get(String(r.resourceType)) ?? 0) + 1)
        refsFound.add(`${r.resourceType}/${r.id}`)
      }
    }
    const others = [...found].filter(([type]) => !TYPES.includes(type))
    expect(
      others.length === 0,
      `expected only ${TYPES.join(' and ')} in the HealthLake export with _type=${TYPES.join(',')}, got ${others.map(([type, n]) => `${n} ${type}`).join(', ')} in ${objects.length} objects`,
    )
    const missing = [patient, observation].filter((r) => !refsFound.has(r))
    expect(
      missing.length === 0,
      `expected the run's ${missing.join(' and ')} (written after _since) in the export's ${objects.length} objects, found ${shown(Object.fromEntries(found))}`,
    )
  },
}
