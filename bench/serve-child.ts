// `shoreline serve` as a child process for the benchmarks: resolves with the base URL once it
// is printed; stop() sends SIGTERM and waits for the exit. Loopback only (serve's default host).
import { spawn } from 'node:child_process'

const bin = new URL('../bin/shoreline.js', import.meta.url).pathname

export async function serveChild(args: string[]): Promise<{ url: string; pid: number; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--quiet', ...args], { stdio: ['ignore', 'pipe', 'inherit'] })
  const url = await new Promise<string>((resolve, reject) => {
    let out = ''
    child.stdout.on('data', (d) => {
      out += d
      const line = out.split('\n').find((l) => l.startsWith('http://'))
      if (line) resolve(line.trim())
    })
    child.on('close', (code) => reject(new Error(`serve exited ${code}`)))
  })
  return {
    url,
    pid: child.pid!,
    stop: () =>
      new Promise((resolve) => {
        child.on('close', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}
