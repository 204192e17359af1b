/** Quotes one argument for a POSIX shell, leaving plain words as they are. */
export function quoteArg(arg: string): string {
  if (/^[\w/.,:=@%+-]+$/.test(arg)) return arg
  return `'${arg.replaceAll("'", `'\\''`)}'`
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
  return ['jss-stream', ...kept].map(quoteArg).join(' ')
}
