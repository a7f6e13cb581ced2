// An eventually consistent search index, as HealthLake's is by default (the `eventual-search`
// variant): a resource written without `x-amz-fhir-history-consistency-level: strong` is left out of
// search results until its index update "completes" `lagMs` later; a search that sends the header
// sees pending resources too. Reads by id are never delayed. HealthLake developer guide, "FHIR
// Search Consistency Levels".
export const CONSISTENCY_HEADER = 'x-amz-fhir-history-consistency-level'

export const isStrong = (headers: Record<string, string | undefined>): boolean => headers[CONSISTENCY_HEADER]?.trim().toLowerCase() === 'strong'

export class IndexLag {
  /** `Type/id` → when its index update completes (ms since the epoch). */
  private readonly pending = new Map<string, number>()

  constructor(
    readonly lagMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** A write whose index update is still to come. */
  note(type: string, id: string): void {
    // Map order is insertion order: delete first so the newest write is last (pruning stays in order).
    const key = `${type}/${id}`
    this.pending.delete(key)
    this.pending.set(key, this.now() + this.lagMs)
  }

  /** Ids of `type` whose index update has not completed: left out of an eventual search. */
  hidden(type: string): string[] {
    const t = this.now()
    const out: string[] = []
    for (const [key, due] of this.pending) {
      if (due <= t) {
        this.pending.delete(key)
        continue
      }
      if (key.startsWith(`${type}/`)) out.push(key.slice(type.length + 1))
    }
    return out
  }
}
