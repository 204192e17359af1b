// The contract's multipart limits have one owner, `@jss/signer` (the package every side of the
// protocol, jss-local included, depends on); this package re-exports them for its users.
export { PART_LIMITS, type PartLimits } from '@jss/signer'
