#!/usr/bin/env node
// The one entry point a fresh machine needs: Node 20.19+ and npm, nothing global.
//
//   npm run demo   → install (frozen lockfile), build, run the end-to-end demo
//   npm test       → install (frozen lockfile), then every check: build, typecheck, lint, package
//                    shape, the full test suite on this Node, and the package suites again on Node 24;
//                    ends with one line "Tests: N passed, N failed, N skipped" over every suite
//   npm run setup  → install and build only
//   npm run pack   → install (frozen lockfile), build, then the installable tarballs in artifacts/:
//                    jss-stream and jss-local (bundled; only registry dependencies), and the
//                    libraries in artifacts/packages/ (see tooling/install)
//
// pnpm is taken from the registry with `npm exec` at the version pinned in package.json's
// `packageManager` (corepack cannot download here), and put on PATH for turbo and the scripts.
// Turbo cannot do this step: it needs the workspace installed before it can run.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const { packageManager } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
const pnpmVersion = packageManager.replace(/^pnpm@/, '')

/** What each entry runs after `pnpm install --frozen-lockfile`; `tests: true` steps feed the total. */
const plans = {
  setup: [{ run: ['turbo', 'run', 'build'] }],
  demo: [{ run: ['turbo', 'run', 'demo', '--output-logs=new-only', '--log-prefix=none'] }],
  pack: [{ run: ['turbo', 'run', 'pack', '--output-logs=new-only', '--log-prefix=none'] }],
  test: [
    {
      run: [
        'turbo',
        'run',
        'build',
        'typecheck',
        'lint',
        'lint:package',
        '//#lint:repo',
        '--output-logs=errors-only',
      ],
    },
    { run: ['turbo', 'run', 'test', '--concurrency=1', '--continue'], tests: true },
    { run: ['turbo', 'run', 'test:node24', '--concurrency=1', '--continue'], tests: true },
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
  TURBO_NO_UPDATE_NOTIFIER: '1',
}

let direct
/** Runs `pnpm <args>` through the pinned pnpm, with pnpm itself on PATH for turbo; returns the status. */
function pnpm(args) {
  if (direct === undefined) {
    const probe = spawnSync('pnpm', ['--version'], { encoding: 'utf8', env, cwd: root })
    direct = probe.status === 0 && probe.stdout.trim() === pnpmVersion
  }
  const [command, commandArgs] = direct
    ? ['pnpm', args]
    : ['npm', ['exec', '--yes', `--package=pnpm@${pnpmVersion}`, '--', 'pnpm', ...args]]
  console.error(`\n> pnpm ${args.join(' ')}`)
  const result = spawnSync(command, commandArgs, { stdio: 'inherit', env, cwd: root })
  if (result.error) {
    console.error(`bootstrap: cannot run ${command}: ${result.error.message}`)
    return 1
  }
  return result.status ?? 1
}

/** Every workspace package's vitest JSON reports (written by the shared preset). */
function reports() {
  const found = []
  for (const group of ['packages', 'apps', 'tooling']) {
    const base = join(root, group)
    if (!existsSync(base)) continue
    for (const name of readdirSync(base)) {
      const dir = join(base, name, 'test-results')
      if (!existsSync(dir)) continue
      for (const file of readdirSync(dir)) if (file.endsWith('.json')) found.push(join(dir, file))
    }
  }
  return found
}

const installed = pnpm(['install', '--frozen-lockfile', '--reporter=append-only'])
if (installed !== 0) process.exit(installed)

if (plan.some((step) => step.tests)) for (const file of reports()) rmSync(file, { force: true })
let failed = 0
for (const step of plan) {
  const status = pnpm(['exec', ...step.run])
  if (status !== 0) {
    failed = status
    if (!step.tests) break
  }
}

if (plan.some((step) => step.tests)) {
  const total = { passed: 0, failed: 0, skipped: 0, suites: 0 }
  for (const file of reports()) {
    const report = JSON.parse(readFileSync(file, 'utf8'))
    total.passed += report.numPassedTests
    total.failed += report.numFailedTests + (report.numFailedTestSuites ?? 0)
    total.skipped += report.numPendingTests + report.numTodoTests
    total.suites += 1
  }
  const major = process.versions.node.split('.')[0]
  console.log(
    `\nSuites run: ${total.suites} (each package on Node ${major}; the published packages again on Node 24)`,
  )
  console.log(`Tests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`)
  if (total.failed > 0 && failed === 0) failed = 1
}
process.exit(failed)
