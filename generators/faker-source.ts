// faker draws from our seeded Rng instead of its own Mersenne Twister, so a patient's names and
// addresses come from the patient's own stream (seed per patient, STYLE.md 8).
// Only the en_US locale is loaded: faker's main entry pulls in every locale, ~30 MB per thread.
import type { Faker, Randomizer } from '@faker-js/faker'
import { faker as fakerEnUs } from '@faker-js/faker/locale/en_US'
import type { Rng } from './random.js'

export class RngRandomizer implements Randomizer {
  constructor(public rng: Rng) {}
  // faker calls these unbound, so they are arrow properties.
  next = (): number => this.rng.next()
  seed = (): void => {
    throw new Error('internal: reseed the Rng, not faker')
  }
}

/** The Faker class, reached through the locale's instance so the main entry is never loaded. */
const FakerClass = fakerEnUs.constructor as new (options: { locale: Faker['rawDefinitions']; randomizer: Randomizer }) => Faker

export function makeFaker(rng: Rng): { faker: Faker; randomizer: RngRandomizer } {
  const randomizer = new RngRandomizer(rng)
  const faker = new FakerClass({ locale: fakerEnUs.rawDefinitions, randomizer })
  return { faker, randomizer }
}
