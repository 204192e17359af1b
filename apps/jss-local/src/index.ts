export type { Counters } from './counters.js'
export { JssLocalError, type JssLocalErrorCode, JssLocalOptionError } from './errors.js'
export { type FaultRule, type FaultSpec, parseFaultSpec } from './fault-spec.js'
export {
  DEFAULT_CREDENTIALS,
  type JssLocal,
  type JssLocalCredentials,
  type JssLocalOptions,
} from './jss-local-options.js'
export { main } from './main.js'
export { multipartEtag } from './multipart-handlers.js'
export { OPERATIONS, type Operation } from './operations.js'
export { parseDuration, parseSize } from './parse-size.js'
export { startJssLocal } from './start-jss-local.js'
