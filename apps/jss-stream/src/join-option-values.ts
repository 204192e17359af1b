import type { ParseArgsConfig } from 'node:util'

type Options = NonNullable<ParseArgsConfig['options']>

/**
 * Joins each option that takes a value with the argument after it (`--range -500` becomes
 * `--range=-500`, `-o -` becomes `--output=-`), so that a value starting with `-` is taken as the
 * value, as aws, rclone and s5cmd do, rather than refused by `parseArgs` as ambiguous. Arguments
 * after `--` are left as they are.
 */
export function joinOptionValues(args: readonly string[], options: Options): string[] {
  const joined: string[] = []
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? ''
    if (arg === '--') return [...joined, ...args.slice(i)]
    const name = valueOptionName(arg, options)
    if (name !== undefined && i + 1 < args.length) {
      joined.push(`--${name}=${args[i + 1]}`)
      i++
    } else {
      joined.push(arg)
    }
  }
  return joined
}

/** The long name of the string option `arg` is (`--name` without `=`, or `-x`), if it is one. */
function valueOptionName(arg: string, options: Options): string | undefined {
  if (arg.startsWith('--') && !arg.includes('=')) {
    const name = arg.slice(2)
    return options[name]?.type === 'string' ? name : undefined
  }
  if (/^-[A-Za-z]$/.test(arg)) {
    const short = arg.slice(1)
    return Object.entries(options).find(([, o]) => o.short === short && o.type === 'string')?.[0]
  }
  return undefined
}
