import type { CommandRun } from './cli-io.js'
import { abort } from './commands/abort.js'
import { completion } from './commands/completion.js'
import { config } from './commands/config.js'
import { get } from './commands/get.js'
import { ls } from './commands/ls.js'
import { mb } from './commands/mb.js'
import { presign } from './commands/presign.js'
import { put } from './commands/put.js'
import { rb } from './commands/rb.js'
import { rm } from './commands/rm.js'
import { stat } from './commands/stat.js'
import { uploads } from './commands/uploads.js'
import type { CommandName } from './help.js'

/** Each command's implementation. */
export const commands: Record<CommandName, (run: CommandRun) => Promise<void>> = {
  put,
  get,
  stat,
  ls,
  uploads,
  abort,
  mb,
  rb,
  rm,
  presign,
  config,
  completion,
}
