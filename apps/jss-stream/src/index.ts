export type { CliIo, CommandRun } from './cli-io.js'
export { main } from './main.js'
export { run } from './run.js'
