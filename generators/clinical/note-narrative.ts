// The narrative sentences a note may tell about this patient (data/notes.ts NARRATIVE): only those
// true of them — their day, their age, what they take and have, the symptoms they came with — and
// one or two at a time, never two on the same topic.
import type { Rng } from '../random.js'
import { NARRATIVE, type ContextLine, type DayKind, type NarrativeLine } from '../data/notes.js'
import type { NoteFacts } from './note-text.js'

/** Whether a sentence fits the patient's day (work, school, preschool) and age, as every narrative table declares them. */
function fits(line: { day?: DayKind; fromAge?: number; untilAge?: number }, f: NoteFacts): boolean {
  return (line.day === undefined || line.day === f.day) && f.age >= (line.fromAge ?? 0) && f.age <= (line.untilAge ?? Infinity)
}

/** An illness's context sentences that fit the patient and the symptoms they came with. */
export function contextLines(f: NoteFacts, symptoms: readonly string[]): ContextLine[] {
  return NARRATIVE.context.filter((c) => fits(c, f) && !c.notWith?.some((s) => symptoms.includes(s)))
}

/** A follow-up's sentences that fit the patient; none of missed doses when the note has just called them adherent. */
export function followUpLines(f: NoteFacts, adherent: boolean): NarrativeLine[] {
  const holds = {
    medications: f.medications.length > 0,
    homeReadings: f.problems.some((p) => NARRATIVE.homeReadings.includes(p.key)),
    noHospitalCare: !f.hospitalCareSinceLastVisit,
  }
  return NARRATIVE.chronic.filter((c) => fits(c, f) && (c.needs ?? []).every((x) => holds[x]) && !(adherent && c.lapse))
}

/** The exam's general appearances that fit the patient's age. */
export function appearanceLines(f: NoteFacts): ReadonlyArray<{ text: string }> {
  return NARRATIVE.appearance.filter((a) => fits(a, f))
}

/** The plan's counselling that fits the patient: medication advice only to those taking or starting some. */
export function counsellingLines(f: NoteFacts): ReadonlyArray<{ text: string }> {
  const meds = f.medications.length + f.newMedications.length > 0
  return NARRATIVE.counselling.filter((c) => fits(c, f) && (meds || !c.medications))
}

/** One of the sentences, and half the time a second on another topic (when one fits). */
export function pickLines<T extends { text: string; topic?: string }>(rng: Rng, lines: readonly T[]): string {
  const first = rng.pick(lines)
  const others = lines.filter((c) => c !== first && (c.topic === undefined || c.topic !== first.topic))
  return rng.chance(0.5) && others.length ? `${first.text} ${rng.pick(others).text}` : first.text
}
