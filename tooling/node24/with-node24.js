#!/usr/bin/env node
// with-node24 <command> [args…]: runs the command with the Node 24 binary of the `node` package first
// on PATH, so that `#!/usr/bin/env node` scripts (vitest, and the workers it forks) run on Node 24.
// It fails, never skips, when that binary is missing or is not Node 24.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, realpathSync } from 'node:fs'
import { createRequire } from 'node:module'
import { delimiter, dirname, join } from 'node:path'

const require = createRequire(import.meta.url)
const [command, ...args] = process.argv.slice(2)
if (!command) {
  console.error('usage: with-node24 <command> [args…]')
  process.exit(2)
}
let binary
try {
  binary = join(dirname(require.resolve('node/package.json')), 'bin', 'node')
} catch {
  binary = undefined
}
if (!binary || !existsSync(binary)) {
  console.error(
    'with-node24: the Node 24 binary of the `node` package is missing. Run `pnpm install` (its install script must be allowed: see onlyBuiltDependencies in pnpm-workspace.yaml).',
  )
  process.exit(1)
}
const version = spawnSync(binary, ['--version'], { encoding: 'utf8' }).stdout.trim()
if (!version.startsWith('v24.')) {
  console.error(`with-node24: expected Node 24 at ${binary}, found ${version || 'nothing'}.`)
  process.exit(1)
}
const binDir = dirname(realpathSync(binary))
console.error(`with-node24: running "${command}" on Node ${version}`)
const child = spawn(command, args, {
  stdio: 'inherit',
  env: { ...process.env, PATH: `${binDir}${delimiter}${process.env.PATH ?? ''}` },
})
child.on('error', (error) => {
  console.error(`with-node24: cannot run ${command}: ${error.message}`)
  process.exitCode = 1
})
child.on('exit', (code, signal) => {
  process.exitCode = code ?? (signal ? 1 : 0)
})
