// The text of a clinical note: names the patient's actual problems, medications, allergies,
// vitals and results at that visit, so NLP-enrichment tests have ground truth to find.

export interface NoteFacts {
  visitType: string
  date: string
  patientName: string
  age: number
  sex: 'female' | 'male'
  clinician: string
  problems: string[]
  acute?: string
  medications: string[]
  newMedications: string[]
  allergies: string[]
  vitals: string[]
  labs: string[]
}

export function clinicalNote(f: NoteFacts): string {
  const list = (items: string[], none: string) => (items.length ? items.map((i) => `- ${i}`).join('\n') : `- ${none}`)
  const lines = [
    `${f.visitType}`,
    `Date: ${f.date}`,
    `Patient: ${f.patientName}, ${f.age}-year-old ${f.sex}`,
    `Clinician: ${f.clinician}`,
    '',
    f.acute ? `Chief complaint: symptoms consistent with ${f.acute.toLowerCase()}.` : 'Reason for visit: scheduled visit.',
    '',
    'Active problems:',
    list(f.problems, 'none recorded'),
    '',
    'Current medications:',
    list(f.medications, 'none'),
    '',
    'Allergies:',
    list(f.allergies, 'no known allergies'),
    '',
    `Vitals: ${f.vitals.length ? f.vitals.join(', ') : 'not taken'}.`,
  ]
  if (f.labs.length) lines.push('', 'Results:', list(f.labs, ''))
  lines.push('', 'Assessment and plan:')
  if (f.acute) lines.push(`- ${f.acute}: supportive care, return if worse.`)
  for (const m of f.newMedications) lines.push(`- Started ${m}.`)
  if (!f.acute && f.newMedications.length === 0) lines.push('- Continue current plan; follow up as scheduled.')
  return lines.join('\n') + '\n'
}
