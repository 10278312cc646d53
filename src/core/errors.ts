/**
 * The fixed table of error codes and the HTTP status each maps to. Every error a client sees carries
 * one of these codes, in the body `{"error":{"code":"...","message":"..."}}`.
 */
export const ERROR_STATUS = {
  bad_request: 400,
  invalid_json: 400,
  invalid_message: 400,
  // 400, not 413: Segment's Tracking API answers an over-size message or batch with 400 Bad Request,
  // and its SDKs treat the two differently, so parity keeps them behaving as they do against Segment.
  payload_too_large: 400,
  unsupported_encoding: 400,
  unsupported_media_type: 415,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  // A message template whose Liquid or MJML is wrong: each fault in the details, at its field, line and column.
  invalid_template: 422,
  too_many_requests: 429,
  internal: 500,
  not_implemented: 501,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** An expected failure with a code from the table; anything else becomes a logged 500. */
export class AppError extends Error {
  override name = 'AppError';
  readonly code: ErrorCode;
  readonly details: unknown;
  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.code = code;
    this.details = details;
  }
  get status(): number {
    return ERROR_STATUS[this.code];
  }
}
