// The dictionary `serve --nlp` matches notes against, built from the generator's own tables (the
// server may not import generators/, so the CLI hands it over): condition names and abbreviations
// with their ICD-10-CM codes, symptoms, family-history and differential terms, drug names (generic
// and brand) and drug allergens with RxNorm codes, test, panel and procedure names, body sites.
import type { NlpLexicon } from '../server/nlp/extract.js'
import { ALL_CONDITIONS } from '../generators/data/conditions.js'
import { MEDICATIONS } from '../generators/data/medications.js'
import { ALLERGIES } from '../generators/data/allergies.js'
import { LABS } from '../generators/data/observations.js'
import {
  ACUTE_PRESENTATIONS,
  ALLERGEN_NAMES,
  CONDITION_TERMS,
  DRUG_NAMES,
  FAMILY_HISTORY,
  NORMAL_EXAM,
  PANEL_NAMES,
  PROCEDURE_NAMES,
  SYMPTOMS,
  VITAL_NAMES,
} from '../generators/data/notes.js'

export function generatorLexicon(): NlpLexicon {
  const conditions: NlpLexicon['conditions'] = []
  for (const c of ALL_CONDITIONS) {
    const terms = CONDITION_TERMS[c.key]
    if (terms) conditions.push({ terms: [...terms.names, ...terms.abbreviations], trait: 'DIAGNOSIS', icd10: c.icd10 })
  }
  for (const s of Object.values(SYMPTOMS)) conditions.push({ terms: s.text, trait: s.trait, icd10: s.icd10 })
  for (const f of FAMILY_HISTORY) conditions.push({ terms: [f.text], trait: 'DIAGNOSIS', icd10: f.icd10 })
  for (const p of Object.values(ACUTE_PRESENTATIONS)) if (p.consider) conditions.push({ terms: [p.consider.text], trait: 'DIAGNOSIS', icd10: p.consider.icd10 })
  const medications: NlpLexicon['medications'] = []
  for (const m of Object.values(MEDICATIONS)) {
    const name = DRUG_NAMES[m.rxnorm]
    if (!name) continue
    const rxnorm = { code: m.rxnorm, display: m.display }
    medications.push({ terms: [name.generic], rxnorm })
    if (name.brand) medications.push({ terms: [name.brand], brand: true, rxnorm })
  }
  for (const a of ALLERGIES) {
    const name = ALLERGEN_NAMES[a.key]
    if (name?.drug && a.system === 'rxnorm') medications.push({ terms: [name.text], rxnorm: { code: a.code, display: a.display } })
  }
  const tests: NlpLexicon['tests'] = [
    { terms: Object.values(VITAL_NAMES).flat(), type: 'TEST_NAME' },
    { terms: Object.values(LABS).map((l) => l.short), type: 'TEST_NAME' },
    { terms: Object.values(PANEL_NAMES), type: 'TEST_NAME' },
    ...Object.values(PROCEDURE_NAMES).map((p) => ({ terms: [p.text], type: p.type })),
  ]
  const anatomy = [...NORMAL_EXAM.map((e) => e.site), ...Object.values(ACUTE_PRESENTATIONS).map((p) => p.exam.site)]
  return { conditions, medications, tests, anatomy }
}
