import type { Dialect } from './dialect.js'
import { UsageError } from './errors.js'

/**
 * `--region` to a JSS endpoint. The legacy JSS hosts by JD Cloud region; unverified here (no
 * network access to JD Cloud while this was written), so `--endpoint` always wins.
 */
export const regionEndpoints: Readonly<Record<string, string>> = {
  'cn-north-1': 'https://s-bj.jcloud.com',
  'cn-east-2': 'https://s-sh.jcloud.com',
  'cn-south-1': 'https://s-gz.jcloud.com',
}

/**
 * `--region` to JD Cloud's S3-compatible endpoint (`s3.<region>.jdcloud-oss.com`, as JD Cloud's
 * OSS documentation lists them), in the S3 dialect.
 */
export const s3RegionEndpoints: Readonly<Record<string, string>> = {
  'cn-north-1': 'https://s3.cn-north-1.jdcloud-oss.com',
  'cn-east-1': 'https://s3.cn-east-1.jdcloud-oss.com',
  'cn-east-2': 'https://s3.cn-east-2.jdcloud-oss.com',
  'cn-south-1': 'https://s3.cn-south-1.jdcloud-oss.com',
}

/** The endpoint for a region in a dialect, or a UsageError listing the known regions. */
export function endpointForRegion(region: string, dialect: Dialect = 'jss'): string {
  const table = dialect === 's3' ? s3RegionEndpoints : regionEndpoints
  const endpoint = table[region]
  if (endpoint === undefined) {
    const known = Object.keys(table).join(', ')
    const where = dialect === 's3' ? "JD Cloud's S3 endpoint" : 'JSS'
    throw new UsageError(
      `unknown region "${region}" for ${where}: use one of ${known}, or pass --endpoint`,
    )
  }
  return endpoint
}
