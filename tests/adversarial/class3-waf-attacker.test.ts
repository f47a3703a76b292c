/**
 * Class 3: the web ACL judged from the attacker's side. An allow rule ahead of the protections
 * must not match anything the client writes (a header, cookie, query, user agent, a forwarded
 * address) nor a source address anyone can rent (an IP set spanning the internet, created in
 * the same change so its ARN is unknown); the rate rule must not count per a value the client
 * rotates; the logging filter must keep the records of what the ACL blocks, in the inputs and in
 * the deployed state.
 */
import { ACCOUNT, Case, add, all, drift, edit, suite, tags } from "./support";

const WAF = "aws:wafv2/webAcl:WebAcl";
const IP_SET = "aws:wafv2/ipSet:IpSet";
const LOGGING = "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration";
const vis = (metricName: string) => ({ cloudwatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true });
const none = [{ priority: 0, type: "NONE" }];
const match = (fieldToMatch: object, searchString: string, positionalConstraint = "EXACTLY") => ({ byteMatchStatement: { fieldToMatch, positionalConstraint, searchString, textTransformations: none } });
/** Puts an allow rule in front of every other rule of the stack's web ACL. */
const allowFirst = (name: string, statement: object) => edit(WAF, p => {
    p.rules = [{ name, priority: 0, action: { allow: {} }, statement, visibilityConfig: vis(name) }, ...p.rules.map((r: any) => ({ ...r, priority: r.priority + 1 }))];
});
/** A new IP set: no ARN until it is created, so the rule names it by the ARN it will have. */
const newIpSet = (name: string, addresses: string[], environment = "prod") =>
    add(IP_SET, name, { name, scope: "REGIONAL", ipAddressVersion: "IPV4", addresses, tags: tags("waf", environment) });
const setArn = (name: string, region = "us-east-1") => `arn:aws:wafv2:${region}:${ACCOUNT}:regional/ipset/${name}/abc`;
const rate = (change: (statement: any) => void) => edit(WAF, p => { change(p.rules.find((r: any) => r.statement.rateBasedStatement).statement.rateBasedStatement); });
const filter = (loggingFilter: object) => edit(LOGGING, p => { p.loggingFilter = loggingFilter; });

const violations: Case[] = [
    { name: "backdoor: requests with header x-internal: 1 allowed before every rule", change: allowFirst("internal-bypass", match({ singleHeader: { name: "x-internal" } }, "1")) },
    { name: "staff cookie allowed before every rule", change: allowFirst("staff", match({ cookies: { matchPattern: { includedCookies: ["staff"] }, matchScope: "VALUE", oversizeHandling: "NO_MATCH" } }, "yes")) },
    { name: "a query-string token allowed before every rule", change: allowFirst("qa-token", match({ queryString: {} }, "qa_token=letmein", "CONTAINS")) },
    { name: "the monitoring user agent allowed before every rule", change: allowFirst("monitor", match({ singleHeader: { name: "user-agent" } }, "ExpertConnect-Monitor", "STARTS_WITH")) },
    { name: "the office IP set allowed before every rule, read from X-Forwarded-For", change: all(newIpSet("office", ["198.51.100.0/24"]),
        allowFirst("office", { ipSetReferenceStatement: { arn: setArn("office"), ipSetForwardedIpConfig: { headerName: "X-Forwarded-For", fallbackBehavior: "NO_MATCH", position: "FIRST" } } })) },
    { name: "a new 'trusted' IP set of 0.0.0.0/0 allowed before every rule", change: all(newIpSet("trusted", ["0.0.0.0/0"]), allowFirst("trusted", { ipSetReferenceStatement: { arn: setArn("trusted") } })) },
    { name: "a new 'partners' IP set of a cloud provider's /8 allowed before every rule", change: all(newIpSet("partners", ["3.0.0.0/8"]), allowFirst("partners", { ipSetReferenceStatement: { arn: setArn("partners") } })) },
    { name: "dr: requests with header x-internal allowed before every rule", stack: "dr", change: allowFirst("internal-bypass", match({ singleHeader: { name: "x-internal" } }, "1")) },
    { name: "dr: a new whole-internet IP set allowed before every rule", stack: "dr",
      change: all(newIpSet("everyone", ["0.0.0.0/1", "128.0.0.0/1"], "dr"), allowFirst("trusted", { ipSetReferenceStatement: { arn: setArn("everyone", "us-west-2") } })) },
    { name: "the rate rule counts per X-Forwarded-For", change: rate(s => { s.aggregateKeyType = "FORWARDED_IP"; s.forwardedIpConfig = { headerName: "X-Forwarded-For", fallbackBehavior: "MATCH" }; }) },
    { name: "the rate rule counts per a custom client-id header", change: rate(s => { s.aggregateKeyType = "CUSTOM_KEYS"; s.customKeys = [{ header: { name: "x-client-id", textTransformations: none } }]; }) },
    { name: "the rate rule counts per forwarded address as a custom key", change: rate(s => { s.aggregateKeyType = "CUSTOM_KEYS"; s.customKeys = [{ forwardedIP: {} }]; s.forwardedIpConfig = { headerName: "X-Forwarded-For", fallbackBehavior: "MATCH" }; }) },
    { name: "WAF logs kept only for a label WAF never adds", change: filter({ defaultBehavior: "DROP", filters: [{ behavior: "KEEP", requirement: "MEETS_ALL", conditions: [{ labelNameCondition: { labelName: "awswaf:never:match" } }] }] }) },
    { name: "WAF logs kept only for requests excluded as count (no rule is)", change: filter({ defaultBehavior: "DROP", filters: [{ behavior: "KEEP", requirement: "MEETS_ALL", conditions: [{ actionCondition: { action: "EXCLUDED_AS_COUNT" } }] }] }) },
    { name: "WAF logs of blocked requests dropped, the rest kept", change: filter({ defaultBehavior: "KEEP", filters: [{ behavior: "DROP", requirement: "MEETS_ANY", conditions: [{ actionCondition: { action: "BLOCK" } }] }] }) },
    { name: "drift: WAF logs kept only for requests excluded as count",
      change: drift(LOGGING, p => { p.loggingFilter = { defaultBehavior: "DROP", filters: [{ behavior: "KEEP", requirement: "MEETS_ALL", conditions: [{ actionCondition: { action: "EXCLUDED_AS_COUNT" } }] }] }; }) },
];

const compliant: Case[] = [
    { name: "the office's /24 allowed before every rule (new IP set)", change: all(newIpSet("office", ["198.51.100.0/24", "203.0.113.10/32"]), allowFirst("office", { ipSetReferenceStatement: { arn: setArn("office") } })) },
    { name: "an internal header allowed only from the office's addresses", change: all(newIpSet("office", ["198.51.100.0/24"]),
        allowFirst("office-internal", { andStatement: { statements: [{ ipSetReferenceStatement: { arn: setArn("office") } }, match({ singleHeader: { name: "x-internal" } }, "1")] } })) },
    { name: "an internal header allowed after the rate rule and the managed groups", change: edit(WAF, p => {
        p.rules = [...p.rules, { name: "internal", priority: 50, action: { allow: {} }, statement: match({ singleHeader: { name: "x-internal" } }, "1"), visibilityConfig: vis("internal") }];
    }) },
    { name: "the body-size rule counted on uploads and its label blocked everywhere else", change: edit(WAF, p => {
        const common = p.rules.find((r: any) => r.name === "AWSManagedRulesCommonRuleSet");
        common.statement.managedRuleGroupStatement.ruleActionOverrides = [{ name: "SizeRestrictions_BODY", actionToUse: { count: {} } }];
        p.rules = [...p.rules, { name: "body-size", priority: 10, action: { block: {} }, visibilityConfig: vis("body-size"), statement: { andStatement: { statements: [
            { labelMatchStatement: { scope: "LABEL", key: "awswaf:managed:aws:core-rule-set:SizeRestrictions_Body" } },
            { notStatement: { statement: match({ uriPath: {} }, "/api/uploads/", "STARTS_WITH") } },
        ] } } }];
    }) },
    { name: "WAF logs keep blocked and counted requests, drop allowed ones (cost)", change: filter({ defaultBehavior: "DROP", filters: [{ behavior: "KEEP", requirement: "MEETS_ANY", conditions: [{ actionCondition: { action: "BLOCK" } }, { actionCondition: { action: "COUNT" } }] }] }) },
    { name: "WAF logs drop allowed requests, keep the rest", change: filter({ defaultBehavior: "KEEP", filters: [{ behavior: "DROP", requirement: "MEETS_ANY", conditions: [{ actionCondition: { action: "ALLOW" } }] }] }) },
    { name: "the rate rule counts per address and method", change: rate(s => { s.aggregateKeyType = "CUSTOM_KEYS"; s.customKeys = [{ ip: {} }, { httpMethod: {} }]; }) },
];

suite("class 3: WAF rules an attacker walks past", violations, compliant);
