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

/** The endpoint for a region, or a UsageError listing the known regions. */
export function endpointForRegion(region: string): string {
  const endpoint = regionEndpoints[region]
  if (endpoint === undefined) {
    const known = Object.keys(regionEndpoints).join(', ')
    throw new UsageError(`unknown region "${region}": use one of ${known}, or pass --endpoint`)
  }
  return endpoint
}
