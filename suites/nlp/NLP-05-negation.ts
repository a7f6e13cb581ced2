import { parseBody } from '../expect.js'
import { expect, shown, type Check } from '../check.js'
import { GUIDE, HL, inspected, listed, NEGATED } from './shared.js'

type Generated = { resourceType?: string; code?: { text?: string; coding?: Array<{ code?: string; display?: string }> } }

export const check: Check = {
  id: 'NLP-05',
  title: 'A symptom the note denies is not made into a Condition or Observation',
  description: `Comprehend Medical marks a denied mention with the NEGATION trait ([Detect entities](https://docs.aws.amazon.com/comprehend-medical/latest/dev/textanalysis-entitiesv2.html)); HealthLake makes Conditions and Observations from SIGN, SYMPTOM and DIAGNOSIS mentions ([Integrated NLP](${GUIDE}/integrating-nlp.html)) and does not say what it does with negated ones. A resource asserting "${NEGATED}" for a patient who denies it contradicts the note, so the check warns when one is generated (ICD-10-CM R07.x, or named so).`,
  verifies: ['HL-NLP-5'],
  level: 'SHOULD',
  async run(ctx) {
    const { doc } = await inspected(ctx)
    for (const [i, ref] of listed(doc, `${HL}/nlp-entity`).entries()) {
      const r = await ctx.exchange(`nlp-generated-${i + 1}`, 'GET', ref, { accept: 'application/fhir+json' })
      if (r.response?.status !== 200) continue
      const g = parseBody<Generated>(r.response.body, ref)
      const codes = (g.code?.coding ?? []).map((c) => c.code ?? '')
      const names = [g.code?.text ?? '', ...(g.code?.coding ?? []).map((c) => c.display ?? '')].join(' ')
      expect(
        !codes.some((c) => c.startsWith('R07')) && !new RegExp(NEGATED, 'i').test(names),
        `expected nothing generated from \`${NEGATED}\`, negated in the note ("Denies ${NEGATED}"), got ${ref} coded ${shown(codes)}`,
      )
    }
  },
}
