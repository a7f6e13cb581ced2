import { expect, shown, type Check } from '../check.js'
import { AWS_CM, GUIDE, group, inspected, NOTE, type Ext } from './shared.js'

const ICD = `${AWS_CM}infer-icd10/`
const ENTITY = `${ICD}aws-cm-icd10-entity`

export const check: Check = {
  id: 'NLP-02',
  title: "Integrated NLP's results on the note say SUCCESS and name the note's own text",
  description: `The \`${AWS_CM}\` extension carries \`status/\` \`SUCCESS\` and, for InferICD10-CM, an \`aws-cm-icd10-entity\` per condition found, whose \`-text\` is the note's text between its \`-begin-offset\` and \`-end-offset\` (code points, as Comprehend Medical counts them) ([Integrated NLP example requests](${GUIDE}/cm-api-results.html)).`,
  verifies: ['HL-NLP-2'],
  level: 'SHALL',
  async run(ctx) {
    const { doc } = await inspected(ctx)
    const cm = group(doc.extension, AWS_CM)
    const status = cm.find((e) => e.url === `${AWS_CM}status/`)?.valueString
    expect(status === 'SUCCESS', `expected \`${AWS_CM}status/\` to be \`SUCCESS\`, got ${shown(status ?? null)}`)
    const entities = group(cm, ICD).filter((e) => e.url === ENTITY)
    expect(entities.length > 0, `expected an \`${ENTITY}\` for the note's conditions (hypertension, type 2 diabetes), got none`)
    const chars = Array.from(NOTE)
    for (const e of entities) {
      const part = (suffix: string): Ext | undefined => e.extension?.find((x) => x.url === `${ENTITY}-${suffix}`)
      const text = part('text')?.valueString
      const begin = part('begin-offset')?.valueInteger ?? -1
      const end = part('end-offset')?.valueInteger ?? -1
      const there = chars.slice(begin, end).join('')
      expect(text !== undefined && there === text, `expected \`${ENTITY}-text\` ${shown(text ?? null)} to be the note's text at [${begin}, ${end}), which is ${shown(there)}`)
    }
  },
}
