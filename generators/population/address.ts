import type { Faker } from '@faker-js/faker'

/** A US postal address from faker, its ZIP code drawn for its state. */
export function usAddress(faker: Faker, use: 'home' | 'work') {
  const state = faker.location.state({ abbreviated: true })
  return {
    use,
    line: [faker.location.streetAddress()],
    city: faker.location.city(),
    state,
    postalCode: faker.location.zipCode({ state }),
    country: 'US',
  }
}
