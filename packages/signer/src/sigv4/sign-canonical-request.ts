import type { AmzDate } from './amz-date.js'
import { type CanonicalRequestParts, canonicalRequest } from './canonical-request.js'
import { credentialScope } from './credential-scope.js'
import { subtle, toBytes, toHex } from './hmac-sha256.js'
import { importSigningKey } from './signing-key.js'
import { stringToSignSigV4 } from './string-to-sign-sig-v4.js'
import type { SigV4Trace } from './types.js'

/** Where and when a canonical request is signed. */
export interface SigningScope {
  readonly date: AmzDate
  readonly region: string
  readonly service: string
}

/** Joins the canonical request, builds the StringToSign and signs it: every intermediate string. */
export async function signCanonicalRequest(
  parts: CanonicalRequestParts,
  secretKey: string,
  scope: SigningScope,
): Promise<SigV4Trace> {
  const creq = canonicalRequest(parts)
  const credential = credentialScope(scope.date.short, scope.region, scope.service)
  const toSign = await stringToSignSigV4(scope.date.long, credential, creq)
  const key = await importSigningKey(secretKey, scope.date.short, scope.region, scope.service)
  const mac = await subtle().sign('HMAC', key, toBytes(toSign))
  return {
    canonicalRequest: creq,
    stringToSign: toSign,
    signature: toHex(new Uint8Array(mac)),
    signedHeaders: parts.signedHeaders,
    credentialScope: credential,
  }
}
