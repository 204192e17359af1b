/**
 * Whether a bucket name is valid: 3–63 characters of lowercase letters, digits and `-`, starting and
 * ending with a letter or digit, without `--`.
 * @example isValidBucketName('my-bucket') // true
 */
export function isValidBucketName(name: string): boolean {
  return (
    name.length >= 3 &&
    name.length <= 63 &&
    /^[a-z0-9][a-z0-9-]*[a-z0-9]$/.test(name) &&
    !name.includes('--')
  )
}
