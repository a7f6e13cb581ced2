// Resources the write-path tests store on and off the preparing threads: a Patient, then two
// Observations referring to it, over and over; a meta.versionId the server must replace.
export type SampleResource = Record<string, unknown> & { resourceType: string; id: string }

export function sampleResources(prefix: string, n: number): SampleResource[] {
  return Array.from({ length: n }, (_, i): SampleResource =>
    i % 3
      ? {
          resourceType: 'Observation',
          id: `${prefix}-o${i}`,
          status: 'final',
          code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] },
          subject: { reference: `Patient/${prefix}-p${i - (i % 3)}` },
          valueQuantity: { value: 60 + i, unit: '/min', system: 'http://unitsofmeasure.org', code: '/min' },
        }
      : { resourceType: 'Patient', id: `${prefix}-p${i}`, meta: { tag: [{ code: 't' }], versionId: '99' }, name: [{ family: `Fam${i}` }] },
  )
}
