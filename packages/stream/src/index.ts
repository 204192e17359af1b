export { encodeKey } from '@jss/protocol'
