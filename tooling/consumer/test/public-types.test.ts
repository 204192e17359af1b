import { dirname, join, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..')
const librariesDir = join(root, 'packages') + sep

/**
 * The names of the types that the public API of `entry` (a built `index.d.ts`) names but that the
 * entry does not export, each with where it is used. Walks the declarations of every export and of
 * every type of the same package they name, transitively. A type counts when it is declared in one
 * of the workspace's libraries: its own, or another one's (e.g. `Credentials` of `@jss/signer` in
 * `@jss/protocol`'s options: a consumer need not depend on that other package). The walk does not
 * enter another library's declarations (that library's own check covers them), nor Node's, undici's
 * or the language's.
 */
function unexportedTypes(entry: string): Map<string, string> {
  const packageDir = dirname(dirname(entry)) + sep
  const program = ts.createProgram([entry], {
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: ['node'],
  })
  const checker = program.getTypeChecker()
  const source = program.getSourceFile(entry)
  const moduleSymbol = source && checker.getSymbolAtLocation(source)
  if (!moduleSymbol) throw new Error(`${entry} is not a module`)
  const real = (symbol: ts.Symbol): ts.Symbol =>
    symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol
  const exports = checker.getExportsOfModule(moduleSymbol).map(real)
  const exported = new Set(exports)
  const missing = new Map<string, string>()
  const seen = new Set<ts.Symbol>(exports)
  const queue = exports.map((symbol) => ({ symbol, from: symbol.getName() }))
  const inLibraries = (declaration: ts.Declaration): boolean =>
    declaration.getSourceFile().fileName.startsWith(librariesDir)
  const inPackage = (declaration: ts.Declaration): boolean =>
    declaration.getSourceFile().fileName.startsWith(packageDir)
  const note = (name: ts.Node, from: string): void => {
    const found = checker.getSymbolAtLocation(name)
    if (!found) return
    const symbol = real(found)
    if (symbol.flags & ts.SymbolFlags.TypeParameter) return
    const declarations = symbol.declarations ?? []
    if (!declarations.some(inLibraries)) return
    if (!exported.has(symbol) && !missing.has(symbol.getName())) missing.set(symbol.getName(), from)
    if (!seen.has(symbol) && declarations.some(inPackage)) {
      seen.add(symbol)
      queue.push({ symbol, from: `${from} → ${symbol.getName()}` })
    }
  }
  for (let item = queue.shift(); item; item = queue.shift()) {
    const { symbol, from } = item
    const visit = (node: ts.Node): void => {
      if (ts.isTypeReferenceNode(node)) note(node.typeName, from)
      else if (ts.isExpressionWithTypeArguments(node)) note(node.expression, from)
      else if (ts.isTypeQueryNode(node)) note(node.exprName, from)
      else if (ts.isImportTypeNode(node) && node.qualifier) note(node.qualifier, from)
      ts.forEachChild(node, visit)
    }
    for (const declaration of symbol.declarations ?? []) {
      if (inPackage(declaration)) visit(declaration)
    }
  }
  return missing
}

describe('every type a public signature uses is exported from the package entry', () => {
  for (const name of ['signer', 'protocol', 'stream']) {
    it(`@jss/${name}`, () => {
      const missing = unexportedTypes(join(root, 'packages', name, 'dist', 'index.d.ts'))
      expect(Object.fromEntries(missing)).toEqual({})
    })
  }
})
