import { mkdir, mkdtemp, readdir, readFile, realpath, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'

const APP_SRC = fileURLToPath(new URL('../src/', import.meta.url))
const SIGNER_SRC = dirname(fileURLToPath(import.meta.resolve('@jss/signer')))
/** The third-party runtime dependencies of jss-local, linked (not copied) into the build. */
const THIRD_PARTY = ['fast-xml-parser']

/** Transpiles the TypeScript sources under `from` (subfolders included, tests left out) to `to`. */
async function transpileDir(from: string, to: string): Promise<void> {
  await mkdir(to, { recursive: true })
  for (const entry of await readdir(from, { withFileTypes: true })) {
    const file = entry.name
    if (entry.isDirectory()) {
      await transpileDir(join(from, file), join(to, file))
      continue
    }
    if (!file.endsWith('.ts') || file.endsWith('.test.ts')) continue
    const { outputText } = ts.transpileModule(await readFile(join(from, file), 'utf8'), {
      fileName: file,
      compilerOptions: {
        module: ts.ModuleKind.ESNext,
        target: ts.ScriptTarget.ES2022,
        verbatimModuleSyntax: true,
      },
    })
    await writeFile(join(to, file.replace(/\.ts$/, '.js')), outputText)
  }
}

/**
 * Transpiles the CLI and `@jss/signer` from their current sources into a fresh temporary directory
 * (never a stale `dist/`) and returns it with the path of a launcher that runs `main()`.
 * The caller removes the directory.
 */
export async function buildCli(): Promise<{ dir: string; launcher: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'jss-local-cli-build-'))
  await writeFile(join(dir, 'package.json'), '{"type":"module"}')
  await transpileDir(APP_SRC, join(dir, 'app'))
  const signer = join(dir, 'node_modules', '@jss', 'signer')
  await transpileDir(SIGNER_SRC, signer)
  await writeFile(
    join(signer, 'package.json'),
    '{"name":"@jss/signer","type":"module","exports":"./index.js"}',
  )
  for (const name of THIRD_PARTY) {
    const installed = await realpath(
      fileURLToPath(new URL(`../node_modules/${name}`, import.meta.url)),
    )
    await symlink(installed, join(dir, 'node_modules', name), 'dir')
  }
  const launcher = join(dir, 'app', 'launch.js')
  await writeFile(launcher, "import { main } from './main.js'\nawait main()\n")
  return { dir, launcher }
}
