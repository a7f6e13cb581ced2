// Bulk jobs kept in the data store's own database, so they outlive the server that ran them: each
// job's record (state, counters, where an import has got to) and an import's outcome lines, a row
// per batch. An import batch's resources, its outcome lines and its progress are written in one
// SQLite transaction, so after a crash the job resumes exactly where its last batch committed.
import type Database from 'better-sqlite3'

const SCHEMA = `
CREATE TABLE IF NOT EXISTS bulk_jobs (id TEXT PRIMARY KEY, kind TEXT NOT NULL, submitted INTEGER NOT NULL, record TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS bulk_outcomes (
  job_id TEXT NOT NULL, file TEXT NOT NULL, kind TEXT NOT NULL, seq INTEGER NOT NULL, lines TEXT NOT NULL,
  PRIMARY KEY (job_id, file, kind, seq)) WITHOUT ROWID;
`

export type OutcomeKind = 'success' | 'flagged' | 'failure'

export interface LedgerRow {
  id: string
  kind: 'import' | 'export'
  record: Record<string, unknown>
}

export class JobLedger {
  private readonly stmt

  constructor(db: Database.Database) {
    db.exec(SCHEMA)
    this.stmt = {
      save: db.prepare('INSERT INTO bulk_jobs (id, kind, submitted, record) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET record = excluded.record'),
      all: db.prepare('SELECT id, kind, record FROM bulk_jobs ORDER BY submitted, id'),
      remove: db.prepare('DELETE FROM bulk_jobs WHERE id = ?'),
      addLines: db.prepare('INSERT OR REPLACE INTO bulk_outcomes (job_id, file, kind, seq, lines) VALUES (?, ?, ?, ?, ?)'),
      lines: db.prepare('SELECT lines FROM bulk_outcomes WHERE job_id = ? AND file = ? AND kind = ? ORDER BY seq'),
      dropLines: db.prepare('DELETE FROM bulk_outcomes WHERE job_id = ?'),
    }
  }

  save(id: string, kind: 'import' | 'export', submitted: number, record: object) {
    this.stmt.save.run(id, kind, submitted, JSON.stringify(record))
  }

  /** Every job recorded, oldest first; a record that is not JSON is dropped. */
  all(): LedgerRow[] {
    const out: LedgerRow[] = []
    for (const r of this.stmt.all.all() as Array<{ id: string; kind: 'import' | 'export'; record: string }>) {
      try {
        out.push({ ...r, record: JSON.parse(r.record) as Record<string, unknown> })
      } catch {
        this.remove(r.id)
      }
    }
    return out
  }

  /** Forgets a job and its outcome lines. */
  remove(id: string) {
    this.stmt.remove.run(id)
    this.stmt.dropLines.run(id)
  }

  /** One batch's outcome lines of one input file; `seq` orders the batches (the batch's first line). */
  addLines(jobId: string, file: string, kind: OutcomeKind, seq: number, lines: readonly string[]) {
    if (lines.length) this.stmt.addLines.run(jobId, file, kind, seq, lines.join('\n'))
  }

  lines(jobId: string, file: string, kind: OutcomeKind): string[] {
    return (this.stmt.lines.all(jobId, file, kind) as Array<{ lines: string }>).flatMap((r) => r.lines.split('\n'))
  }

  /** Drops a job's outcome lines once they have gone elsewhere (HealthLake output written to S3). */
  dropLines(jobId: string) {
    this.stmt.dropLines.run(jobId)
  }
}
