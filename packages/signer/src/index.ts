export { encodeKey } from './encode-key.js'
