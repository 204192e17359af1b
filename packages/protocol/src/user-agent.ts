import { PACKAGE_NAME, VERSION } from './version.js'

/** `@jss/protocol/<version>`: the package and version, sent in every `User-Agent`. */
export const USER_AGENT: string = `${PACKAGE_NAME}/${VERSION}`
