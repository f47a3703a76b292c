/**
 * Class 3: the web ACL is attached and its rules still block, but traffic never reaches them:
 * an allow rule matching (nearly) everyone runs first, the rate rule or a managed group is
 * scoped down to requests nobody makes, the rate rule counts per value the client chooses, the
 * logging filter keeps nothing, or the load balancer fails open.
 */
import { ACCOUNT, Case, add, all, edit, named, suite, tags } from "./support";

const WAF = "aws:wafv2/webAcl:WebAcl";
const IP_SET = "aws:wafv2/ipSet:IpSet";
const IP_SET_ARN = `arn:aws:wafv2:us-east-1:${ACCOUNT}:regional/ipset/partners/1111`;
const rules = (change: (rules: any[]) => void) => edit(WAF, p => { change(p.rules); }, named("waf"));
const vis = (metricName: string) => ({ cloudwatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true });
const none = [{ priority: 0, type: "NONE" }];
const header = (name: string, searchString: string) => ({ byteMatchStatement: { fieldToMatch: { singleHeader: { name } }, positionalConstraint: "EXACTLY", searchString, textTransformations: none } });
/** Puts an allow rule in front of every other rule. */
const allowFirst = (name: string, statement: object) => rules(rs => {
    for (const r of rs) {
        r.priority += 1;
    }
    rs.unshift({ name, priority: 0, action: { allow: {} }, statement, visibilityConfig: vis(name) });
});
const rate = (change: (statement: any) => void) => rules(rs => change(rs.find(r => r.statement.rateBasedStatement).statement.rateBasedStatement));
const ipSet = (addresses: string[], ipAddressVersion = "IPV4") => add(IP_SET, "partners", { name: "partners", scope: "REGIONAL", ipAddressVersion, addresses, tags: tags("waf") },
    { id: IP_SET_ARN, outputs: { name: "partners", scope: "REGIONAL", ipAddressVersion, addresses, arn: IP_SET_ARN, id: IP_SET_ARN, tags: tags("waf") } });
const loggingFilter = (loggingFilter: object) => edit("aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration", p => { p.loggingFilter = loggingFilter; });

const violations: Case[] = [
    { name: "a 'partners' IP set of 0.0.0.0/1 and 128.0.0.0/1 allowed before every rule", change: all(ipSet(["0.0.0.0/1", "128.0.0.0/1"]), allowFirst("allow-partners", { ipSetReferenceStatement: { arn: IP_SET_ARN } })) },
    { name: "an IPv4 space split in four /2 blocks allowed first", change: all(ipSet(["0.0.0.0/2", "64.0.0.0/2", "128.0.0.0/2", "192.0.0.0/2"]), allowFirst("allow-partners", { ipSetReferenceStatement: { arn: IP_SET_ARN } })) },
    { name: "every path starting with / allowed first", change: allowFirst("allow-root", { byteMatchStatement: { fieldToMatch: { uriPath: {} }, positionalConstraint: "STARTS_WITH", searchString: "/", textTransformations: none } }) },
    { name: "requests without an x-debug header allowed first", change: allowFirst("allow-plain", { notStatement: { statement: header("x-debug", "1") } }) },
    { name: "everything but SQL injection allowed first", change: allowFirst("allow-non-sqli", { notStatement: { statement: { sqliMatchStatement: { fieldToMatch: { body: {} }, textTransformations: none } } } }) },
    { name: "the rate rule scoped down to a header nobody sends", change: rate(s => { s.scopeDownStatement = header("x-rate-limit", "on"); }) },
    { name: "the rate rule scoped down to TRACE requests", change: rate(s => { s.scopeDownStatement = { byteMatchStatement: { fieldToMatch: { method: {} }, positionalConstraint: "EXACTLY", searchString: "TRACE", textTransformations: none } }; }) },
    { name: "the rate rule keyed on a client header", change: rate(s => { s.aggregateKeyType = "CUSTOM_KEYS"; s.customKeys = [{ header: { name: "x-client-id", textTransformations: none } }]; }) },
    { name: "the rate rule keyed on the address and a query argument", change: rate(s => { s.aggregateKeyType = "CUSTOM_KEYS"; s.customKeys = [{ ip: {} }, { queryArgument: { name: "nonce", textTransformations: none } }]; }) },
    { name: "the common rule set scoped down to a header nobody sends", change: rules(rs => { rs.find(r => r.name === "AWSManagedRulesCommonRuleSet").statement.managedRuleGroupStatement.scopeDownStatement = header("x-inspect", "yes"); }) },
    { name: "WAF logs dropped except for a label no rule adds", change: loggingFilter({ defaultBehavior: "DROP", filters: [{ behavior: "KEEP", requirement: "MEETS_ALL", conditions: [{ labelNameCondition: { labelName: "never:matches" } }] }] }) },
    { name: "WAF logs dropped except for requests both allowed and blocked", change: loggingFilter({ defaultBehavior: "DROP", filters: [{ behavior: "KEEP", requirement: "MEETS_ALL", conditions: [{ actionCondition: { action: "ALLOW" } }, { actionCondition: { action: "BLOCK" } }] }] }) },
    { name: "the load balancer fails open when WAF is unreachable", change: edit("aws:lb/loadBalancer:LoadBalancer", p => { p.enableWafFailOpen = true; }, named("alb")) },
    // The site-wide limit counts every request: scoped to /api/, floods of the frontend's pages are never counted (a narrower rule goes beside it).
    { name: "the site-wide rate rule scoped down to the API", change: rate(s => { s.scopeDownStatement = { byteMatchStatement: { fieldToMatch: { uriPath: {} }, positionalConstraint: "STARTS_WITH", searchString: "/api/", textTransformations: none } }; }) },
    { name: "dr: every path allowed before the rate rule", stack: "dr", change: allowFirst("allow-root", { regexMatchStatement: { fieldToMatch: { uriPath: {} }, regexString: "^/", textTransformations: none } }) },
];

const compliant: Case[] = [
    { name: "the office's addresses allowed first", change: all(ipSet(["198.51.100.0/24", "203.0.113.10/32"]), allowFirst("allow-office", { ipSetReferenceStatement: { arn: IP_SET_ARN } })) },
    { name: "the health check path allowed first", change: allowFirst("allow-health", { byteMatchStatement: { fieldToMatch: { uriPath: {} }, positionalConstraint: "EXACTLY", searchString: "/api/health/", textTransformations: none } }) },
    { name: "the rate rule keyed on the address and the method", change: rate(s => { s.aggregateKeyType = "CUSTOM_KEYS"; s.customKeys = [{ ip: {} }, { httpMethod: {} }]; }) },
    { name: "WAF logs kept for blocked requests only", change: loggingFilter({ defaultBehavior: "DROP", filters: [{ behavior: "KEEP", requirement: "MEETS_ANY", conditions: [{ actionCondition: { action: "BLOCK" } }] }] }) },
    { name: "the load balancer fails closed explicitly", change: edit("aws:lb/loadBalancer:LoadBalancer", p => { p.enableWafFailOpen = false; }, named("alb")) },
];

suite("class 3: WAF rules nobody's traffic reaches", violations, compliant);
