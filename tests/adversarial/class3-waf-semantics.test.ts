/**
 * Class 3: the web ACL judged by what its rules do to real requests, not by their presence. A
 * block default refuses every user; a rate limit's count is per its evaluation window (2000 per
 * 60 s is 10,000 per 5 minutes); the site-wide limit counts every request per client address
 * (not all clients on one counter, not only the requests a scope-down on Host, a header, a
 * label or the path selects); the program's managed groups inspect every request (a scope-down
 * or exclusion on a value the client writes is a bypass switch); a counted managed rule is
 * re-armed only by its exact, case-sensitive label, exempting no more than the configured
 * large-body paths; and WAF logs redact the credential headers.
 */
import { Case, edit, named, suite } from "./support";

const ACL = "aws:wafv2/webAcl:WebAcl";
const LOGGING = "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration";
const none = [{ priority: 0, type: "NONE" }];
const vis = (metricName: string) => ({ cloudwatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true });
const header = (name: string, searchString: string, positionalConstraint = "EXACTLY") => ({ byteMatchStatement: { fieldToMatch: { singleHeader: { name } }, positionalConstraint, searchString, textTransformations: none } });
const path = (searchString: string, positionalConstraint = "STARTS_WITH") => ({ byteMatchStatement: { fieldToMatch: { uriPath: {} }, positionalConstraint, searchString, textTransformations: none } });
const rules = (change: (rules: any[], acl: any) => void) => edit(ACL, p => { change(p.rules, p); }, named("waf"));
const find = (rs: any[], name: string) => rs.find(r => r.name === name);
const rate = (change: (statement: any) => void) => rules(rs => change(find(rs, "rate-limit-per-ip").statement.rateBasedStatement));
const group = (name: string, change: (statement: any) => void) => rules(rs => change(find(rs, name).statement.managedRuleGroupStatement));
const bodySize = (change: (statements: any[]) => void) => rules(rs => change(find(rs, "body-size-outside-large-body-paths").statement.andStatement.statements));
const redacted = (fields: object[]) => edit(LOGGING, p => { p.redactedFields = fields; });

const violations: Case[] = [
    // Default action
    { name: "default action block with rules that all block: every user gets 403", change: rules((_, acl) => { acl.defaultAction = { block: {} }; }) },
    { name: "dr: default action block", stack: "dr", change: rules((_, acl) => { acl.defaultAction = { block: {} }; }) },
    { name: "default action block with an allow rule for GET only: logins and API writes get 403",
      change: rules((rs, acl) => { acl.defaultAction = { block: {} }; rs.push({ name: "allow-get", priority: 20, action: { allow: {} }, statement: { byteMatchStatement: { fieldToMatch: { method: {} }, positionalConstraint: "EXACTLY", searchString: "GET", textTransformations: none } }, visibilityConfig: vis("allow-get") }); }) },
    // Rate window and aggregation
    { name: "rate window cut to 60 s with the same 2000 limit (10,000 per 5 minutes)", change: rate(s => { s.evaluationWindowSec = 60; }) },
    { name: "rate window 120 s at 1000 (2,500 per 5 minutes)", change: rate(s => { s.evaluationWindowSec = 120; s.limit = 1000; }) },
    { name: "rate window 600 s at 4000 (4,000 in any 5 minutes)", change: rate(s => { s.evaluationWindowSec = 600; s.limit = 4000; }) },
    { name: "rate limit counted across all clients (CONSTANT)", change: rate(s => { s.aggregateKeyType = "CONSTANT"; }) },
    { name: "rate limit keyed on the method alone (one counter per method for everyone)", change: rate(s => { s.aggregateKeyType = "CUSTOM_KEYS"; s.customKeys = [{ httpMethod: {} }]; }) },
    { name: "a CONSTANT 'global circuit breaker' beside the per-IP limit: one flood locks everyone out",
      change: rules(rs => { rs.push({ name: "global", priority: 20, action: { block: {} }, statement: { rateBasedStatement: { limit: 100000, aggregateKeyType: "CONSTANT", evaluationWindowSec: 300 } }, visibilityConfig: vis("global") }); }) },
    // Scope-downs on what the client writes
    { name: "rate limit narrowed to Host = app.expertconnect.example", change: rate(s => { s.scopeDownStatement = { byteMatchStatement: { fieldToMatch: { singleHeader: { name: "host" } }, positionalConstraint: "EXACTLY", searchString: "app.expertconnect.example", textTransformations: [{ priority: 0, type: "LOWERCASE" }] } }; }) },
    { name: "rate limit exempts the mobile app's user agent", change: rate(s => { s.scopeDownStatement = { notStatement: { statement: header("user-agent", "ExpertConnect-Mobile", "CONTAINS") } }; }) },
    { name: "rate limit counts only requests carrying a session cookie", change: rate(s => { s.scopeDownStatement = { byteMatchStatement: { fieldToMatch: { cookies: { matchPattern: { includedCookies: ["sessionid"] }, matchScope: "KEY", oversizeHandling: "MATCH" } }, positionalConstraint: "CONTAINS", searchString: "sessionid", textTransformations: none } }; }) },
    { name: "rate limit scoped to a label no earlier rule adds", change: rate(s => { s.scopeDownStatement = { labelMatchStatement: { scope: "LABEL", key: "awswaf:managed:token:absent" } }; }) },
    { name: "site-wide rate limit scoped to /api/ (frontend floods never counted)", change: rate(s => { s.scopeDownStatement = path("/api/"); }) },
    { name: "SQL-injection group skipped when the request carries X-Scanner", change: group("AWSManagedRulesSQLiRuleSet", g => { g.scopeDownStatement = { notStatement: { statement: header("x-scanner", "expertconnect-qa") } }; }) },
    { name: "common rule set inspects only requests whose query string is non-empty", change: group("AWSManagedRulesCommonRuleSet", g => { g.scopeDownStatement = { sizeConstraintStatement: { fieldToMatch: { queryString: {} }, comparisonOperator: "GT", size: 0, textTransformations: none } }; }) },
    { name: "known-bad-inputs group skipped for a debug query argument", change: group("AWSManagedRulesKnownBadInputsRuleSet", g => { g.scopeDownStatement = { notStatement: { statement: { byteMatchStatement: { fieldToMatch: { singleQueryArgument: { name: "debug" } }, positionalConstraint: "EXACTLY", searchString: "1", textTransformations: none } } } }; }) },
    { name: "SQL-injection group skips /static/", change: group("AWSManagedRulesSQLiRuleSet", g => { g.scopeDownStatement = { notStatement: { statement: path("/static/") } }; }) },
    // Labels and the large-body exemption
    { name: "large-body exemption widened to the prefix /", change: bodySize(st => { st[1].notStatement.statement = path("/"); }) },
    { name: "large-body exemption gains /experts/", change: bodySize(st => { st[1].notStatement.statement.orStatement.statements.push(path("/experts/")); }) },
    { name: "large-body exemption for any multipart content type", change: bodySize(st => { st[1].notStatement.statement = header("content-type", "multipart/form-data", "STARTS_WITH"); }) },
    { name: "large-body exemption through a lower-cased path (/API/ and /Admin/ skip too)", change: bodySize(st => { st[1].notStatement.statement.orStatement.statements.forEach((s: any) => { s.byteMatchStatement.textTransformations = [{ priority: 0, type: "LOWERCASE" }]; }); }) },
    { name: "body-size rule matches …:SizeRestrictions_BODY (the rule's name, not its label)", change: bodySize(st => { st[0].labelMatchStatement.key = "awswaf:managed:aws:core-rule-set:SizeRestrictions_BODY"; }) },
    { name: "body-size rule matches the label in lower case", change: bodySize(st => { st[0].labelMatchStatement.key = "awswaf:managed:aws:core-rule-set:sizerestrictions_body"; }) },
    { name: "body-size rule matches the label without its namespace (searched in the web ACL's own labels)", change: bodySize(st => { st[0].labelMatchStatement.key = "SizeRestrictions_Body"; }) },
    { name: "a new rule blocks SQLi_BODY matches by a mistyped label", change: rules(rs => { rs.push({ name: "sqli-body", priority: 20, action: { block: {} }, statement: { labelMatchStatement: { scope: "LABEL", key: "awswaf:managed:aws:sql-database:SQLI_Body" } }, visibilityConfig: vis("sqli-body") }); }) },
    // Log redaction
    { name: "WAF logging no longer redacts the Authorization header", change: edit(LOGGING, p => { p.redactedFields = p.redactedFields.filter((f: any) => f.singleHeader?.name !== "authorization"); }) },
    { name: "WAF logging redacts nothing", change: redacted([]) },
    { name: "WAF logging redacts the query string instead of the cookie", change: redacted([{ singleHeader: { name: "authorization" } }, { queryString: {} }]) },
    { name: "dr: WAF logging no longer redacts cookies", stack: "dr", change: redacted([{ singleHeader: { name: "authorization" } }]) },
];

const compliant: Case[] = [
    { name: "rate limit 400 per 60 s (2,000 per 5 minutes)", change: rate(s => { s.evaluationWindowSec = 60; s.limit = 400; }) },
    { name: "rate limit 2000 per 600 s (never more than 2,000 in any 5 minutes)", change: rate(s => { s.evaluationWindowSec = 600; }) },
    { name: "rate limit keyed on the address and the method", change: rate(s => { s.aggregateKeyType = "CUSTOM_KEYS"; s.customKeys = [{ ip: {} }, { httpMethod: {} }]; }) },
    { name: "a stricter login rate limit scoped to /api/auth/ beside the site-wide one",
      change: rules(rs => { rs.push({ name: "rate-limit-login", priority: 20, action: { block: {} }, statement: { rateBasedStatement: { limit: 100, aggregateKeyType: "IP", evaluationWindowSec: 300, scopeDownStatement: path("/api/auth/") } }, visibilityConfig: vis("rate-limit-login") }); }) },
    { name: "large-body exemption narrowed to /api/uploads/ and /admin/", change: bodySize(st => { st[1].notStatement.statement.orStatement.statements[0] = path("/api/uploads/"); }) },
    { name: "the body-size label also blocked on every path by a second rule", change: rules(rs => { rs.push({ name: "body-size-everywhere", priority: 20, action: { block: {} }, statement: { labelMatchStatement: { scope: "LABEL", key: "awswaf:managed:aws:core-rule-set:SizeRestrictions_Body" } }, visibilityConfig: vis("body-size-everywhere") }); }) },
    { name: "a rule blocking SQLi_Body by its exact label", change: rules(rs => { rs.push({ name: "sqli-body", priority: 20, action: { block: {} }, statement: { labelMatchStatement: { scope: "LABEL", key: "awswaf:managed:aws:sql-database:SQLi_Body" } }, visibilityConfig: vis("sqli-body") }); }) },
    { name: "WAF logs redact the credential headers in capitals and x-api-key too", change: redacted([{ singleHeader: { name: "Authorization" } }, { singleHeader: { name: "Cookie" } }, { singleHeader: { name: "x-api-key" } }]) },
    { name: "default action block with an allow rule for every path after the protections",
      change: rules((rs, acl) => { acl.defaultAction = { block: {} }; rs.push({ name: "allow-rest", priority: 20, action: { allow: {} }, statement: path("/"), visibilityConfig: vis("allow-rest") }); }) },
];

suite("class 3: the web ACL judged by what its rules do to requests", violations, compliant);
