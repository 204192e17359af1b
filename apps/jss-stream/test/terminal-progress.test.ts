import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { JssLocal } from 'jss-local'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bin, cliEnv, startServer } from './cli.js'

// `put --progress --verbose` in a real pseudo-terminal (tmux), at 40 and 160 columns: the progress
// line fits, is erased before every other stderr line, and leaves nothing behind.

let server: JssLocal
let dir: string
const socket = `jss-progress-${process.pid}`

/** Runs tmux on this test's own server; fails (never skips) when tmux is missing. */
function tmux(...args: string[]): string {
  try {
    return execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH, HOME: process.env.HOME, TERM: 'xterm-256color' },
    })
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') {
      throw new Error('tmux is not installed: this test needs it to run the CLI in a terminal')
    }
    throw error
  }
}

const quote = (text: string): string => `'${text.replaceAll("'", `'\\''`)}'`

beforeAll(async () => {
  server = await startServer()
  dir = mkdtempSync(join(tmpdir(), 'jss-stream-tty-'))
  // 12 MiB in 256 KiB chunks, one every 50 ms: about 2.5 s, so that the line is drawn many times.
  writeFileSync(
    join(dir, 'slow.mjs'),
    `const chunk = Buffer.alloc(256 * 1024, 120)
let n = 0
const timer = setInterval(() => {
  process.stdout.write(chunk)
  if (++n === 48) clearInterval(timer)
}, 50)
`,
  )
})

afterAll(async () => {
  try {
    tmux('kill-server')
  } catch {
    // already gone
  }
  await server.close()
  rmSync(dir, { recursive: true, force: true })
})

/** Every capture of the pane (history included, wrapped lines joined) until the shell echoed EXIT=. */
async function runInTerminal(width: number): Promise<{ frames: string[][]; final: string[] }> {
  const script = join(dir, `run-${width}.sh`)
  const node = quote(process.execPath)
  const exports = Object.entries(cliEnv(server)).map(([k, v]) => `export ${k}=${quote(v)}`)
  writeFileSync(
    script,
    [
      ...exports,
      `${node} ${quote(join(dir, 'slow.mjs'))} | ${node} ${quote(bin)} put test-bucket/tty-${width} --progress --verbose --part-size 5MiB --size 12MiB`,
      'echo "EXIT=$?"',
      'sleep 600',
      '',
    ].join('\n'),
  )
  const session = `w${width}`
  tmux('new-session', '-d', '-s', session, '-x', String(width), '-y', '10', `sh ${quote(script)}`)
  const capture = (): string[] =>
    tmux('capture-pane', '-p', '-J', '-S', '-', '-t', session)
      .split('\n')
      .map((line) => line.trimEnd())
  const frames: string[][] = []
  const deadline = Date.now() + 30_000
  for (;;) {
    const frame = capture()
    frames.push(frame)
    if (frame.some((line) => line.startsWith('EXIT='))) break
    if (Date.now() > deadline) throw new Error(`timed out; the pane:\n${frame.join('\n')}`)
    await new Promise((resolve) => setTimeout(resolve, 30))
  }
  tmux('kill-session', '-t', session)
  const final = frames.at(-1) ?? []
  while (final.at(-1) === '') final.pop()
  return { frames, final }
}

const verboseLine =
  /^jss-stream: (POST|PUT|GET|HEAD|DELETE) \S+ (\d{3}|no response)( JSS_ERR_\w+)?( request-id=\S+)? attempt=\d+ \d+ms$/
const summaryLine =
  /^jss-stream: uploaded test-bucket\/tty-\d+: 12\.0 MiB in 3 parts, \d+\.\d s, ETag \S+$/
const progressLine = /^\d+(\.\d)? (B|KiB|MiB) stored/

/** The captured panes, kept for the report. */
export const captured: Record<number, string> = {}

describe.each([40, 160])('put --progress --verbose at %i columns', (width) => {
  it('draws a line that fits, erased before each other line and at the end', async () => {
    const { frames, final } = await runInTerminal(width)
    captured[width] = final.join('\n')
    writeFileSync(join(tmpdir(), `jss-stream-pane-${width}.txt`), `${captured[width]}\n`)

    // The line was shown while the upload ran, and never wider than the terminal (minus one).
    const shown = frames.flat().filter((line) => progressLine.test(line))
    const during =
      [...frames].reverse().find((frame) => frame.some((line) => progressLine.test(line))) ?? []
    writeFileSync(join(tmpdir(), `jss-stream-pane-${width}-during.txt`), `${during.join('\n')}\n`)
    expect(shown.length).toBeGreaterThan(0)
    for (const line of shown) expect(line.length).toBeLessThan(width)
    if (width >= 160) expect(shown.some((line) => / read .*%.*\/s/.test(line))).toBe(true)

    // At the end, only whole lines are left: each --verbose line, the summary, the shell's echo.
    for (const line of final) {
      const whole = line === '' || verboseLine.test(line) || summaryLine.test(line)
      expect(whole || line === 'EXIT=0', `a fragment or glued line: ${JSON.stringify(line)}`).toBe(
        true,
      )
    }
    expect(final.filter((line) => verboseLine.test(line)).length).toBeGreaterThanOrEqual(5)
    expect(final.slice(-2)[0]).toMatch(summaryLine)
    expect(final.at(-1)).toBe('EXIT=0')
  }, 60_000)
})
