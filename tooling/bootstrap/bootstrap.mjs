#!/usr/bin/env node
// The one entry point a fresh machine needs: Node 20.19+ and npm, nothing global.
//
//   npm run demo   → install (frozen lockfile), build, run the end-to-end demo
//   npm test       → install (frozen lockfile), then every check: build, typecheck, lint, package
//                    shape, the full test suite on this Node, and the package suites again on Node 24
//   npm run setup  → install and build only
//
// pnpm is taken from the registry with `npm exec` at the version pinned in package.json's
// `packageManager` (corepack cannot download here), and put on PATH for turbo and the scripts.
// Turbo cannot do this step: it needs the workspace installed before it can run.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const { packageManager } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
const pnpmVersion = packageManager.replace(/^pnpm@/, '')

/** What each entry runs after `pnpm install --frozen-lockfile`. */
const plans = {
  setup: [['turbo', 'run', 'build']],
  demo: [['turbo', 'run', 'demo', '--output-logs=errors-only', '--log-prefix=none']],
  test: [
    ['turbo', 'run', 'build', 'typecheck', 'lint', 'lint:package', '--output-logs=errors-only'],
    ['turbo', 'run', 'test', '--concurrency=2'],
    ['turbo', 'run', 'test:node24', '--concurrency=2'],
  ],
}

const entry = process.argv[2] ?? ''
const plan = plans[entry]
if (!plan) {
  console.error(`bootstrap: unknown entry "${entry}"; use one of: ${Object.keys(plans).join(', ')}`)
  process.exit(2)
}

const [major, minor] = process.versions.node.split('.').map(Number)
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`bootstrap: Node ${process.versions.node} is too old; install Node 20.19 or newer.`)
  process.exit(1)
}

const env = {
  ...process.env,
  TURBO_TELEMETRY_DISABLED: '1',
  DO_NOT_TRACK: '1',
  FORCE_COLOR: process.env.FORCE_COLOR ?? (process.stdout.isTTY ? '1' : '0'),
}

/** Runs `pnpm <args>` through the pinned pnpm, with pnpm itself on PATH for turbo. */
function pnpm(args) {
  const usable = spawnSync('pnpm', ['--version'], { encoding: 'utf8', env, cwd: root })
  const direct = usable.status === 0 && usable.stdout.trim() === pnpmVersion
  const [command, commandArgs] = direct
    ? ['pnpm', args]
    : ['npm', ['exec', '--yes', `--package=pnpm@${pnpmVersion}`, '--', 'pnpm', ...args]]
  console.error(`\n> pnpm ${args.join(' ')}`)
  const result = spawnSync(command, commandArgs, { stdio: 'inherit', env, cwd: root })
  if (result.error) {
    console.error(`bootstrap: cannot run ${command}: ${result.error.message}`)
    process.exit(1)
  }
  if (result.status !== 0) process.exit(result.status ?? 1)
}

pnpm(['install', '--frozen-lockfile', '--reporter=append-only'])
for (const step of plan) pnpm(['exec', ...step])
