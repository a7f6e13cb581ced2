// faker draws from our seeded Rng instead of its own Mersenne Twister, so a patient's names and
// addresses come from the patient's own stream (seed per patient, STYLE.md 8).
import { Faker, en_US, en, base, type Randomizer } from '@faker-js/faker'
import type { Rng } from './random.js'

export class RngRandomizer implements Randomizer {
  constructor(public rng: Rng) {}
  // faker calls these unbound, so they are arrow properties.
  next = (): number => this.rng.next()
  seed = (): void => {
    throw new Error('internal: reseed the Rng, not faker')
  }
}

export function makeFaker(rng: Rng): { faker: Faker; randomizer: RngRandomizer } {
  const randomizer = new RngRandomizer(rng)
  const faker = new Faker({ locale: [en_US, en, base], randomizer })
  return { faker, randomizer }
}
