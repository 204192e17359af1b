import { hasControls } from './terminal-text.js'

/** Quotes one argument for a POSIX shell, leaving plain words as they are. Exact for every byte. */
export function quoteArg(arg: string): string {
  if (/^[\w/.,:=@%+-]+$/.test(arg)) return arg
  return `'${arg.replaceAll("'", `'\\''`)}'`
}

/** A `printf` format that prints `arg` exactly, with no control character in it (octal escapes). */
function printfFormat(arg: string): string {
  let format = ''
  for (const c of arg) {
    if (c === '\\') format += '\\\\'
    else if (c === '%') format += '%%'
    else if (c === "'" || hasControls(c)) {
      for (const byte of Buffer.from(c, 'utf8')) format += `\\${byte.toString(8).padStart(3, '0')}`
    } else format += c
  }
  return format
}

/**
 * A command line to print for a person to paste: each word quoted with {@link quoteArg}. A word
 * holding a control character (ESC, CR, LF, …) cannot be printed as it is without acting on the
 * terminal, and POSIX sh has no escape for it inside quotes: it is built first with `printf` from
 * octal escapes into a variable (`k1=$(printf '…_'); … "${k1%_}"`, the `_` keeping a trailing line
 * feed from being stripped). The result holds no control character and gives `sh` exactly `words`.
 */
export function shellCommand(words: readonly string[]): string {
  const assignments: string[] = []
  const quoted = words.map((word) => {
    if (!hasControls(word)) return quoteArg(word)
    const name = `k${assignments.length + 1}`
    assignments.push(`${name}=$(printf '${printfFormat(word)}_')`)
    return `"\${${name}%_}"`
  })
  return [...assignments, quoted.join(' ')].join('; ')
}

/**
 * The command line to run again, quoted for a shell, without `--secret-key` and its value (the
 * secret never appears in output; it comes from JSS_SECRET_KEY or must be passed again).
 */
export function repeatCommand(argv: readonly string[]): string {
  const kept: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? ''
    if (arg === '--') {
      kept.push(...argv.slice(i))
      break
    }
    if (arg === '--secret-key') {
      i++
      continue
    }
    if (arg.startsWith('--secret-key=')) continue
    kept.push(arg)
  }
  return shellCommand(['jss-stream', ...kept])
}
