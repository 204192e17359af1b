export { canonicalizedHeaders } from './canonicalized-headers.js'
export {
  canonicalizedResource,
  type ResourceOptions,
  type ResourceParts,
  type ResourceUrl,
} from './canonicalized-resource.js'
export { checkKey, isAddressableKey } from './check-key.js'
export type { CollectedHeader, CollectedHeaders } from './collect-headers.js'
export { decodeKey } from './decode-key.js'
export { encodeKey } from './encode-key.js'
export {
  CryptoUnavailableError,
  type ErrorCause,
  InvalidArgumentError,
  InvalidCredentialsError,
  InvalidDateError,
  InvalidHeaderError,
  InvalidUrlError,
  JssSignerError,
  type JssSignerErrorCode,
} from './errors.js'
export { signString } from './hmac-sha1.js'
export { formatHttpDate, parseHttpDate } from './http-date.js'
export { computeMultipartEtag, computeS3MultipartEtag } from './multipart-etag.js'
export { type ParsedAuthorization, parseAuthorization } from './parse-authorization.js'
export { type HostParts, parseHost } from './parse-host.js'
export {
  parseRequestTarget,
  type RequestResource,
  type RequestTargetOptions,
} from './parse-request-target.js'
export { PART_LIMITS, type PartLimits } from './part-limits.js'
export { type PresignableRequest, presignUrl } from './presign-url.js'
export { type SignRequestOptions, signRequest } from './sign-request.js'
// AWS Signature Version 4 (S3 rules by default)
export { type AmzDate, formatAmzDate, parseAmzDate } from './sigv4/amz-date.js'
export { canonicalHeaders, isSignableHeader } from './sigv4/canonical-headers.js'
export { canonicalQuery } from './sigv4/canonical-query.js'
export { type CanonicalRequestParts, canonicalRequest } from './sigv4/canonical-request.js'
export { canonicalUri, type PathRules } from './sigv4/canonical-uri.js'
export { checkScopePart, credentialScope, SIGV4_ALGORITHM } from './sigv4/credential-scope.js'
export { sha256Hex } from './sigv4/hmac-sha256.js'
export {
  type ParsedAuthorizationSigV4,
  type ParsedCredential,
  parseAuthorizationSigV4,
  parseCredential,
} from './sigv4/parse-authorization-sig-v4.js'
export {
  type PayloadOptions,
  STREAMING_PAYLOAD_HASHES,
  STREAMING_UNSIGNED_PAYLOAD_TRAILER,
  UNSIGNED_PAYLOAD,
} from './sigv4/payload-hash.js'
export {
  MAX_PRESIGN_EXPIRES,
  type PresignableRequestSigV4,
  type PresignedUrlSigV4,
  presignUrlSigV4,
} from './sigv4/presign-url-sig-v4.js'
export {
  type SignedRequestSigV4,
  type SignRequestSigV4Options,
  signRequestSigV4,
} from './sigv4/sign-request-sig-v4.js'
export { deriveSigningKey } from './sigv4/signing-key.js'
export { stringToSignSigV4 } from './sigv4/string-to-sign-sig-v4.js'
export type {
  CredentialsSigV4,
  ScopeOptionsSigV4,
  SignableRequestSigV4,
  SigV4Trace,
} from './sigv4/types.js'
export { uriEncode } from './sigv4/uri-encode.js'
export {
  type VerifiableRequestSigV4,
  verifyRequestSigV4,
} from './sigv4/verify-request-sig-v4.js'
export {
  VERIFY_FAILURES_SIG_V4,
  type VerifyFailureReasonSigV4,
  type VerifyFailureSigV4,
  type VerifyOptionsSigV4,
  type VerifyResultSigV4,
  type VerifySuccessSigV4,
} from './sigv4/verify-result-sig-v4.js'
export { type StringToSignOptions, stringToSign } from './string-to-sign.js'
export {
  canonicalizedSubResources,
  checkSubResources,
  type QueryInput,
  SIGNED_SUB_RESOURCES,
  type SubResourceOrder,
} from './sub-resources.js'
export type {
  Credentials,
  HeadersInput,
  HeadersLike,
  HeaderValue,
  SignableRequest,
  UrlInput,
} from './types.js'
export { type VerifiableRequest, verifyRequest } from './verify-request.js'
export {
  VERIFY_FAILURES,
  type VerifyFailure,
  type VerifyFailureReason,
  type VerifyOptions,
  type VerifyResult,
  type VerifySuccess,
} from './verify-result.js'
