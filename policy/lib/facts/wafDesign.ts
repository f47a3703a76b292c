/**
 * What the program's web ACL declares, shared by the stack config (config/security.ts), the
 * component (components/security/wafRules.ts) and the pack (waf-rules-enforced, waf-logging,
 * whose properties restating the stack config are checked by the engine: policy/stack-config.json).
 */

/** Requests per client IP per five minutes before WAF blocks it (`expertconnect:security.wafRateLimit`). */
export const DEFAULT_WAF_RATE_LIMIT = 2000;

/** The window the program's rate limit is stated over, in seconds. */
export const WAF_RATE_WINDOW_SEC = 300;

/**
 * The evaluation windows AWS WAF accepts for a rate-based rule (`EvaluationWindowSec`: 60, 120,
 * 300 or 600 s; WAF API Reference, RateBasedStatement). The rule's `Limit` counts per window, so
 * 2000 per 60 s lets 10,000 requests through in five minutes.
 */
export const WAF_RATE_WINDOWS_SEC = [60, 120, 300, 600] as const;

/**
 * URI path prefixes where the common rule set's body-size rule only counts
 * (`expertconnect:security.wafLargeBodyPaths`): the API's uploads and JSON, Django admin's file fields.
 */
export const DEFAULT_WAF_LARGE_BODY_PATHS: readonly string[] = ["/api/", "/admin/"];

/**
 * Request headers WAF logs never record: bearer tokens and session cookies. WAF logs every
 * header of every request unless the logging configuration redacts it (`redactedFields`).
 */
export const WAF_REDACTED_HEADERS = ["authorization", "cookie"] as const;
