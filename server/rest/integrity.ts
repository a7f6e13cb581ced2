// Referential integrity on delete, as some servers enforce it (the referential-integrity variant;
// R4 http delete: a server refusing a delete for reasons specific to the resource, such as
// referential integrity, answers 409 Conflict). A transaction judges it once all its entries ran,
// since the order of its entries does not matter; a plain delete or a batch entry, at once.
import { OutcomeError } from '../../lib/outcomes.js'
import type { Env, FhirRequest } from './types.js'

/** Deletes inside a transaction: judged when the transaction's entries have all run. */
export const deferred = new WeakSet<FhirRequest>()

/** A live resource other than `type/id` itself that refers to it, as `Type/id`. */
function referrer(env: Env, type: string, id: string): string | undefined {
  const row = env.store.db
    .prepare(
      'SELECT r.type, r.id FROM sp_reference c JOIN resources r ON r.rid = c.rid WHERE c.target_type = ? AND c.target_id = ? AND r.deleted = 0 AND NOT (r.type = ? AND r.id = ?) LIMIT 1',
    )
    .get(type, id, type, id) as { type: string; id: string } | undefined
  return row && `${row.type}/${row.id}`
}

/** 409 when a live resource still refers to `type/id`. */
export function refuseIfReferred(env: Env, type: string, id: string) {
  const by = referrer(env, type, id)
  if (by) throw new OutcomeError(409, 'conflict', `${type}/${id} is referred to by ${by}: delete that first (referential integrity)`)
}
