/**
 * A secret as `jss-stream config` shows it: `****` and its last 4 characters, or only `****` when
 * it is shorter than 8 characters (showing 4 would give most of it away).
 * @example maskSecret('wJalrXUtnFEMIK7MDENG') // '****DENG'
 */
export function maskSecret(secret: string): string {
  return secret.length < 8 ? '****' : `****${secret.slice(-4)}`
}
