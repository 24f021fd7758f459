/**
 * Failures the platform reports to callers, shaped for RFC 9457
 * (problem+json). Every `type` slug is catalogued once with its status, a
 * bilingual title and what it means: the platform's here, the ledger's,
 * capabilities' and kinds' in their own folders with `defineProblems`. The
 * factories take only catalogued slugs, so an uncatalogued type cannot be
 * raised; the README lists the merged catalogue.
 */
import { inLanguage, type Label, label } from './labels.ts';

export interface FieldError {
  /** Dotted path of the offending field, e.g. `input.description`. */
  field: string;
  message: string;
  /** The field in words (its schema's title), when the schema that refused it is known. */
  label?: Label;
  /** The message in Chinese, when there is one (the platform's wording of a schema rule). */
  messageZh?: string;
}

export interface ProblemType {
  status: number;
  title: Label;
  /** One sentence for the catalogue: when a caller sees this. */
  meaning: string;
}

export type ProblemCatalogue = Record<string, ProblemType>;

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
    /** The catalogue's title in both languages, and the detail in Chinese where it was given one. */
    readonly words?: { title: Label; detailZh?: string },
  ) {
    super(detail);
    this.name = 'Problem';
  }
}

export function defineProblems<const C extends ProblemCatalogue>(catalogue: C): C {
  return catalogue;
}

export interface ProblemOptions {
  errors?: FieldError[];
  headers?: Record<string, string>;
  extensions?: Record<string, unknown>;
  /** A fixed contract may answer a catalogued type with another status (the NCMS quote: 422 for any bad input). */
  status?: number;
}

/** A detail in English, or in both languages (`label(zh, en)`): a caller asking for Chinese gets the Chinese. */
export type Detail = string | Label;

/** A factory raising only the slugs of one catalogue. */
export function problemFactory<C extends ProblemCatalogue>(catalogue: C) {
  return (slug: keyof C & string, detail: Detail, opts: ProblemOptions = {}): Problem => {
    const type = catalogue[slug]!;
    const [en, zh] = typeof detail === 'string' ? [detail, undefined] : [detail.en, detail.zh];
    return new Problem(opts.status ?? type.status, slug, type.title.en, en, opts.errors, opts.headers, opts.extensions, { title: type.title, detailZh: zh });
  };
}

export const PLATFORM_PROBLEMS = defineProblems({
  validation: {
    status: 400,
    title: label('请求有误', 'Invalid request'),
    meaning: 'Fields are missing or invalid; `errors` names each one by its dotted path.',
  },
  'malformed-json': { status: 400, title: label('请求体不是合法 JSON', 'Bad request'), meaning: 'The body is not well-formed JSON.' },
  'too-deep': { status: 400, title: label('嵌套层次过深', 'Bad request'), meaning: 'The JSON body nests deeper than the platform accepts.' },
  'invalid-idempotency-key': {
    status: 400,
    title: label('幂等键无效', 'Bad request'),
    meaning: 'The Idempotency-Key header is not 8–128 letters, digits, ".", ":", "_" or "-".',
  },
  unauthenticated: {
    status: 401,
    title: label('未登录或凭据无效', 'Unauthenticated'),
    meaning: 'No credentials, or a token or API key that is invalid, expired, revoked or names an unknown tenant.',
  },
  forbidden: { status: 403, title: label('无权操作', 'Forbidden'), meaning: 'The caller is known but lacks a role (or scope) this needs.' },
  'not-found': {
    status: 404,
    title: label('未找到', 'Not found'),
    meaning: 'No such resource for this tenant — also what another tenant’s resource looks like.',
  },
  'invalid-transition': { status: 409, title: label('当前状态不可办理', 'Conflict'), meaning: 'The action is not possible from the case’s current state.' },
  'version-conflict': {
    status: 409,
    title: label('数据已被他人修改', 'Conflict'),
    meaning: 'Someone changed the record since the version the caller read; reload and retry.',
  },
  busy: { status: 409, title: label('系统繁忙', 'Conflict'), meaning: 'Too many simultaneous changes to the same records; the request may be retried.' },
  'tenant-exists': { status: 409, title: label('租户已存在', 'Conflict'), meaning: 'A tenant with this id already exists.' },
  'settlement-running': { status: 409, title: label('日终结算正在运行', 'Conflict'), meaning: 'A settlement run of this business date is already running.' },
  'payload-too-large': { status: 413, title: label('请求体过大', 'Payload too large'), meaning: 'The body exceeds the size limit.' },
  'unsupported-media-type': {
    status: 415,
    title: label('请求体须为 JSON', 'Unsupported media type'),
    meaning: 'A body was sent that is not application/json.',
  },
  'transition-refused': {
    status: 422,
    title: label('业务规则不允许', 'Unprocessable request'),
    meaning: 'A case type’s rule refused the action (the detail says which).',
  },
  'invalid-settlement': {
    status: 422,
    title: label('结算数据有误', 'Unprocessable request'),
    meaning: 'A step produced money the ledger cannot post; nothing was written.',
  },
  'idempotency-key-reused': {
    status: 422,
    title: label('幂等键已用于其他请求', 'Unprocessable request'),
    meaning: 'The Idempotency-Key was already used with a different request.',
  },
  'too-many-writes': {
    status: 422,
    title: label('一次修改的记录过多', 'Unprocessable request'),
    meaning: 'The request would change more records than one transaction holds (100); send it in parts.',
  },
  'invalid-csv': { status: 422, title: label('CSV 文件有误', 'Unprocessable request'), meaning: 'An import’s file is not CSV or lacks the expected header.' },
  'rate-limited': { status: 429, title: label('请求过于频繁', 'Too many requests'), meaning: 'Slow down; Retry-After says when to try again.' },
  'http-error': { status: 400, title: label('请求失败', 'Request failed'), meaning: 'The HTTP layer refused the request before it reached the platform.' },
  internal: { status: 500, title: label('系统内部错误', 'Internal error'), meaning: 'A fault on our side; the request id identifies it in the logs.' },
});

/** Raises one of the platform's catalogued problem types. */
export const problem = problemFactory(PLATFORM_PROBLEMS);

/** The platform's common problems, with their usual wording. */
export const problems = {
  validation: (errors: FieldError[], detail: Detail = label('请求中有字段缺失或有误。', 'The request has invalid fields.')) =>
    problem('validation', detail, { errors }),
  badRequest: (slug: 'malformed-json' | 'too-deep' | 'invalid-idempotency-key', detail: Detail) => problem(slug, detail),
  unauthenticated: (detail: Detail = label('需要有效的访问令牌或 API 密钥。', 'A valid bearer token or API key is required.')) =>
    problem('unauthenticated', detail, { headers: { 'WWW-Authenticate': 'Bearer' } }),
  forbidden: (detail: Detail) => problem('forbidden', detail),
  notFound: (what: string) => problem('not-found', label('未找到该记录，或您无权查看。', `${what} was not found.`)),
  tooLarge: (limit: number) => problem('payload-too-large', label(`请求体超过 ${limit} 字节。`, `The request body exceeds ${limit} bytes.`)),
  unsupportedMediaType: () => problem('unsupported-media-type', label('请以 application/json 发送请求体。', 'Send the body as application/json.')),
  tooManyRequests: (retryAfterSeconds: number) =>
    problem('rate-limited', label(`请求过于频繁，请 ${retryAfterSeconds} 秒后再试。`, `Slow down; retry after ${retryAfterSeconds} s.`), {
      headers: { 'Retry-After': String(retryAfterSeconds) },
    }),
};

/** Turns zod issues into field errors rooted at `prefix`. */
export function fieldErrors(issues: ReadonlyArray<Issue>, prefix = '', titleAt?: (path: ReadonlyArray<PropertyKey>) => Label | undefined): FieldError[] {
  return issues.flatMap((issue): FieldError[] => {
    const base = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    if (issue.code === 'unrecognized_keys' && issue.keys) {
      return issue.keys.map((k) => ({ field: [base, k].filter(Boolean).join('.'), message: 'unknown field', messageZh: '无此字段' }));
    }
    const title = titleAt?.(issue.path);
    return [{ field: base || '(body)', ...wordsOf(issue), ...(title ? { label: title } : {}) }];
  });
}

/** What a schema library reports of one refused value (zod's issue shape). */
export interface Issue {
  path: ReadonlyArray<PropertyKey>;
  message: string;
  code?: string;
  keys?: string[];
  expected?: string;
  origin?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  format?: string;
}

const KIND_ZH: Record<string, string> = { string: '文字', number: '数字', int: '整数', boolean: '是或否', array: '列表', object: '一组字段', date: '日期' };

/** zod's own wording of a rule, as opposed to a message the schema's author wrote. */
const LIBRARY_WORDING = /^(Invalid|Too (small|big)|Unrecognized)/;

/**
 * A refused value's message in English and, where there is one, Chinese. A
 * schema's author may word a rule in both languages (`应为18位身份证号
 * an 18-character identity number`), as titles are; a rule the platform
 * can say from its shape alone (required, too short) is said in Chinese by
 * the platform; any other rule keeps its author's wording.
 */
function wordsOf(issue: Issue): { message: string; messageZh?: string } {
  const zh = inLanguage(issue.message, 'zh');
  if (zh !== issue.message) return { message: inLanguage(issue.message, 'en'), messageZh: zh };
  const general = zhOf(issue);
  const specific = !LIBRARY_WORDING.test(issue.message) && (issue.code === 'invalid_format' || issue.code === 'custom');
  return specific ? { message: issue.message } : { message: issue.message, ...general };
}

/** A length or size limit in Chinese: characters of text, items of a list, or the value itself. */
function bound(origin: string | undefined, count: string, value: string, limit: number | bigint | undefined): string {
  const n = String(limit ?? '');
  return origin === 'string' ? `${count} ${n} 个字` : origin === 'array' ? `${count} ${n} 项` : `${value} ${n}`;
}

/** The platform's Chinese for a schema rule, from its shape. */
function zhOf(issue: Issue): { messageZh?: string } {
  switch (issue.code) {
    case 'invalid_type':
      return { messageZh: /received undefined/.test(issue.message) ? '必填' : `应为${KIND_ZH[issue.expected ?? ''] ?? '其他类型'}` };
    case 'too_small':
      return { messageZh: bound(issue.origin, '至少', '不能小于', issue.minimum) };
    case 'too_big':
      return { messageZh: bound(issue.origin, '最多', '不能大于', issue.maximum) };
    case 'invalid_format':
      return { messageZh: issue.format === 'date' ? '日期格式应为 年-月-日（如 2026-11-27）' : '格式不正确' };
    case 'invalid_value':
      return { messageZh: '不在可选范围内' };
    case 'invalid_union':
      return { messageZh: '填写有误' };
    default:
      return {};
  }
}
