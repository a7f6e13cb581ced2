import { expect, type Check } from '../check.js'
import { AWS_CM, enrichedNote, GUIDE } from './shared.js'

export const check: Check = {
  id: 'NLP-01',
  title: 'A clinical note written to a data store with integrated NLP is enriched',
  description: `With integrated NLP on, HealthLake runs Amazon Comprehend Medical over the base64 text of a DocumentReference and appends the results to it as an extension under \`${AWS_CM}\`; the check writes a note and reads it back until that extension appears, within the run's budget (\`conform --nlp-budget\`), and records the time it took ([Integrated natural language processing](${GUIDE}/integrating-nlp.html)).`,
  verifies: ['HL-NLP-1'],
  level: 'SHALL',
  needs: [{ interaction: 'create', type: 'DocumentReference' }],
  writes: true,
  async run(ctx) {
    const { enriched, reason } = await enrichedNote(ctx)
    expect(enriched, reason ?? 'the note was not enriched')
    ctx.measured.push({ name: 'time to enrichment', value: Math.round(enriched.ms), unit: 'ms' })
  },
}
