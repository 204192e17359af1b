import type { CommandRun } from '../cli-io.js'
import { type OptionSpec, optionSpecs } from '../command-line.js'
import type { Env } from '../config.js'
import { findConfigFile, parseConfigFile, profileNames, readTextFile } from '../config-file.js'
import { UsageError } from '../errors.js'
import { type CommandName, commandNames } from '../help.js'
import { regionEndpoints } from '../region.js'
import { writeOut } from '../write-out.js'

/** The shells `completion` writes a script for. */
export const completionShells = ['bash', 'zsh', 'fish'] as const
/** One of {@link completionShells}. */
export type CompletionShell = (typeof completionShells)[number]

/** The option whose values are profile names, completed with `jss-stream completion --profiles`. */
const profileOption = 'profile'

/** The words a command position completes to: the commands, and `help`. */
const commandWords = [...commandNames, 'help']

/** What the scripts are made of, from the command line's own option tables. */
interface CompletionModel {
  commands: readonly string[]
  global: string[]
  /** Options followed by a value (their value is not an option or a command). */
  valued: string[]
  byCommand: [CommandName, string[]][]
  regions: string[]
}

/** Option names with `--`. */
function flags(specs: readonly OptionSpec[]): string[] {
  return specs.map((spec) => `--${spec.name}`)
}

/** The commands, options and values the scripts complete. */
function buildModel(): CompletionModel {
  const specs = optionSpecs()
  const all = [...specs.global, ...Object.values(specs.commands).flat()]
  const valued = new Set(flags(all.filter((spec) => spec.takesValue)))
  valued.add(`--${profileOption}`)
  return {
    commands: commandWords,
    global: flags(specs.global),
    valued: [...valued],
    byCommand: commandNames.map((command) => [command, flags(specs.commands[command])]),
    regions: Object.keys(regionEndpoints),
  }
}

/** The bash script: `_jss_stream`, registered with `complete` (file names where nothing fits). */
function bashScript(m: CompletionModel): string {
  const cases = m.byCommand.map(
    ([command, options]) => `    ${command}) options="${options.join(' ')}" ;;`,
  )
  return `# bash completion for jss-stream: source <(jss-stream completion bash)
_jss_stream() {
  local cur=\${COMP_WORDS[COMP_CWORD]} prev=\${COMP_WORDS[COMP_CWORD-1]} command= options= i
  for ((i = 1; i < COMP_CWORD; i++)); do
    case \${COMP_WORDS[i]} in
      ${m.valued.join('|')}) ((i++)) ;;
      -*) ;;
      *) command=\${COMP_WORDS[i]}; break ;;
    esac
  done
  case $prev in
    --${profileOption}) COMPREPLY=($(compgen -W "$(jss-stream completion --profiles 2>/dev/null)" -- "$cur")); return ;;
    --region) COMPREPLY=($(compgen -W "${m.regions.join(' ')}" -- "$cur")); return ;;
    ${m.valued.join('|')}) COMPREPLY=(); return ;;
  esac
  if [[ $cur != -* ]]; then
    case $command in
      ''|help) COMPREPLY=($(compgen -W "${m.commands.join(' ')}" -- "$cur")); return ;;
      completion) COMPREPLY=($(compgen -W "${completionShells.join(' ')}" -- "$cur")); return ;;
    esac
  fi
  case $command in
${cases.join('\n')}
  esac
  COMPREPLY=($(compgen -W "${m.global.join(' ')} $options" -- "$cur"))
}
complete -o default -F _jss_stream jss-stream
`
}

/** The zsh script: a `#compdef` function for a directory of `fpath`, or `compdef` when sourced. */
function zshScript(m: CompletionModel): string {
  const cases = m.byCommand.map(
    ([command, options]) => `    (${command}) options=(${options.join(' ')}) ;;`,
  )
  return `#compdef jss-stream
# zsh completion for jss-stream: jss-stream completion zsh > ~/.zfunc/_jss-stream (~/.zfunc in fpath)
_jss_stream() {
  local command= i
  local -a options
  for ((i = 2; i < CURRENT; i++)); do
    case \${words[i]} in
      (${m.valued.join('|')}) ((i++)) ;;
      (-*) ;;
      (*) command=\${words[i]}; break ;;
    esac
  done
  case \${words[CURRENT-1]} in
    (--${profileOption}) compadd -- \${(f)"$(jss-stream completion --profiles 2>/dev/null)"}; return ;;
    (--region) compadd -- ${m.regions.join(' ')}; return ;;
    (${m.valued.join('|')}) _files; return ;;
  esac
  if [[ $PREFIX != -* ]]; then
    case $command in
      (''|help) compadd -- ${m.commands.join(' ')}; return ;;
      (completion) compadd -- ${completionShells.join(' ')}; return ;;
    esac
  fi
  case $command in
${cases.join('\n')}
  esac
  compadd -- ${m.global.join(' ')} $options
}
if [[ \${funcstack[1]} == _jss-stream ]]; then _jss_stream "$@"; else compdef _jss_stream jss-stream; fi
`
}

/** One fish `complete` line per option of `options`, under `condition` when given. */
function fishOptions(
  options: readonly string[],
  valued: ReadonlySet<string>,
  condition?: string,
): string[] {
  const when = condition === undefined ? '' : ` -n '${condition}'`
  return options.map(
    (option) =>
      `complete -c jss-stream${when} -l ${option.slice(2)}${valued.has(option) ? ' -r' : ''}`,
  )
}

/** The fish script: `complete` lines, for `~/.config/fish/completions/jss-stream.fish`. */
function fishScript(m: CompletionModel): string {
  const valued = new Set(m.valued)
  const lines = [
    '# fish completion for jss-stream: jss-stream completion fish > ~/.config/fish/completions/jss-stream.fish',
    'complete -c jss-stream -f',
    `complete -c jss-stream -n __fish_use_subcommand -a '${m.commands.join(' ')}'`,
    `complete -c jss-stream -n '__fish_seen_subcommand_from help' -a '${commandNames.join(' ')}'`,
    `complete -c jss-stream -n '__fish_seen_subcommand_from completion' -a '${completionShells.join(' ')}'`,
    `complete -c jss-stream -l ${profileOption} -x -a '(jss-stream completion --profiles 2>/dev/null)'`,
    `complete -c jss-stream -l region -x -a '${m.regions.join(' ')}'`,
    ...fishOptions(
      m.global.filter((option) => option !== `--${profileOption}` && option !== '--region'),
      valued,
    ),
    ...m.byCommand.flatMap(([command, options]) =>
      fishOptions(options, valued, `__fish_seen_subcommand_from ${command}`),
    ),
  ]
  return `${lines.join('\n')}\n`
}

/** The completion script for `shell`. */
export function completionScript(shell: CompletionShell): string {
  const model = buildModel()
  if (shell === 'bash') return bashScript(model)
  if (shell === 'zsh') return zshScript(model)
  return fishScript(model)
}

/**
 * The profile names `--profile` completes to: those of the config file (`--config`,
 * `JSS_CONFIG_FILE`, or the default path) when there is one and it parses; otherwise none (a
 * completion never prints an error).
 */
export function listProfiles(configFlag: string | undefined, env: Env): string[] {
  try {
    const { path } = findConfigFile(configFlag, env)
    const file = path === undefined ? undefined : readTextFile(path)
    return path === undefined || file === undefined
      ? []
      : profileNames(parseConfigFile(path, file.text))
  } catch {
    return []
  }
}

function isShell(word: string): word is CompletionShell {
  return (completionShells as readonly string[]).includes(word)
}

/** `completion bash|zsh|fish`: prints the completion script; `completion --profiles`: the profiles. */
export async function completion(run: CommandRun): Promise<void> {
  const { io } = run
  if (run.values.profiles === true) {
    const config = run.values.config
    const names = listProfiles(typeof config === 'string' ? config : undefined, io.env)
    if (names.length > 0) await writeOut(io.stdout, `${names.join('\n')}\n`)
    return
  }
  const shell = run.positionals[0]
  if (shell === undefined)
    throw new UsageError('missing shell; usage: jss-stream completion bash|zsh|fish')
  if (!isShell(shell)) {
    throw new UsageError(`unknown shell "${shell}": use bash, zsh or fish`)
  }
  await writeOut(io.stdout, completionScript(shell))
}
