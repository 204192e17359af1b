import { checkScopePart } from '@jss/signer'
import { JssLocalOptionError } from './errors.js'

/**
 * The S3 dialect's region: `value`, or `us-east-1` when `undefined`; what a credential-scope part
 * may be (`@jss/signer`'s `checkScopePart`, the one rule the signer and the client follow too) and
 * at most 64 characters, else `JssLocalOptionError`.
 * @example checkRegion('cn-north-1') // 'cn-north-1'
 */
export function checkRegion(value: unknown): string {
  const region = value ?? 'us-east-1'
  let valid = typeof region === 'string' && region.length <= 64
  try {
    checkScopePart(region, 'region')
  } catch {
    valid = false
  }
  if (!valid) {
    throw new JssLocalOptionError(
      `region must be 1 to 64 letters, digits, "-", "_" or ".", got ${JSON.stringify(region)}`,
    )
  }
  return region as string
}
