import { type ParseArgsConfig, parseArgs } from 'node:util'
import { UsageError } from './errors.js'
import { type CommandName, commandNames } from './help.js'
import { joinOptionValues } from './join-option-values.js'

type Options = NonNullable<ParseArgsConfig['options']>

const globalOptions = {
  endpoint: { type: 'string' },
  region: { type: 'string' },
  'access-key': { type: 'string' },
  'secret-key': { type: 'string' },
  'secret-key-file': { type: 'string' },
  profile: { type: 'string' },
  config: { type: 'string' },
  addressing: { type: 'string' },
  timeout: { type: 'string' },
  dialect: { type: 'string' },
  verbose: { type: 'boolean' },
  debug: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
} satisfies Options

const commandOptions = {
  put: {
    'part-size': { type: 'string' },
    concurrency: { type: 'string' },
    'memory-limit': { type: 'string' },
    size: { type: 'string' },
    'storage-class': { type: 'string' },
    sse: { type: 'boolean' },
    'content-type': { type: 'string' },
    meta: { type: 'string', multiple: true },
    resume: { type: 'string' },
    'keep-on-error': { type: 'boolean' },
    'exact-size': { type: 'boolean' },
    sha256: { type: 'boolean' },
    json: { type: 'boolean' },
    progress: { type: 'boolean' },
  },
  get: {
    range: { type: 'string' },
    concurrency: { type: 'string' },
    verify: { type: 'boolean' },
    output: { type: 'string', short: 'o' },
    json: { type: 'boolean' },
    sha256: { type: 'boolean' },
    progress: { type: 'boolean' },
  },
  stat: { json: { type: 'boolean' } },
  ls: {
    recursive: { type: 'boolean' },
    'human-readable': { type: 'boolean', short: 'h' },
    json: { type: 'boolean' },
  },
  uploads: { json: { type: 'boolean' } },
  abort: { all: { type: 'boolean' }, 'older-than': { type: 'string' } },
  mb: {},
  rb: {},
  rm: { force: { type: 'boolean', short: 'f' } },
  presign: {
    expires: { type: 'string' },
    method: { type: 'string' },
    'content-type': { type: 'string' },
  },
  config: { json: { type: 'boolean' } },
  completion: { profiles: { type: 'boolean' } },
} satisfies Record<CommandName, Options>

/** Positional arguments each command takes: [min, max]. */
const positionalCounts: Record<CommandName, readonly [number, number]> = {
  put: [1, 1],
  get: [1, 1],
  stat: [1, 1],
  ls: [0, 1],
  uploads: [1, 1],
  abort: [1, 2],
  mb: [1, 1],
  rb: [1, 1],
  rm: [1, Number.POSITIVE_INFINITY],
  presign: [1, 1],
  config: [0, 0],
  completion: [0, 1],
}

/** Option values: strings, booleans, or string lists (`--meta`). */
export type OptionValues = Record<string, string | boolean | string[] | undefined>

/** A parsed command line. */
export type CommandLine =
  | { kind: 'help'; command: CommandName | undefined; values: OptionValues }
  | { kind: 'version'; values: OptionValues }
  | { kind: 'run'; command: CommandName; values: OptionValues; positionals: string[] }

function isCommand(word: string): word is CommandName {
  return (commandNames as readonly string[]).includes(word)
}

/** Index of the command word: the first argument that is neither an option nor its value. */
function findCommand(argv: readonly string[]): number {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? ''
    if (arg === '--') return -1
    if (arg.startsWith('--')) {
      const name = arg.slice(2)
      const option = globalOptions[name as keyof typeof globalOptions]
      if (option?.type === 'string') i++
      continue
    }
    if (arg.startsWith('-') && arg !== '-') continue
    return i
  }
  return -1
}

function usageMessage(error: unknown, command: string | undefined): string {
  const code = (error as { code?: unknown }).code
  const message = error instanceof Error ? error.message : String(error)
  const quoted = /'([^']+)'/.exec(message)?.[1]
  const hint = `run jss-stream ${command === undefined ? '' : `${command} `}--help`
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && quoted) return `unknown option ${quoted}; ${hint}`
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && quoted) {
    const name = quoted.split(' ')[0]
    return message.includes('argument missing')
      ? `option ${name} needs a value; ${hint}`
      : `option ${name} takes no value; ${hint}`
  }
  return `${message.split('. ')[0]}; ${hint}`
}

/** The global options with the command's; a command's short option wins (`ls -h`: human-readable). */
function optionsOf(word: CommandName | undefined): Options {
  const own: Options = word ? commandOptions[word] : {}
  const shorts = new Set(Object.values(own).map((option) => option.short))
  const global: Options = Object.fromEntries(
    Object.entries(globalOptions).map(([name, option]) => {
      if (!('short' in option) || !shorts.has(option.short)) return [name, option]
      const { short: _short, ...rest } = option
      return [name, rest]
    }),
  )
  return { ...global, ...own }
}

/** Parses `argv` (without node and the script) into a command and its options. */
export function parseCommandLine(argv: readonly string[]): CommandLine {
  const at = findCommand(argv)
  const word = at === -1 ? undefined : argv[at]
  if (word === 'help') {
    const topic = argv[at + 1]
    return { kind: 'help', command: topic && isCommand(topic) ? topic : undefined, values: {} }
  }
  if (word !== undefined && !isCommand(word)) {
    throw new UsageError(`unknown command "${word}"; run jss-stream --help`)
  }
  const options = optionsOf(word)
  const rest = joinOptionValues(
    at === -1 ? [...argv] : [...argv.slice(0, at), ...argv.slice(at + 1)],
    options,
  )
  let parsed: { values: OptionValues; positionals: string[] }
  try {
    parsed = parseArgs({
      args: rest,
      options,
      allowPositionals: true,
      allowNegative: true,
      strict: true,
    }) as { values: OptionValues; positionals: string[] }
  } catch (error) {
    throw new UsageError(usageMessage(error, word))
  }
  const { values, positionals } = parsed
  if (values.help === true) return { kind: 'help', command: word, values }
  if (word === undefined) {
    if (values.version === true) return { kind: 'version', values }
    throw new UsageError('missing command; run jss-stream --help')
  }
  const [min, max] = positionalCounts[word]
  if (positionals.length < min) {
    throw new UsageError(`missing argument; usage: ${usageLine(word)}`)
  }
  if (positionals.length > max) {
    throw new UsageError(`unexpected argument "${positionals[max]}"; usage: ${usageLine(word)}`)
  }
  return { kind: 'run', command: word, values, positionals }
}

const usageLines: Record<CommandName, string> = {
  put: 'jss-stream put <bucket>/<key> [options] < data',
  get: 'jss-stream get <bucket>/<key> [--range A-B|-N] [-o FILE]',
  stat: 'jss-stream stat <bucket>/<key> [--json]',
  ls: 'jss-stream ls [<bucket>[/prefix]] [--recursive] [-h] [--json]',
  uploads: 'jss-stream uploads <bucket>[/prefix] [--json]',
  abort:
    'jss-stream abort <bucket>/<key> <uploadId> | abort --all [--older-than 24h] <bucket>[/prefix]',
  mb: 'jss-stream mb <bucket>',
  rb: 'jss-stream rb <bucket>',
  rm: 'jss-stream rm <bucket>/<key>... [--force]',
  presign: 'jss-stream presign <bucket>/<key> [--expires 1h] [--method GET|PUT]',
  config: 'jss-stream config [--profile NAME] [--json]',
  completion: 'jss-stream completion bash|zsh|fish',
}

/** The one-line usage of a command. */
export function usageLine(command: CommandName): string {
  return usageLines[command]
}

/** An option as shell completion offers it. */
export interface OptionSpec {
  /** The long name, without `--`. */
  name: string
  /** Whether a value follows it. */
  takesValue: boolean
}

/** Options of a parser table, as completion offers them. */
function toSpecs(options: Options): OptionSpec[] {
  return Object.entries(options).map(([name, option]) => ({
    name,
    takesValue: option.type === 'string',
  }))
}

/** The global options and each command's, from the tables the command line is parsed with. */
export function optionSpecs(): {
  global: OptionSpec[]
  commands: Record<CommandName, OptionSpec[]>
} {
  const commands = Object.fromEntries(
    commandNames.map((command) => [command, toSpecs(commandOptions[command])]),
  ) as Record<CommandName, OptionSpec[]>
  return { global: toSpecs(globalOptions), commands }
}
