import { JssLocalOptionError } from './errors.js'

/**
 * The S3 dialect's region: `value`, or `us-east-1` when `undefined`; 1 to 64 letters, digits and
 * `-` (a credential-scope part), else `JssLocalOptionError`.
 * @example checkRegion('cn-north-1') // 'cn-north-1'
 */
export function checkRegion(value: unknown): string {
  const region = value ?? 'us-east-1'
  if (typeof region !== 'string' || !/^[A-Za-z0-9-]{1,64}$/.test(region)) {
    throw new JssLocalOptionError(
      `region must be 1 to 64 letters, digits or "-", got ${JSON.stringify(region)}`,
    )
  }
  return region
}
