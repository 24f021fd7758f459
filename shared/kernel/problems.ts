/**
 * Failures the platform reports to callers, shaped for RFC 9457
 * (problem+json). Raised anywhere; rendered only by the HTTP layer.
 */
export interface FieldError {
  /** Dotted path of the offending field, e.g. `input.description`. */
  field: string;
  message: string;
}

export class Problem extends Error {
  constructor(
    readonly status: number,
    /** Stable slug; the rendered `type` is `/problems/<slug>`. */
    readonly slug: string,
    readonly title: string,
    readonly detail: string,
    readonly errors?: FieldError[],
    readonly headers?: Record<string, string>,
    /** RFC 9457 extension members, e.g. the rule that refused a transfer. */
    readonly extensions?: Record<string, unknown>,
  ) {
    super(detail);
    this.name = 'Problem';
  }
}

export const problems = {
  validation: (errors: FieldError[], detail = 'The request has invalid fields.') => new Problem(400, 'validation', 'Invalid request', detail, errors),
  badRequest: (slug: string, detail: string, errors?: FieldError[]) => new Problem(400, slug, 'Bad request', detail, errors),
  unauthenticated: (detail = 'A valid bearer token or API key is required.') =>
    new Problem(401, 'unauthenticated', 'Unauthenticated', detail, undefined, { 'WWW-Authenticate': 'Bearer' }),
  forbidden: (detail: string) => new Problem(403, 'forbidden', 'Forbidden', detail),
  notFound: (what: string) => new Problem(404, 'not-found', 'Not found', `${what} was not found.`),
  conflict: (slug: string, detail: string) => new Problem(409, slug, 'Conflict', detail),
  unprocessable: (slug: string, detail: string, errors?: FieldError[]) => new Problem(422, slug, 'Unprocessable request', detail, errors),
  tooLarge: (limit: number) => new Problem(413, 'payload-too-large', 'Payload too large', `The request body exceeds ${limit} bytes.`),
  unsupportedMediaType: () => new Problem(415, 'unsupported-media-type', 'Unsupported media type', 'Send the body as application/json.'),
  tooManyRequests: (retryAfterSeconds: number) =>
    new Problem(429, 'rate-limited', 'Too many requests', `Slow down; retry after ${retryAfterSeconds} s.`, undefined, { 'Retry-After': String(retryAfterSeconds) }),
};

/** Turns zod issues into field errors rooted at `prefix`. */
export function fieldErrors(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string; code?: string; keys?: string[] }>, prefix = ''): FieldError[] {
  return issues.flatMap((issue) => {
    const base = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    if (issue.code === 'unrecognized_keys' && issue.keys) {
      return issue.keys.map((k) => ({ field: [base, k].filter(Boolean).join('.'), message: 'unknown field' }));
    }
    return [{ field: base || '(body)', message: issue.message }];
  });
}
