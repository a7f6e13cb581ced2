// What generating a patient needs (the run's seed, window and shared pool, one random stream and
// the faker that draws from it), and what it gives back.
import type { Faker } from '@faker-js/faker'
import type { Rng } from '../random.js'
import type { RngRandomizer } from '../faker-source.js'
import type { Person } from '../population/demographics.js'
import type { SharedPool } from '../population/pool.js'
import type { PopulationKey } from '../data/populations.js'
import type { Resource } from '../fhir.js'
import type { NoteAnnotation } from './note.js'

export interface GenContext {
  seed: number
  referenceMs: number
  years: number
  pool: SharedPool
  rng: Rng
  faker: Faker
  randomizer: RngRandomizer
  /** Whose records (data/populations.ts); the general population when absent. */
  population?: PopulationKey
}

export interface PatientRecord {
  index: number
  person: Person
  /** The patient first, then every resource in visit order. */
  resources: Resource[]
  /** Each clinical note's text and its annotated mentions (the NLP ground truth). */
  notes: NoteAnnotation[]
}

/** What a patient's visit plan says the record will hold (foresee), without building it. */
export interface Foreseen {
  surgery: boolean
  dies: boolean
  /** An emergency visit, or a death in the emergency department. */
  emergency: boolean
  /** When the last planned visit starts (-Infinity with none). */
  lastVisitMs: number
}
