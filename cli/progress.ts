// A one-line progress bar on a terminal (stderr): done/total, rate, ETA. Redrawn at most every
// 100 ms; cleared when done. Nothing is drawn when stderr is not a TTY.

export class ProgressBar {
  private last = 0
  private readonly started = performance.now()
  constructor(
    private readonly enabled: boolean,
    private readonly unit: string,
  ) {}

  update(done: number, total: number, extra = '') {
    if (!this.enabled) return
    const now = performance.now()
    if (now - this.last < 100 && done < total) return
    this.last = now
    const secs = (now - this.started) / 1000
    const rate = secs > 0 ? done / secs : 0
    const eta = rate > 0 ? (total - done) / rate : 0
    const width = 24
    const filled = Math.round((done / Math.max(total, 1)) * width)
    const bar = '█'.repeat(filled) + '░'.repeat(width - filled)
    const line = `${bar} ${done}/${total} ${this.unit} · ${rate.toFixed(0)} ${this.unit}/s · ETA ${formatSeconds(eta)}${extra ? ' · ' + extra : ''}`
    process.stderr.write(`\r\x1b[2K${line}`)
  }

  clear() {
    if (this.enabled) process.stderr.write('\r\x1b[2K')
  }
}

export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '?'
  if (s < 60) return `${s.toFixed(0)}s`
  const m = Math.floor(s / 60)
  return `${m}m${String(Math.round(s % 60)).padStart(2, '0')}s`
}

export const fmt = (n: number) => n.toLocaleString('en-US')
