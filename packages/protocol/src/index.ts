export { encodeKey } from '@jss/signer'
