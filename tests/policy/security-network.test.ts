/**
 * Controls that are present but must also work: WAF rules and logging, CloudTrail's management
 * events and CloudWatch delivery, GuardDuty protections, AWS Config's scope, VPC flow logs, the
 * default security group, public IPs on launch, Fargate platform versions and ECR lifecycles.
 */
import { configRecorder } from "../../policy/awsconfig/recorder";
import { cloudtrailCloudWatchLogs } from "../../policy/cloudtrail/cloudwatchLogs";
import { cloudtrailManagementEvents } from "../../policy/cloudtrail/managementEvents";
import { cloudtrailPresent } from "../../policy/cloudtrail/present";
import { ecrLifecyclePolicy } from "../../policy/ecr/lifecycle";
import { ecsFargatePlatformVersion } from "../../policy/ecs/platformVersion";
import { guarddutyFindingsNotSuppressed } from "../../policy/guardduty/findingsNotSuppressed";
import { guarddutyProtections } from "../../policy/guardduty/protections";
import { vpcDefaultSecurityGroupClosed } from "../../policy/vpc/defaultSecurityGroup";
import { vpcFlowLogs } from "../../policy/vpc/flowLogs";
import { vpcNoPublicIpOnLaunch } from "../../policy/vpc/publicIpOnLaunch";
import { wafLogging } from "../../policy/waf/logging";
import { wafRulesEnforced } from "../../policy/waf/enforced";
import { named, resourceTable, stackTable } from "./support/cases";
import { ACCOUNT, configRuleStack, TAGS } from "./support/fixtures";
import { ResourceInput, StackResourceInput, UNKNOWN } from "./support/harness";

const REGION = "us-east-1";
const logGroupArn = (name: string) => `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${name}`;
const logGroup = (name: string, logical: string, retentionInDays = 365): StackResourceInput => ({
    type: "aws:cloudwatch/logGroup:LogGroup", name: logical, props: { name, arn: logGroupArn(name), retentionInDays, tags: TAGS },
});
const rule = (name: string, priority: number, extra: object) => ({
    name, priority, visibilityConfig: { cloudwatchMetricsEnabled: true, metricName: name, sampledRequestsEnabled: true }, ...extra,
});
const rateRule = rule("rate-limit", 0, { action: { block: {} }, statement: { rateBasedStatement: { aggregateKeyType: "IP", limit: 2000 } } });
const managedRule = rule("common", 1, { overrideAction: { none: {} }, statement: { managedRuleGroupStatement: { name: "AWSManagedRulesCommonRuleSet", vendorName: "AWS" } } });
/** The managed rule group with one of its rules' action overridden. */
const overridden = (name: string, actionToUse: object) => rule("common", 1, {
    overrideAction: { none: {} },
    statement: { managedRuleGroupStatement: { name: "AWSManagedRulesCommonRuleSet", vendorName: "AWS", ruleActionOverrides: [{ name, actionToUse }] } },
});
const ACL_ARN = `arn:aws:wafv2:${REGION}:${ACCOUNT}:regional/webacl/expertconnect-prod/1`;
const IP_SET_ARN = `arn:aws:wafv2:${REGION}:${ACCOUNT}:regional/ipset/partners/1`;
const ipSet = (addresses: string[], ipAddressVersion = "IPV4"): StackResourceInput => ({
    type: "aws:wafv2/ipSet:IpSet", name: "partners", props: { name: "partners", arn: IP_SET_ARN, scope: "REGIONAL", ipAddressVersion, addresses },
});
const headerIs = (name: string, value: string) => ({
    byteMatchStatement: { fieldToMatch: { singleHeader: { name } }, positionalConstraint: "EXACTLY", searchString: value, textTransformations: [{ priority: 0, type: "NONE" }] },
});
const uriStartsWith = (prefix: string) => ({
    byteMatchStatement: { fieldToMatch: { uriPath: {} }, positionalConstraint: "STARTS_WITH", searchString: prefix, textTransformations: [{ priority: 0, type: "NONE" }] },
});
/** An allow rule evaluated before the rate rule and the managed group (priority -1). */
const allowFirst = (statement: object) => rule("allow-first", -1, { action: { allow: {} }, statement });
const scopedRate = (scopeDownStatement: object) => rule("rate-limit", 0, { action: { block: {} }, statement: { rateBasedStatement: { aggregateKeyType: "IP", limit: 2000, scopeDownStatement } } });
const keyedRate = (customKeys: object[]) => rule("rate-limit", 0, { action: { block: {} }, statement: { rateBasedStatement: { aggregateKeyType: "CUSTOM_KEYS", limit: 2000, customKeys } } });
const scopedManaged = (scopeDownStatement: object) => rule("common", 1, { overrideAction: { none: {} }, statement: { managedRuleGroupStatement: { name: "AWSManagedRulesCommonRuleSet", vendorName: "AWS", scopeDownStatement } } });

const waf: StackResourceInput[] = [
    {
        type: "aws:wafv2/webAcl:WebAcl", name: "waf",
        props: { name: "expertconnect-prod", arn: ACL_ARN, scope: "REGIONAL", defaultAction: { allow: {} }, rules: [rateRule, managedRule], visibilityConfig: { cloudwatchMetricsEnabled: true } },
    },
    logGroup("aws-waf-logs-expertconnect-prod", "waf-logs"),
    {
        type: "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration", name: "waf-logging",
        props: { resourceArn: ACL_ARN, logDestinationConfigs: [logGroupArn("aws-waf-logs-expertconnect-prod")], redactedFields: [{ singleHeader: { name: "authorization" } }, { singleHeader: { name: "cookie" } }] },
        propertyDependencies: { resourceArn: ["waf"], logDestinationConfigs: ["waf-logs"] },
    },
];
const acl = (s: StackResourceInput[]) => named(s, "waf").props;

describe("waf-rules-enforced", () => {
    stackTable(wafRulesEnforced, waf, {
        passes: {
            "the rules come as ruleJson in the WAF API's shape": {
                change: s => {
                    delete acl(s).rules;
                    acl(s).ruleJson = JSON.stringify([{
                        Name: "rate", Priority: 0, Action: { Block: {} }, Statement: { RateBasedStatement: { Limit: 1000, AggregateKeyType: "IP" } },
                        VisibilityConfig: { CloudWatchMetricsEnabled: true, MetricName: "rate", SampledRequestsEnabled: true },
                    }]);
                },
            },
            "the rate rule is a separate WebAclRule resource": {
                change: s => {
                    acl(s).rules = [managedRule];
                    s.push({ type: "aws:wafv2/webAclRule:WebAclRule", name: "rate", props: { ...rateRule, webAclArn: ACL_ARN }, propertyDependencies: { webAclArn: ["waf"] } });
                },
            },
            "the rate rule answers with a CAPTCHA": { change: s => { acl(s).rules = [{ ...rateRule, action: { captcha: {} } }]; } },
            "the rules are unknown during preview": { change: s => { acl(s).rules = UNKNOWN; } },
            "a managed group counts while it is tuned, named in countModeRules": {
                config: { countModeRules: ["common"] },
                change: s => { acl(s).rules = [rateRule, { ...managedRule, overrideAction: { count: {} } }]; },
            },
            "a rule of a managed group counts while it is tuned, named in countModeRules": {
                config: { countModeRules: ["common/SizeRestrictions_BODY"] },
                change: s => { acl(s).rules = [rateRule, overridden("SizeRestrictions_BODY", { count: {} })]; },
            },
            "a rule of a managed group counts and a rule of ours blocks its label outside the upload paths": {
                change: s => {
                    acl(s).rules = [rateRule, overridden("SizeRestrictions_BODY", { count: {} }), rule("body-size", 2, {
                        action: { block: {} },
                        statement: { andStatement: { statements: [
                            { labelMatchStatement: { scope: "LABEL", key: "awswaf:managed:aws:core-rule-set:SizeRestrictions_Body" } },
                            { notStatement: { statement: { byteMatchStatement: { searchString: "/api/upload", positionalConstraint: "STARTS_WITH", fieldToMatch: { uriPath: {} } } } } },
                        ] } },
                    })];
                },
            },
            "a whole group counts and a later rule blocks its managed namespace (AWS's Bot Control pattern)": {
                change: s => {
                    const bots = rule("bot-control", 1, { overrideAction: { count: {} }, statement: { managedRuleGroupStatement: { name: "AWSManagedRulesBotControlRuleSet", vendorName: "AWS" } } });
                    acl(s).rules = [rateRule, managedRule, { ...bots, priority: 2 }, rule("bots", 5, {
                        action: { block: {} }, statement: { labelMatchStatement: { scope: "NAMESPACE", key: "awswaf:managed:aws:bot-control:bot:category:" } },
                    })];
                },
            },
            "a rule of a managed group answers with a CAPTCHA": { change: s => { acl(s).rules = [rateRule, overridden("GenericRFI_BODY", { captcha: {} })]; } },
            "an allow rule for the office's addresses runs first": {
                change: s => { s.push(ipSet(["198.51.100.0/24", "203.0.113.10/32"])); acl(s).rules = [allowFirst({ ipSetReferenceStatement: { arn: IP_SET_ARN } }), rateRule, managedRule]; },
            },
            "an allow rule for the health check path runs first": {
                change: s => { acl(s).rules = [allowFirst({ byteMatchStatement: { fieldToMatch: { uriPath: {} }, positionalConstraint: "EXACTLY", searchString: "/api/health/", textTransformations: [{ priority: 0, type: "NONE" }] } }), rateRule, managedRule]; },
            },
            "an allow rule matching everything runs after the protections": {
                change: s => { acl(s).rules = [rateRule, managedRule, rule("allow-last", 9, { action: { allow: {} }, statement: uriStartsWith("/") })]; },
            },
            "an allow rule on an IP set whose addresses are unknown": {
                change: s => { s.push(ipSet(UNKNOWN as unknown as string[])); acl(s).rules = [allowFirst({ ipSetReferenceStatement: { arn: IP_SET_ARN } }), rateRule, managedRule]; },
            },
            "an allow rule for the office's addresses runs first, its new set's ARN unknown (found by dependency)": {
                change: s => {
                    s.push({ ...ipSet(["198.51.100.0/24"]), props: { ...ipSet(["198.51.100.0/24"]).props, arn: UNKNOWN } });
                    acl(s).rules = [allowFirst({ ipSetReferenceStatement: { arn: UNKNOWN } }), rateRule, managedRule];
                    named(s, "waf").propertyDependencies = { rules: ["partners"] };
                },
            },
            "an allow rule for the office's addresses AND an internal header runs first": {
                change: s => { s.push(ipSet(["198.51.100.0/24"])); acl(s).rules = [allowFirst({ andStatement: { statements: [{ ipSetReferenceStatement: { arn: IP_SET_ARN } }, headerIs("x-internal", "1")] } }), rateRule, managedRule]; },
            },
            "an allow rule on an internal header runs after the protections": {
                change: s => { acl(s).rules = [rateRule, managedRule, rule("allow-internal", 9, { action: { allow: {} }, statement: headerIs("x-internal", "1") })]; },
            },
            "the rate rule's scope-down matches every path": { change: s => { acl(s).rules = [scopedRate(uriStartsWith("/")), managedRule]; } },
            "the rate rule counts 2000 per 600 s (never more than 2000 in any 5 minutes)": {
                change: s => { acl(s).rules = [rule("rate-limit", 0, { action: { block: {} }, statement: { rateBasedStatement: { aggregateKeyType: "IP", limit: 2000, evaluationWindowSec: 600 } } }), managedRule]; },
            },
            "the rate rule counts 400 per 60 s (2000 per 5 minutes)": {
                change: s => { acl(s).rules = [rule("rate-limit", 0, { action: { block: {} }, statement: { rateBasedStatement: { aggregateKeyType: "IP", limit: 400, evaluationWindowSec: 60 } } }), managedRule]; },
            },
            "a stricter rate rule for the API beside the site-wide one": {
                change: s => { acl(s).rules = [rateRule, managedRule, { ...scopedRate(uriStartsWith("/api/")), name: "api", priority: 3 }]; },
            },
            "a managed group excluding requests labelled by nothing before it": {
                change: s => { acl(s).rules = [rateRule, scopedManaged({ notStatement: { statement: { labelMatchStatement: { scope: "LABEL", key: "internal" } } } })]; },
            },
            "the body-size label re-blocked outside a narrower upload prefix than the configured ones": {
                change: s => {
                    acl(s).rules = [rateRule, overridden("SizeRestrictions_BODY", { count: {} }), rule("body-size", 2, {
                        action: { block: {} },
                        statement: { andStatement: { statements: [
                            { labelMatchStatement: { scope: "LABEL", key: "awswaf:managed:aws:core-rule-set:SizeRestrictions_Body" } },
                            { notStatement: { statement: { orStatement: { statements: [uriStartsWith("/api/uploads/"), uriStartsWith("/admin/")] } } } },
                        ] } },
                    })];
                },
            },
            "the rate rule aggregates on the address and the method": { change: s => { acl(s).rules = [keyedRate([{ ip: {} }, { httpMethod: {} }]), managedRule]; } },
            "a stricter login rate rule keyed on a header beside the per-IP one": {
                change: s => { acl(s).rules = [rateRule, managedRule, { ...keyedRate([{ header: { name: "x-api-key", textTransformations: [{ priority: 0, type: "NONE" }] } }]), name: "per-key", priority: 3 }]; },
            },
        },
        violations: {
            "the web ACL has no rules": { change: s => { acl(s).rules = []; }, message: /has no rules/ },
            "a managed group counts while the rate rule blocks": {
                change: s => { acl(s).rules = [rateRule, { ...managedRule, overrideAction: { count: {} } }]; },
                message: /rule group common is in count mode: it blocks nothing/,
            },
            "a rule of a managed group counts and the rule matching its label only counts too": {
                change: s => {
                    acl(s).rules = [rateRule, overridden("SizeRestrictions_BODY", { count: {} }), rule("body-size", 2, {
                        action: { count: {} }, statement: { labelMatchStatement: { scope: "LABEL", key: "awswaf:managed:aws:core-rule-set:SizeRestrictions_Body" } },
                    })];
                },
                message: /overrides SizeRestrictions_BODY to count or allow/,
            },
            "the rule blocking a counted rule's label runs before the group adds it": {
                change: s => {
                    acl(s).rules = [rateRule, overridden("SizeRestrictions_BODY", { count: {} }), rule("body-size-too-early", 0, {
                        action: { block: {} }, statement: { labelMatchStatement: { scope: "LABEL", key: "awswaf:managed:aws:core-rule-set:SizeRestrictions_Body" } },
                    })];
                },
                message: /overrides SizeRestrictions_BODY to count or allow/,
            },
            "the label match that would re-arm it is negated": {
                change: s => {
                    acl(s).rules = [rateRule, overridden("SizeRestrictions_BODY", { count: {} }), rule("never-body", 2, {
                        action: { block: {} }, statement: { notStatement: { statement: { labelMatchStatement: { scope: "LABEL", key: "awswaf:managed:aws:core-rule-set:SizeRestrictions_Body" } } } },
                    })];
                },
                message: /overrides SizeRestrictions_BODY to count or allow/,
            },
            "a rule of a managed group is overridden to count": {
                change: s => { acl(s).rules = [rateRule, overridden("SQLi_BODY", { count: {} })]; },
                message: /rule group common overrides SQLi_BODY to count or allow/,
            },
            "a rule of a managed group is overridden to allow, in ruleJson": {
                change: s => {
                    delete acl(s).rules;
                    acl(s).ruleJson = JSON.stringify([
                        { Name: "rate", Priority: 0, Action: { Block: {} }, Statement: { RateBasedStatement: { Limit: 1000 } }, VisibilityConfig: { CloudWatchMetricsEnabled: true } },
                        { Name: "sqli", Priority: 1, OverrideAction: { None: {} }, VisibilityConfig: { CloudWatchMetricsEnabled: true },
                            Statement: { ManagedRuleGroupStatement: { Name: "AWSManagedRulesSQLiRuleSet", VendorName: "AWS", RuleActionOverrides: [{ Name: "SQLi_QUERYARGUMENTS", ActionToUse: { Allow: {} } }] } } },
                    ]);
                },
                message: /rule group sqli overrides SQLi_QUERYARGUMENTS to count or allow/,
            },
            "a separate rule-group association counts beside a blocking rate rule": {
                change: s => {
                    s.push({
                        type: "aws:wafv2/webAclRuleGroupAssociation:WebAclRuleGroupAssociation", name: "assoc",
                        props: { ruleName: "bad-inputs", priority: 2, overrideAction: "count", webAclArn: ACL_ARN, managedRuleGroup: { name: "AWSManagedRulesKnownBadInputsRuleSet", vendorName: "AWS" } },
                        propertyDependencies: { webAclArn: ["waf"] },
                    });
                },
                message: /rule group bad-inputs is in count mode/,
            },
            "every rule is in count mode": {
                change: s => { acl(s).rules = [{ ...rateRule, action: { count: {} } }, { ...managedRule, overrideAction: { count: {} } }]; },
                message: /blocks nothing: every rule counts or allows/,
            },
            "the rate rule only counts while a managed group blocks": {
                change: s => { acl(s).rules = [{ ...rateRule, action: { count: {} } }, managedRule]; }, message: /no rate-based rule that blocks/,
            },
            "there is no rate-based rule": { change: s => { acl(s).rules = [managedRule]; }, message: /no rate-based rule that blocks/ },
            "the rate limit is far above the maximum": {
                change: s => { acl(s).rules = [rule("rate", 0, { action: { block: {} }, statement: { rateBasedStatement: { limit: 2000000000 } } }), managedRule]; },
                message: /more requests per client than the maximum of 2000 per 5 minutes/,
            },
            "the rate window is cut to 60 s with the same limit": {
                change: s => { acl(s).rules = [rule("rate-limit", 0, { action: { block: {} }, statement: { rateBasedStatement: { aggregateKeyType: "IP", limit: 2000, evaluationWindowSec: 60 } } }), managedRule]; },
                message: /rate-limit: 2000 per 60 s, 10000 per 5 minutes/,
            },
            "the rate window is 120 s at 1000": {
                change: s => { acl(s).rules = [rule("rate-limit", 0, { action: { block: {} }, statement: { rateBasedStatement: { aggregateKeyType: "IP", limit: 1000, evaluationWindowSec: 120 } } }), managedRule]; },
                message: /2500 per 5 minutes/,
            },
            "the rate window is one WAF does not accept": {
                change: s => { acl(s).rules = [rule("rate-limit", 0, { action: { block: {} }, statement: { rateBasedStatement: { aggregateKeyType: "IP", limit: 2000, evaluationWindowSec: 3600 } } }), managedRule]; },
                message: /evaluationWindowSec 3600: WAF accepts 60, 120, 300, 600 seconds only/,
            },
            "the rate rule counts all clients together": {
                change: s => { acl(s).rules = [rule("rate-limit", 0, { action: { block: {} }, statement: { rateBasedStatement: { aggregateKeyType: "CONSTANT", limit: 2000, scopeDownStatement: uriStartsWith("/") } } }), managedRule]; },
                message: /counts all clients together \(aggregateKeyType CONSTANT\)/,
            },
            "the rate rule counts per method only": {
                change: s => { acl(s).rules = [keyedRate([{ httpMethod: {} }]), managedRule]; }, message: /counts all clients together \(aggregateKeyType CUSTOM_KEYS without an ip key\)/,
            },
            "a CONSTANT rate rule blocks beside the per-IP one": {
                change: s => { acl(s).rules = [rateRule, managedRule, rule("global", 3, { action: { block: {} }, statement: { rateBasedStatement: { aggregateKeyType: "CONSTANT", limit: 100000 } } })]; },
                message: /rule global counts all clients together .* blocks every client's requests/,
            },
            "the rate rule is scoped down to the Host the users type": {
                change: s => { acl(s).rules = [scopedRate({ byteMatchStatement: { fieldToMatch: { singleHeader: { name: "host" } }, positionalConstraint: "EXACTLY", searchString: "app.expertconnect.example", textTransformations: [{ priority: 0, type: "LOWERCASE" }] } }), managedRule]; },
                message: /rate-limit is scoped down \(scopeDownStatement on header host\): requests it does not select/,
            },
            "the rate rule is scoped down to the API": {
                change: s => { acl(s).rules = [scopedRate(uriStartsWith("/api/")), managedRule]; }, message: /rate-limit is scoped down \(scopeDownStatement on the URI path\)/,
            },
            "the rate rule is scoped down to a token label no earlier rule adds": {
                change: s => { acl(s).rules = [scopedRate({ labelMatchStatement: { scope: "LABEL", key: "awswaf:managed:token:absent" } }), managedRule]; },
                message: /scoped down \(scopeDownStatement on label awswaf:managed:token:absent\)/,
            },
            "the rate rule exempts requests carrying a user agent": {
                change: s => { acl(s).rules = [scopedRate({ notStatement: { statement: headerIs("user-agent", "ExpertConnect-Monitor") } }), managedRule]; },
                message: /scopeDownStatement on header user-agent/,
            },
            "the SQL injection group skips requests with a scanner header": {
                change: s => { acl(s).rules = [rateRule, rule("sqli", 1, { overrideAction: { none: {} }, statement: { managedRuleGroupStatement: { name: "AWSManagedRulesSQLiRuleSet", vendorName: "AWS", scopeDownStatement: { notStatement: { statement: headerIs("x-scanner", "qa") } } } } })]; },
                message: /rule group sqli is scoped down \(scopeDownStatement on header x-scanner\)/,
            },
            "the managed group skips the static assets": {
                change: s => { acl(s).rules = [rateRule, scopedManaged({ notStatement: { statement: uriStartsWith("/static/") } })]; },
                message: /rule group common is scoped down \(scopeDownStatement on the URI path\)/,
            },
            "the managed group skips requests an earlier labelling rule marks": {
                change: s => { acl(s).rules = [rule("mark", -1, { action: { count: {} }, ruleLabels: [{ name: "trusted" }], statement: headerIs("x-trusted", "1") }), rateRule, scopedManaged({ notStatement: { statement: { labelMatchStatement: { scope: "LABEL", key: "trusted" } } } })]; },
                message: /rule group common is scoped down \(scopeDownStatement on label trusted\)/,
            },
            "the body-size label is matched in the wrong case": {
                change: s => {
                    acl(s).rules = [rateRule, overridden("SizeRestrictions_BODY", { count: {} }), rule("body-size", 2, {
                        action: { block: {} }, statement: { labelMatchStatement: { scope: "LABEL", key: "awswaf:managed:aws:core-rule-set:SizeRestrictions_BODY" } },
                    })];
                },
                message: /AWSManagedRulesCommonRuleSet adds no label awswaf:managed:aws:core-rule-set:SizeRestrictions_BODY \(labels are case-sensitive: it adds awswaf:managed:aws:core-rule-set:SizeRestrictions_Body\)/,
            },
            "the body-size label's exemption widened to every path": {
                change: s => {
                    acl(s).rules = [rateRule, overridden("SizeRestrictions_BODY", { count: {} }), rule("body-size", 2, {
                        action: { block: {} },
                        statement: { andStatement: { statements: [
                            { labelMatchStatement: { scope: "LABEL", key: "awswaf:managed:aws:core-rule-set:SizeRestrictions_Body" } },
                            { notStatement: { statement: uriStartsWith("/") } },
                        ] } },
                    })];
                },
                message: /overrides SizeRestrictions_BODY to count or allow: those rules block nothing \(a blocking rule after the group must match the label/,
            },
            "the body-size label's exemption adds a path outside the configured ones": {
                change: s => {
                    acl(s).rules = [rateRule, overridden("SizeRestrictions_BODY", { count: {} }), rule("body-size", 2, {
                        action: { block: {} },
                        statement: { andStatement: { statements: [
                            { labelMatchStatement: { scope: "LABEL", key: "awswaf:managed:aws:core-rule-set:SizeRestrictions_Body" } },
                            { notStatement: { statement: { orStatement: { statements: [uriStartsWith("/api/"), uriStartsWith("/experts/")] } } } },
                        ] } },
                    })];
                },
                message: /overrides SizeRestrictions_BODY to count or allow/,
            },
            "the body-size label's exemption keyed on a header": {
                change: s => {
                    acl(s).rules = [rateRule, overridden("SizeRestrictions_BODY", { count: {} }), rule("body-size", 2, {
                        action: { block: {} },
                        statement: { andStatement: { statements: [
                            { labelMatchStatement: { scope: "LABEL", key: "awswaf:managed:aws:core-rule-set:SizeRestrictions_Body" } },
                            { notStatement: { statement: headerIs("content-type", "multipart/form-data") } },
                        ] } },
                    })];
                },
                message: /overrides SizeRestrictions_BODY to count or allow/,
            },
            "a rule matches a SQL injection label in the wrong case": {
                change: s => { acl(s).rules = [rateRule, managedRule, rule("sqli-body", 3, { action: { block: {} }, statement: { labelMatchStatement: { scope: "LABEL", key: "awswaf:managed:aws:sql-database:sqli_body" } } })]; },
                message: /AWSManagedRulesSQLiRuleSet adds no label awswaf:managed:aws:sql-database:sqli_body \(labels are case-sensitive: it adds awswaf:managed:aws:sql-database:SQLi_Body\)/,
            },
            "ruleJson's only rule counts": {
                change: s => {
                    delete acl(s).rules;
                    acl(s).ruleJson = JSON.stringify([{ Name: "rate", Priority: 0, Action: { Count: {} }, Statement: { RateBasedStatement: { Limit: 1000 } }, VisibilityConfig: { CloudWatchMetricsEnabled: true } }]);
                },
                message: /blocks nothing/,
            },
            "a separate rule-group association counts": {
                change: s => {
                    acl(s).rules = [{ ...rateRule, action: { count: {} } }];
                    s.push({
                        type: "aws:wafv2/webAclRuleGroupAssociation:WebAclRuleGroupAssociation", name: "assoc",
                        props: { ruleName: "common", priority: 1, overrideAction: "count", webAclArn: ACL_ARN, managedRuleGroup: { name: "AWSManagedRulesCommonRuleSet", vendorName: "AWS" } },
                        propertyDependencies: { webAclArn: ["waf"] },
                    });
                },
                message: /blocks nothing/,
            },
            "an allow rule on an IP set covering the whole IPv4 space runs first": {
                change: s => { s.push(ipSet(["0.0.0.0/1", "128.0.0.0/1"])); acl(s).rules = [allowFirst({ ipSetReferenceStatement: { arn: IP_SET_ARN } }), rateRule, managedRule]; },
                message: /rule allow-first \(priority -1\) allows \(nearly\) every request before rate-limit, common evaluate/,
            },
            "an allow rule on a whole-space IPv6 set runs first, found by id": {
                change: s => {
                    s.push({ ...ipSet(["::/1", "8000::/1"], "IPV6"), props: { ...ipSet(["::/1", "8000::/1"], "IPV6").props, arn: undefined, id: "ipset-1" } });
                    acl(s).rules = [allowFirst({ ipSetReferenceStatement: { arn: "ipset-1" } }), rateRule, managedRule];
                },
                message: /allows \(nearly\) every request/,
            },
            "an allow rule on every URI starting with / runs first": {
                change: s => { acl(s).rules = [allowFirst(uriStartsWith("/")), rateRule, managedRule]; }, message: /allows \(nearly\) every request before rate-limit, common/,
            },
            "an allow rule on the absence of a header nobody sends runs first": {
                change: s => { acl(s).rules = [allowFirst({ notStatement: { statement: headerIs("x-debug", "1") } }), rateRule, managedRule]; }, message: /allows \(nearly\) every request/,
            },
            "an allow rule on a regex matching any path runs first, in ruleJson": {
                change: s => {
                    delete acl(s).rules;
                    acl(s).ruleJson = JSON.stringify([
                        { Name: "any", Priority: 0, Action: { Allow: {} }, VisibilityConfig: { CloudWatchMetricsEnabled: true },
                            Statement: { RegexMatchStatement: { RegexString: "^/", FieldToMatch: { UriPath: {} }, TextTransformations: [{ Priority: 0, Type: "NONE" }] } } },
                        { Name: "rate", Priority: 1, Action: { Block: {} }, Statement: { RateBasedStatement: { Limit: 1000 } }, VisibilityConfig: { CloudWatchMetricsEnabled: true } },
                    ]);
                },
                message: /rule any \(priority 0\) allows \(nearly\) every request before rate evaluate/,
            },
            "an allow rule on a header the client sends runs first": {
                change: s => { acl(s).rules = [allowFirst(headerIs("x-internal", "1")), rateRule, managedRule]; },
                message: /rule allow-first \(priority -1\) allows any request with header x-internal before rate-limit, common evaluate: the client chooses those values/,
            },
            "an allow rule on a cookie runs first": {
                change: s => { acl(s).rules = [allowFirst({ byteMatchStatement: { fieldToMatch: { cookies: { matchPattern: { all: {} }, matchScope: "VALUE", oversizeHandling: "MATCH" } }, positionalConstraint: "CONTAINS", searchString: "staff=1", textTransformations: [{ priority: 0, type: "NONE" }] } }), rateRule, managedRule]; },
                message: /allows any request with the cookies before/,
            },
            "an allow rule on a query argument runs first": {
                change: s => { acl(s).rules = [allowFirst({ regexMatchStatement: { fieldToMatch: { singleQueryArgument: { name: "debug" } }, regexString: "^on$", textTransformations: [{ priority: 0, type: "NONE" }] } }), rateRule, managedRule]; },
                message: /allows any request with query argument debug/,
            },
            "an allow rule on the user agent OR the office's addresses runs first": {
                change: s => { s.push(ipSet(["198.51.100.0/24"])); acl(s).rules = [allowFirst({ orStatement: { statements: [{ ipSetReferenceStatement: { arn: IP_SET_ARN } }, headerIs("user-agent", "ExpertConnect-Monitor/1.0")] } }), rateRule, managedRule]; },
                message: /allows any request with header user-agent/,
            },
            "an allow rule on the office's addresses read from X-Forwarded-For runs first": {
                change: s => { s.push(ipSet(["198.51.100.0/24"])); acl(s).rules = [allowFirst({ ipSetReferenceStatement: { arn: IP_SET_ARN, ipSetForwardedIpConfig: { headerName: "X-Forwarded-For", fallbackBehavior: "NO_MATCH", position: "FIRST" } } }), rateRule, managedRule]; },
                message: /allows any request with header X-Forwarded-For naming the IP set/,
            },
            "an allow rule on a country runs first": {
                change: s => { acl(s).rules = [allowFirst({ geoMatchStatement: { countryCodes: ["NZ"] } }), rateRule, managedRule]; },
                message: /allows any request with a source address in a country of NZ/,
            },
            "an allow rule on a /8 IP set runs first": {
                change: s => { s.push(ipSet(["3.0.0.0/8"])); acl(s).rules = [allowFirst({ ipSetReferenceStatement: { arn: IP_SET_ARN } }), rateRule, managedRule]; },
                message: /allows any request with a source address in the IP set/,
            },
            "an allow rule on a new whole-internet IP set runs first, its ARN unknown (found by dependency)": {
                change: s => {
                    s.push({ ...ipSet(["0.0.0.0/0"]), props: { ...ipSet(["0.0.0.0/0"]).props, arn: UNKNOWN } });
                    acl(s).rules = [allowFirst({ ipSetReferenceStatement: { arn: UNKNOWN } }), rateRule, managedRule];
                    named(s, "waf").propertyDependencies = { rules: ["partners"] };
                },
                message: /allows \(nearly\) every request/,
            },
            "an allow rule on a new whole-internet IP set runs first, named in its ARN": {
                change: s => {
                    s.push({ ...ipSet(["0.0.0.0/1", "128.0.0.0/1"]), props: { ...ipSet(["0.0.0.0/1", "128.0.0.0/1"]).props, arn: undefined } });
                    acl(s).rules = [allowFirst({ ipSetReferenceStatement: { arn: `arn:aws:wafv2:${REGION}:${ACCOUNT}:regional/ipset/partners/abc` } }), rateRule, managedRule];
                },
                message: /allows \(nearly\) every request/,
            },
            "the rate rule aggregates on X-Forwarded-For": {
                change: s => { acl(s).rules = [rule("rate-limit", 0, { action: { block: {} }, statement: { rateBasedStatement: { aggregateKeyType: "FORWARDED_IP", limit: 2000, forwardedIpConfig: { headerName: "X-Forwarded-For", fallbackBehavior: "MATCH" } } } }), managedRule]; },
                message: /aggregates on the forwarded address in header X-Forwarded-For \(aggregateKeyType FORWARDED_IP\), values the client chooses/,
            },
            "the rate rule aggregates on a forwarded-address custom key": {
                change: s => { acl(s).rules = [keyedRate([{ forwardedIP: {} }]), managedRule]; }, message: /aggregates on forwardedip \(customKeys\)/,
            },
            "the rate rule is scoped down to a header nobody sends": {
                change: s => { acl(s).rules = [scopedRate(headerIs("x-rate-limit", "on")), managedRule]; }, message: /rate-based rule rate-limit is scoped down .* it throttles nothing/,
            },
            "the rate rule is scoped down to a method nobody uses": {
                change: s => { acl(s).rules = [scopedRate({ byteMatchStatement: { fieldToMatch: { method: {} }, positionalConstraint: "EXACTLY", searchString: "TRACE", textTransformations: [{ priority: 0, type: "NONE" }] } }), managedRule]; },
                message: /it throttles nothing/,
            },
            "the rate rule aggregates on a header the client sets": {
                change: s => { acl(s).rules = [keyedRate([{ header: { name: "x-client-id", textTransformations: [{ priority: 0, type: "NONE" }] } }]), managedRule]; },
                message: /rate-based rule rate-limit aggregates on header \(customKeys\), values the client chooses/,
            },
            "the rate rule aggregates on the address and a cookie": {
                change: s => { acl(s).rules = [keyedRate([{ ip: {} }, { cookie: { name: "sid", textTransformations: [{ priority: 0, type: "NONE" }] } }]), managedRule]; },
                message: /aggregates on cookie/,
            },
            "the managed group is scoped down to a header nobody sends": {
                change: s => { acl(s).rules = [rateRule, scopedManaged(headerIs("x-inspect", "yes"))]; }, message: /rule group common is scoped down .* it inspects nothing/,
            },
            "a rule publishes no metrics": {
                change: s => { acl(s).rules = [rateRule, { ...managedRule, visibilityConfig: { cloudwatchMetricsEnabled: false } }]; }, message: /rule common publishes no CloudWatch metrics/,
            },
        },
    });
});

describe("waf-rules-enforced: the program's managed rule groups on the load balancer's web ACL", () => {
    const LB_ARN = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:loadbalancer/app/expertconnect-prod-alb/1`;
    const group = (name: string, priority: number, extra: object = {}) => rule(name, priority, {
        overrideAction: { none: {} }, statement: { managedRuleGroupStatement: { name, vendorName: "AWS", ...extra } },
    });
    const GROUPS = ["AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesSQLiRuleSet"];
    const fronted: StackResourceInput[] = [
        { type: "aws:wafv2/webAcl:WebAcl", name: "waf", props: { name: "expertconnect-prod", arn: ACL_ARN, scope: "REGIONAL", defaultAction: { allow: {} }, rules: [rateRule, ...GROUPS.map((g, i) => group(g, i + 1))] } },
        { type: "aws:lb/loadBalancer:LoadBalancer", name: "alb", props: { name: "expertconnect-prod-alb", arn: LB_ARN, loadBalancerType: "application", internal: false } },
        { type: "aws:wafv2/webAclAssociation:WebAclAssociation", name: "waf-alb", props: { resourceArn: LB_ARN, webAclArn: ACL_ARN } },
    ];
    const rules = (s: StackResourceInput[]) => acl(s).rules as Array<Record<string, any>>;
    const drop = (name: string) => (s: StackResourceInput[]) => { acl(s).rules = rules(s).filter(r => r.name !== name); };
    stackTable(wafRulesEnforced, fronted, {
        passes: {
            "an extra managed group (IP reputation) beside the program's": { change: s => { rules(s).push(group("AWSManagedRulesAmazonIpReputationList", 5)); } },
            "one named rule of the common group counts and is listed in countModeRules": {
                config: { countModeRules: ["AWSManagedRulesCommonRuleSet/SizeRestrictions_BODY"] },
                change: s => { rules(s)[1].statement.managedRuleGroupStatement.ruleActionOverrides = [{ name: "SizeRestrictions_BODY", actionToUse: { count: {} } }]; },
            },
            "a pinned version of a group": { change: s => { rules(s)[3].statement.managedRuleGroupStatement.version = "Version_2.0"; } },
            "the groups as ruleJson in the WAF API's shape": {
                change: s => {
                    acl(s).ruleJson = JSON.stringify(GROUPS.map((g, i) => ({ Name: g, Priority: i + 1, OverrideAction: { None: {} }, Statement: { ManagedRuleGroupStatement: { VendorName: "AWS", Name: g } }, VisibilityConfig: { CloudWatchMetricsEnabled: true, MetricName: g, SampledRequestsEnabled: true } })));
                    acl(s).rules = [rateRule];
                },
            },
            "a second web ACL with the rate limit alone, associated with no load balancer": {
                change: s => { s.push({ type: "aws:wafv2/webAcl:WebAcl", name: "api-waf", props: { name: "partner-api", arn: `${ACL_ARN}-api`, scope: "REGIONAL", defaultAction: { allow: {} }, rules: [rateRule] } }); },
            },
            "the config requires only the SQL injection group (a stack that drops the others by decision)": {
                config: { requiredManagedRuleGroups: ["AWS/AWSManagedRulesSQLiRuleSet"] }, change: s => { drop("AWSManagedRulesCommonRuleSet")(s); drop("AWSManagedRulesKnownBadInputsRuleSet")(s); },
            },
            "default block with an allow rule every request matches, after the protections": {
                change: s => { acl(s).defaultAction = { block: {} }; rules(s).push(rule("allow-rest", 9, { action: { allow: {} }, statement: uriStartsWith("/") })); },
            },
            "a second web ACL, associated with no load balancer, allows only the office (default block)": {
                change: s => { s.push({ type: "aws:wafv2/webAcl:WebAcl", name: "office-waf", props: { name: "office", arn: `${ACL_ARN}-office`, scope: "REGIONAL", defaultAction: { block: {} }, rules: [rateRule] } }); },
            },
        },
        violations: {
            "the web ACL keeps only the rate limit": {
                change: s => { acl(s).rules = [rateRule]; },
                message: /web ACL expertconnect-prod is in front of the stack's load balancer but runs no AWS\/AWSManagedRulesCommonRuleSet, AWS\/AWSManagedRulesKnownBadInputsRuleSet, AWS\/AWSManagedRulesSQLiRuleSet managed rule group/,
            },
            "the SQL injection group dropped": { change: drop("AWSManagedRulesSQLiRuleSet"), message: /runs no AWS\/AWSManagedRulesSQLiRuleSet managed rule group/ },
            "default action block with rules that all block": {
                change: s => { acl(s).defaultAction = { block: {} }; },
                message: /refuses ordinary requests with its default action block \(GET \/, GET \/static\/js\/main.3f2a.js, POST \/api\/auth\/login\/, GET \/api\/experts\/, …/,
            },
            "default action block, only GET allowed": {
                change: s => { acl(s).defaultAction = { block: {} }; rules(s).push(rule("allow-get", 9, { action: { allow: {} }, statement: { byteMatchStatement: { fieldToMatch: { method: {} }, positionalConstraint: "EXACTLY", searchString: "GET", textTransformations: [{ priority: 0, type: "NONE" }] } } })); },
                message: /refuses ordinary requests with its default action block \(POST \/api\/auth\/login\/, PUT \/api\/profile\//,
            },
            "the SQL injection group scoped down to the API": {
                change: s => { rules(s)[3].statement.managedRuleGroupStatement.scopeDownStatement = uriStartsWith("/api/"); },
                message: /rule group AWSManagedRulesSQLiRuleSet is scoped down \(scopeDownStatement on the URI path\)/,
            },
            "a group replaced by a rule of the same name that is not the managed group": {
                change: s => { rules(s)[2] = rule("AWSManagedRulesKnownBadInputsRuleSet", 2, { action: { block: {} }, statement: headerIs("x-never", "sent") }); },
                message: /runs no AWS\/AWSManagedRulesKnownBadInputsRuleSet/,
            },
            "the common group put in count mode": { change: s => { rules(s)[1].overrideAction = { count: {} }; }, message: /rule group AWSManagedRulesCommonRuleSet is in count mode/ },
            "every rule of a group excluded (the API's ExcludedRules, which count)": {
                change: s => {
                    acl(s).ruleJson = JSON.stringify([{ Name: "sqli", Priority: 9, OverrideAction: { None: {} }, Statement: { ManagedRuleGroupStatement: { VendorName: "AWS", Name: "AWSManagedRulesSQLiRuleSet", ExcludedRules: [{ Name: "SQLi_BODY" }, { Name: "SQLi_QUERYARGUMENTS" }] } }, VisibilityConfig: { CloudWatchMetricsEnabled: true, MetricName: "sqli", SampledRequestsEnabled: true } }]);
                    drop("AWSManagedRulesSQLiRuleSet")(s);
                },
                message: /rule group sqli overrides SQLi_BODY, SQLi_QUERYARGUMENTS to count or allow/,
            },
            "the load balancer re-associated with a second web ACL that has only the rate limit": {
                change: s => {
                    s.push({ type: "aws:wafv2/webAcl:WebAcl", name: "lean-waf", props: { name: "expertconnect-lean", arn: `${ACL_ARN}-lean`, scope: "REGIONAL", defaultAction: { allow: {} }, rules: [rateRule] } });
                    named(s, "waf-alb").props.webAclArn = `${ACL_ARN}-lean`;
                },
                message: /web ACL expertconnect-lean is in front of the stack's load balancer but runs no AWS\/AWSManagedRulesCommonRuleSet/,
            },
        },
    });
});

describe("waf-logging", () => {
    stackTable(wafLogging, waf, {
        passes: {
            "the logging configuration finds its log group by ARN (no dependencies)": { change: s => { delete named(s, "waf-logging").propertyDependencies; } },
            "the credential headers redacted in other spellings, with one more": {
                change: s => { named(s, "waf-logging").props.redactedFields = [{ singleHeader: { name: "Authorization" } }, { singleHeader: { name: "COOKIE" } }, { singleHeader: { name: "x-api-key" } }]; },
            },
            "redacted fields unknown during preview": { change: s => { named(s, "waf-logging").props.redactedFields = UNKNOWN; } },
            "logs go to S3": { change: s => { named(s, "waf-logging").props.logDestinationConfigs = ["arn:aws:s3:::aws-waf-logs-bucket"]; } },
            "a filter keeps blocked requests and those carrying a label the ACL's own rule declares": {
                change: s => {
                    acl(s).rules = [rateRule, managedRule, rule("tag-admin", 2, { action: { count: {} }, ruleLabels: [{ name: "audit" }], statement: uriStartsWith("/admin") })];
                    named(s, "waf-logging").props.loggingFilter = { defaultBehavior: "DROP", filters: [{ behavior: "KEEP", requirement: "MEETS_ANY", conditions: [{ actionCondition: { action: "BLOCK" } }, { labelNameCondition: { labelName: `awswaf:${ACCOUNT}:webacl:expertconnect-prod:audit` } }] }] };
                },
            },
            "a filter drops allowed requests and keeps the rest": {
                change: s => { named(s, "waf-logging").props.loggingFilter = { defaultBehavior: "KEEP", filters: [{ behavior: "DROP", requirement: "MEETS_ANY", conditions: [{ actionCondition: { action: "ALLOW" } }] }] }; },
            },
            "a filter keeps only managed-rule matches while the managed group is the only blocking rule besides a labelled rate rule": {
                change: s => {
                    acl(s).rules = [{ ...rateRule, ruleLabels: [{ name: "throttled" }] }, managedRule];
                    named(s, "waf-logging").props.loggingFilter = { defaultBehavior: "DROP", filters: [{ behavior: "KEEP", requirement: "MEETS_ANY", conditions: [{ labelNameCondition: { labelName: `awswaf:${ACCOUNT}:webacl:expertconnect-prod:throttled` } }, { labelNameCondition: { labelName: "awswaf:managed:aws:core-rule-set:NoUserAgent_Header" } }] }] };
                },
            },
            "a filter keeps blocked requests and managed-rule matches": {
                change: s => { named(s, "waf-logging").props.loggingFilter = { defaultBehavior: "DROP", filters: [{ behavior: "KEEP", requirement: "MEETS_ANY", conditions: [{ actionCondition: { action: "BLOCK" } }, { labelNameCondition: { labelName: "awswaf:managed:aws:core-rule-set:NoUserAgent_Header" } }] }] }; },
            },
            "a filter keeps blocked requests only": {
                change: s => { named(s, "waf-logging").props.loggingFilter = { defaultBehavior: "DROP", filters: [{ behavior: "KEEP", requirement: "MEETS_ANY", conditions: [] }] }; },
            },
        },
        violations: {
            "the authorization header is no longer redacted": {
                change: s => { named(s, "waf-logging").props.redactedFields = [{ singleHeader: { name: "cookie" } }]; },
                message: /logging configuration waf-logging does not redact header authorization: WAF writes every request header to its log/,
            },
            "nothing is redacted": { change: s => { delete named(s, "waf-logging").props.redactedFields; }, message: /does not redact header authorization, cookie/ },
            "the query string redacted instead of the cookie": {
                change: s => { named(s, "waf-logging").props.redactedFields = [{ singleHeader: { name: "authorization" } }, { queryString: {} }]; }, message: /does not redact header cookie/,
            },
            "the web ACL has no logging configuration": { change: s => { s.splice(2, 1); }, message: /has no logging configuration/ },
            "the log group keeps WAF logs 30 days": { change: s => { named(s, "waf-logs").props.retentionInDays = 30; }, message: /keeps events 30 days; the audit minimum is 365/ },
            "the log group is outside the stack": {
                change: s => {
                    s.splice(1, 1);
                    delete named(s, "waf-logging").propertyDependencies?.logDestinationConfigs;
                },
                message: /not managed by this stack/,
            },
            "a filter drops every record": {
                change: s => { named(s, "waf-logging").props.loggingFilter = { defaultBehavior: "DROP", filters: [] }; }, message: /drops every record/,
            },
            "the only KEEP filter needs a label no rule adds": {
                change: s => { named(s, "waf-logging").props.loggingFilter = { defaultBehavior: "DROP", filters: [{ behavior: "KEEP", requirement: "MEETS_ALL", conditions: [{ labelNameCondition: { labelName: "never:matches" } }] }] }; },
                message: /drops every record/,
            },
            "the only KEEP filter needs a label of the ACL's that no rule of it declares": {
                change: s => { named(s, "waf-logging").props.loggingFilter = { defaultBehavior: "DROP", filters: [{ behavior: "KEEP", requirement: "MEETS_ANY", conditions: [{ labelNameCondition: { labelName: `awswaf:${ACCOUNT}:webacl:expertconnect-prod:audit` } }] }] }; },
                message: /drops every record/,
            },
            "the only KEEP filter keeps requests excluded as count, which no rule produces": {
                change: s => { named(s, "waf-logging").props.loggingFilter = { defaultBehavior: "DROP", filters: [{ behavior: "KEEP", requirement: "MEETS_ALL", conditions: [{ actionCondition: { action: "EXCLUDED_AS_COUNT" } }] }] }; },
                message: /drops the records of requests rule rate-limit blocks \(BLOCK\), requests rule common blocks \(BLOCK\)/,
            },
            "the only KEEP filter keeps a label only a count rule adds": {
                change: s => {
                    acl(s).rules = [rateRule, managedRule, rule("tag-admin", 2, { action: { count: {} }, ruleLabels: [{ name: "audit" }], statement: uriStartsWith("/admin") })];
                    named(s, "waf-logging").props.loggingFilter = { defaultBehavior: "DROP", filters: [{ behavior: "KEEP", requirement: "MEETS_ANY", conditions: [{ labelNameCondition: { labelName: `awswaf:${ACCOUNT}:webacl:expertconnect-prod:audit` } }] }] };
                },
                message: /drops the records of requests rule rate-limit blocks/,
            },
            "a DROP filter drops blocked requests": {
                change: s => { named(s, "waf-logging").props.loggingFilter = { defaultBehavior: "KEEP", filters: [{ behavior: "DROP", requirement: "MEETS_ANY", conditions: [{ actionCondition: { action: "BLOCK" } }] }] }; },
                message: /drops the records of requests rule rate-limit blocks \(BLOCK\)/,
            },
            "blocked requests kept only for a managed label while the rate rule's blocks carry none": {
                change: s => { named(s, "waf-logging").props.loggingFilter = { defaultBehavior: "DROP", filters: [{ behavior: "KEEP", requirement: "MEETS_ALL", conditions: [{ actionCondition: { action: "BLOCK" } }, { labelNameCondition: { labelName: "awswaf:managed:aws:sql-database:SQLi_Body" } }] }] }; },
                message: /drops the records of requests rule rate-limit blocks \(BLOCK\): /,
            },
            "the only KEEP filter needs a request both blocked and allowed": {
                change: s => { named(s, "waf-logging").props.loggingFilter = { defaultBehavior: "DROP", filters: [{ behavior: "KEEP", requirement: "MEETS_ALL", conditions: [{ actionCondition: { action: "BLOCK" } }, { actionCondition: { action: "ALLOW" } }] }] }; },
                message: /drops every record/,
            },
        },
    });
});

const trail: StackResourceInput = {
    type: "aws:cloudtrail/trail:Trail", name: "trail",
    props: {
        name: "expertconnect-trail", isMultiRegionTrail: true, includeGlobalServiceEvents: true, enableLogging: true,
        cloudWatchLogsGroupArn: `${logGroupArn("/aws/cloudtrail/expertconnect-trail")}:*`, cloudWatchLogsRoleArn: `arn:aws:iam::${ACCOUNT}:role/trail-logs`,
    },
    propertyDependencies: { cloudWatchLogsGroupArn: ["trail-logs"] },
};
const trailStack = [trail, logGroup("/aws/cloudtrail/expertconnect-trail", "trail-logs")];

describe("cloudtrail-management-events", () => {
    resourceTable(cloudtrailManagementEvents, trail as ResourceInput, {
        passes: {
            "a basic selector records all management events and S3 data events": {
                change: r => { r.props.eventSelectors = [{ readWriteType: "All", includeManagementEvents: true, dataResources: [{ type: "AWS::S3::Object", values: ["arn:aws:s3"] }] }]; },
            },
            "a ReadOnly and a WriteOnly selector together cover both": {
                change: r => { r.props.eventSelectors = [{ readWriteType: "ReadOnly" }, { readWriteType: "WriteOnly" }]; },
            },
            "an advanced selector selects management events": {
                change: r => { r.props.advancedEventSelectors = [{ name: "mgmt", fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }] }]; },
            },
            "a selector without KMS beside one recording every management event": {
                change: r => { r.props.eventSelectors = [{ readWriteType: "All", excludeManagementEventSources: ["kms.amazonaws.com"] }, { readWriteType: "All", includeManagementEvents: true }]; },
            },
            "an advanced data-event selector filters by event name beside full management events": {
                change: r => {
                    r.props.advancedEventSelectors = [
                        { name: "mgmt", fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }] },
                        { name: "s3 puts", fieldSelectors: [{ field: "eventCategory", equals: ["Data"] }, { field: "resources.type", equals: ["AWS::S3::Object"] }, { field: "eventName", equals: ["PutObject"] }] },
                    ];
                },
            },
        },
        violations: {
            "the trail is write-only": { change: r => { r.props.eventSelectors = [{ readWriteType: "WriteOnly", includeManagementEvents: true }]; }, message: /only write management events/ },
            "management events are excluded": { change: r => { r.props.eventSelectors = [{ readWriteType: "All", includeManagementEvents: false, dataResources: [] }]; }, message: /record no management events/ },
            "an advanced selector records data events only": {
                change: r => { r.props.advancedEventSelectors = [{ fieldSelectors: [{ field: "eventCategory", equals: ["Data"] }, { field: "resources.type", equals: ["AWS::S3::Object"] }] }]; },
                message: /record no management events/,
            },
            "an advanced selector keeps read-only management events": {
                change: r => { r.props.advancedEventSelectors = [{ fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }, { field: "readOnly", equals: ["true"] }] }]; },
                message: /only read management events/,
            },
            "global service events are off": { change: r => { r.props.includeGlobalServiceEvents = false; }, message: /includeGlobalServiceEvents is false/ },
            "a basic selector excludes KMS events": {
                change: r => { r.props.eventSelectors = [{ readWriteType: "All", includeManagementEvents: true, excludeManagementEventSources: ["kms.amazonaws.com"] }]; },
                message: /filter management events \(excludeManagementEventSources kms.amazonaws.com\)/,
            },
            "an advanced management selector excludes an event source": {
                change: r => { r.props.advancedEventSelectors = [{ fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }, { field: "eventSource", notEquals: ["kms.amazonaws.com"] }] }]; },
                message: /filter management events \(eventSource notEquals \["kms.amazonaws.com"\]\)/,
            },
            "an advanced management selector leaves out key deletion by event name": {
                change: r => { r.props.advancedEventSelectors = [{ fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }, { field: "eventName", notEquals: ["ScheduleKeyDeletion", "DisableKey"] }] }]; },
                message: /filter management events \(eventName/,
            },
            "writes are recorded only without RDS Data API calls while reads are whole": {
                change: r => { r.props.eventSelectors = [{ readWriteType: "ReadOnly" }, { readWriteType: "WriteOnly", excludeManagementEventSources: ["rdsdata.amazonaws.com"] }]; },
                message: /excludeManagementEventSources rdsdata.amazonaws.com/,
            },
        },
    });
});

describe("cloudtrail-present (recording, not only present)", () => {
    stackTable(cloudtrailPresent, [trail], {
        violations: {
            "the only multi-region trail is write-only": {
                change: s => { s[0].props.eventSelectors = [{ readWriteType: "WriteOnly" }]; }, message: /no multi-region trail is logging every read and write management event/,
            },
            "the only multi-region trail has stopped logging": { change: s => { s[0].props.enableLogging = false; }, message: /no multi-region trail is logging/ },
        },
    });
});

describe("cloudtrail-cloudwatch-logs", () => {
    stackTable(cloudtrailCloudWatchLogs, trailStack, {
        passes: {
            "the log group ARN is unknown during preview": { change: s => { s[0].props.cloudWatchLogsGroupArn = UNKNOWN; delete s[0].propertyDependencies; } },
            "the trail finds its log group by name (no dependencies)": { change: s => { delete s[0].propertyDependencies; } },
        },
        violations: {
            "the trail does not deliver to CloudWatch Logs": { change: s => { delete s[0].props.cloudWatchLogsGroupArn; }, message: /does not deliver to CloudWatch Logs/ },
            "the role is missing": { change: s => { delete s[0].props.cloudWatchLogsRoleArn; }, message: /does not deliver to CloudWatch Logs/ },
            "the log group keeps events 90 days": { change: s => { s[1].props.retentionInDays = 90; }, message: /keeps events 90 days/ },
            "the log group is another stack's": { change: s => { s.splice(1, 1); delete s[0].propertyDependencies; }, message: /not managed by this stack/ },
        },
    });
});

const PROVIDER = { type: "pulumi:providers:aws", name: "default_7_0_0", props: { region: REGION } };
const DETECTOR_ID = "d-1";
const feature = (name: string, logical: string, extra: object = {}): StackResourceInput => ({
    type: "aws:guardduty/detectorFeature:DetectorFeature", name: logical,
    props: { detectorId: DETECTOR_ID, name, status: "ENABLED", ...extra }, propertyDependencies: { detectorId: ["detector"] },
});
const guardduty: StackResourceInput[] = [
    PROVIDER,
    { type: "aws:guardduty/detector:Detector", name: "detector", props: { id: DETECTOR_ID, enable: true, region: REGION } },
    feature("S3_DATA_EVENTS", "s3"),
    feature("RDS_LOGIN_EVENTS", "rds"),
    feature("RUNTIME_MONITORING", "runtime", { additionalConfigurations: [{ name: "ECS_FARGATE_AGENT_MANAGEMENT", status: "ENABLED" }] }),
    { type: "aws:s3/bucket:Bucket", name: "bucket", props: { bucket: "b" } },
    { type: "aws:rds/instance:Instance", name: "db", props: {} },
    { type: "aws:ecs/service:Service", name: "svc", props: { launchType: "FARGATE" } },
];

describe("guardduty-findings-not-suppressed", () => {
    const highSeverity = JSON.stringify({ source: ["aws.guardduty"], "detail-type": ["GuardDuty Finding"], detail: { severity: [{ numeric: [">=", 7] }] } });
    const archive = (criterions: object[]): StackResourceInput => ({
        type: "aws:guardduty/filter:Filter", name: "noise", props: { detectorId: "det-1", name: "noise", action: "ARCHIVE", rank: 1, findingCriteria: { criterions } },
    });
    const trusted = (props: object): StackResourceInput => ({
        type: "aws:guardduty/iPSet:IPSet", name: "trusted", props: { detectorId: "det-1", name: "trusted", format: "TXT", location: "https://s3.amazonaws.com/expertconnect-prod-static/ips.txt", activate: true, ...props },
    });
    const listFile = (bucket: string, key: string, content: string): StackResourceInput => ({
        type: "aws:s3/bucketObjectv2:BucketObjectv2", name: "trusted-list", props: { bucket, key, content },
    });
    const stack: StackResourceInput[] = [
        { type: "aws:guardduty/detector:Detector", name: "detector", props: { enable: true, id: "det-1" } },
        { type: "aws:cloudwatch/eventRule:EventRule", name: "guardduty-high", props: { eventPattern: highSeverity, state: "ENABLED" } },
    ];
    stackTable(guarddutyFindingsNotSuppressed, stack, {
        passes: {
            "a filter archives low-severity findings below the alert threshold": { change: s => { s.push(archive([{ field: "severity", lessThan: "4" }])); } },
            "a filter archives one benign finding type of any severity": {
                change: s => { s.push(archive([{ field: "type", equals: ["Recon:EC2/PortProbeUnprotectedPort"] }, { field: "severity", greaterThanOrEqual: "1" }])); },
            },
            "a filter archives our pentest vendor's scans, named by its address": {
                change: s => { s.push(archive([{ field: "type", equals: ["Recon:EC2/Portscan"] }, { field: "service.action.networkConnectionAction.remoteIpDetails.ipAddressV4", equals: ["203.0.113.10"] }])); },
            },
            "a Policy finding archived for the one bucket that is public by design": {
                change: s => { s.push(archive([{ field: "type", equals: ["Policy:S3/BucketAnonymousAccessGranted"] }, { field: "resource.s3BucketDetails.name", equals: ["expertconnect-prod-public-downloads"] }])); },
            },
            "a filter archives any finding caused by one named scanner address": {
                change: s => { s.push(archive([{ field: "service.action.portProbeAction.portProbeDetails.remoteIpDetails.ipAddressV4", equals: ["203.0.113.10"] }])); },
            },
            "a filter archives an attack type on the one instance it is benign for": {
                change: s => { s.push(archive([{ field: "type", equals: ["CryptoCurrency:EC2/BitcoinTool.B!DNS"] }, { field: "resource.instanceDetails.instanceId", equals: ["i-0abc1234def567890"] }])); },
            },
            "a filter on every finding only saves a view (NOOP)": { change: s => { s.push({ ...archive([{ field: "severity", greaterThanOrEqual: "0" }]), props: { ...archive([]).props, action: "NOOP" } }); } },
            "a trusted IP list is inactive": { change: s => { s.push(trusted({ activate: false })); } },
            "a trusted IP list's location is vetted in config": {
                config: { trustedIpListLocations: ["https://s3.amazonaws.com/expertconnect-security/trusted.txt"] },
                change: s => { s.push(trusted({ location: "https://s3.amazonaws.com/expertconnect-security/trusted.txt" })); },
            },
            "the filter's criteria are unknown during preview": { change: s => { s.push({ ...archive([]), props: { ...archive([]).props, findingCriteria: UNKNOWN } }); } },
            "a vetted trusted IP list the stack writes names the office's addresses": {
                config: { trustedIpListLocations: ["https://s3.amazonaws.com/expertconnect-security/trusted.txt"] },
                change: s => { s.push(trusted({ location: "https://s3.amazonaws.com/expertconnect-security/trusted.txt" }), listFile("expertconnect-security", "trusted.txt", "198.51.100.0/24\n203.0.113.10\n")); },
            },
        },
        violations: {
            "a filter archives every finding of severity 4 and above": {
                change: s => { s.push(archive([{ field: "severity", greaterThanOrEqual: "4" }])); }, message: /filter noise \(action ARCHIVE\) archives every finding of severity 4 and above/,
            },
            "a filter archives every finding": { change: s => { s.push(archive([{ field: "severity", greaterThanOrEqual: "0" }])); }, message: /archives every finding without naming a finding type/ },
            "a filter archives every finding on ECS clusters (a resource type is a kind)": {
                change: s => { s.push(archive([{ field: "resource.resourceType", equals: ["ECSCluster"] }])); }, message: /archives every finding without naming a finding type or actor/,
            },
            "a filter archives every API-call finding (an action type is a kind)": {
                change: s => { s.push(archive([{ field: "service.action.actionType", equals: ["AWS_API_CALL"] }])); }, message: /archives every finding without naming a finding type or actor/,
            },
            "a filter archives credential exfiltration and runtime attacks everywhere": {
                change: s => { s.push(archive([{ field: "type", equals: ["UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS", "Execution:Runtime/ReverseShell"] }])); },
                message: /archives UnauthorizedAccess:IAMUser\/InstanceCredentialExfiltration.OutsideAWS, Execution:Runtime\/ReverseShell findings on any resource from any actor: these report an attack under way or a defence taken down \(UnauthorizedAccess, Execution\)/,
            },
            "a filter archives every finding on one named cluster (any type)": {
                change: s => { s.push(archive([{ field: "resource.ecsClusterDetails.name", equals: ["expertconnect-prod-cluster"] }])); }, message: /archives every finding on the resource it names \(resource.ecsClusterDetails.name\), of any type/,
            },
            "a filter archives an attack type and a noise type everywhere": {
                change: s => { s.push(archive([{ field: "type", equals: ["Recon:EC2/Portscan", "Backdoor:Runtime/C&CActivity.B"] }])); }, message: /archives Backdoor:Runtime\/C&CActivity.B findings on any resource/,
            },
            "a filter archives the trail being disabled and the root user's use by type (Stealth, Policy)": {
                change: s => { s.push(archive([{ field: "type", equals: ["Stealth:IAMUser/CloudTrailLoggingDisabled", "Policy:IAMUser/RootCredentialUsage"] }])); },
                message: /archives Stealth:IAMUser\/CloudTrailLoggingDisabled, Policy:IAMUser\/RootCredentialUsage findings on any resource from any actor: .*defence taken down \(Stealth, Policy\)/,
            },
            "a filter archives findings except one type (notEquals names nothing)": {
                change: s => { s.push(archive([{ field: "type", notEquals: ["UnauthorizedAccess:IAMUser/MaliciousIPCaller"] }])); }, message: /archives every finding/,
            },
            "a filter archives 5–8 while the alert rule starts at 4": {
                change: s => {
                    named(s, "guardduty-high").props.eventPattern = highSeverity.replace('">=",7', '">=",4');
                    s.push(archive([{ field: "severity", greaterThan: "5" }, { field: "severity", lessThanOrEqual: "8" }]));
                },
                message: /including those the stack alerts on \(severity 4 and above\)/,
            },
            "without an alert rule, a filter archives HIGH findings (default threshold 7)": {
                change: s => { s.splice(1, 1); s.push(archive([{ field: "severity", equals: ["8"] }])); }, message: /severity 7 and above/,
            },
            "a trusted IP list is active from an application bucket": {
                change: s => { s.push(trusted({})); }, message: /trusted IP list trusted is active from https:\/\/s3.amazonaws.com\/expertconnect-prod-static\/ips.txt/,
            },
            "a vetted trusted IP list the stack writes covers the whole IPv4 space": {
                config: { trustedIpListLocations: ["https://s3.amazonaws.com/expertconnect-security/trusted.txt"] },
                change: s => { s.push(trusted({ location: "https://s3.amazonaws.com/expertconnect-security/trusted.txt" }), listFile("expertconnect-security", "trusted.txt", "0.0.0.0/1\n128.0.0.0/1\n")); },
                message: /trusted IP list trusted at https:\/\/s3.amazonaws.com\/expertconnect-security\/trusted.txt lists 0.0.0.0\/1, 128.0.0.0\/1: address space anyone can rent/,
            },
            "a vetted trusted IP list (virtual-hosted URL) names a cloud provider's /8": {
                config: { trustedIpListLocations: ["https://expertconnect-security.s3.us-east-1.amazonaws.com/lists/trusted.txt"] },
                change: s => { s.push(trusted({ location: "https://expertconnect-security.s3.us-east-1.amazonaws.com/lists/trusted.txt" }), listFile("expertconnect-security", "lists/trusted.txt", "3.0.0.0/8")); },
                message: /lists 3.0.0.0\/8: address space anyone can rent/,
            },
            "a trusted IP list is active by default (activate unset)": {
                change: s => { s.push(trusted({ activate: undefined })); }, message: /is active/,
            },
        },
    });
});

describe("guardduty-findings-not-suppressed: IAM Access Analyzer archive rules", () => {
    const rule = (filters: object[]): StackResourceInput => ({ type: "aws:accessanalyzer/archiveRule:ArchiveRule", name: "archive", props: { analyzerName: "expertconnect-account", ruleName: "archive", filters } });
    const stack: StackResourceInput[] = [{ type: "aws:accessanalyzer/analyzer:Analyzer", name: "analyzer", props: { analyzerName: "expertconnect-account", type: "ACCOUNT" } }];
    stackTable(guarddutyFindingsNotSuppressed, stack, {
        passes: {
            "a rule archives the partner account's access": { change: s => { s.push(rule([{ criteria: "principal.AWS", eqs: ["444455556666"] }])); } },
            "a rule archives public access to the one bucket shared by design": { change: s => { s.push(rule([{ criteria: "isPublic", eqs: ["true"] }, { criteria: "resource", eqs: ["arn:aws:s3:::expertconnect-prod-public-downloads"] }])); } },
            "a rule archives a federated identity provider by containment": { change: s => { s.push(rule([{ criteria: "principal.Federated", contains: ["token.actions.githubusercontent.com"] }])); } },
            "filters not known yet (preview)": { change: s => { s.push({ ...rule([]), props: { analyzerName: "a", ruleName: "r", filters: UNKNOWN } }); } },
        },
        violations: {
            "a rule archives every public finding": { change: s => { s.push(rule([{ criteria: "isPublic", eqs: ["true"] }])); }, message: /archive rule archive archives every finding where isPublic = true without naming who is granted access/ },
            "a rule archives every bucket finding": { change: s => { s.push(rule([{ criteria: "resourceType", eqs: ["AWS::S3::Bucket"] }])); }, message: /where resourceType = AWS::S3::Bucket/ },
            "a rule archives any principal (*)": { change: s => { s.push(rule([{ criteria: "principal.AWS", eqs: ["*"] }])); }, message: /where principal.AWS = \* without naming/ },
            "a rule archives findings of the owning account": { change: s => { s.push(rule([{ criteria: "resourceOwnerAccount", eqs: [ACCOUNT] }])); }, message: /where resourceOwnerAccount = / },
            "a rule excludes one principal (neqs names nobody granted)": { change: s => { s.push(rule([{ criteria: "principal.AWS", neqs: ["444455556666"] }])); }, message: /where principal.AWS != 444455556666/ },
        },
    });
});

describe("guardduty-findings-not-suppressed: Security Hub", () => {
    const FSBP = "arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0";
    const association = (securityControlId: string, associationStatus: string): StackResourceInput => ({
        type: "aws:securityhub/standardsControlAssociation:StandardsControlAssociation", name: "mute", props: { securityControlId, standardsArn: FSBP, associationStatus, updatedReason: "noisy" },
    });
    const legacy = (control: string, controlStatus: string): StackResourceInput => ({
        type: "aws:securityhub/standardsControl:StandardsControl", name: "mute-legacy",
        props: { standardsControlArn: `arn:aws:securityhub:us-east-1:111111111111:control/aws-foundational-security-best-practices/v/1.0.0/${control}`, controlStatus, disabledReason: "false positives" },
    });
    const configurationPolicy = (configuration: object): StackResourceInput => ({
        type: "aws:securityhub/configurationPolicy:ConfigurationPolicy", name: "central", props: { name: "central", configurationPolicy: { serviceEnabled: true, enabledStandardArns: [FSBP], ...configuration } },
    });
    const eq = (...values: string[]) => values.map(value => ({ comparison: "EQUALS", value }));
    const rule = (criteria: object, update: object = { workflow: { status: "SUPPRESSED" } }, extra: object = {}): StackResourceInput => ({
        type: "aws:securityhub/automationRule:AutomationRule", name: "rule",
        props: { ruleName: "quiet", ruleOrder: 1, ruleStatus: "ENABLED", description: "noise", criteria, actions: [{ type: "FINDING_FIELDS_UPDATE", findingFieldsUpdate: update }], ...extra },
    });
    const vetted = { securityHubDisabledControls: [{ control: "EC2.19", reason: "Bastion SG reviewed by security, ticket SEC-42" }] };
    stackTable(guarddutyFindingsNotSuppressed, [{ type: "aws:securityhub/account:Account", name: "hub", props: { autoEnableControls: true } }], {
        passes: {
            "a control association stays enabled": { change: s => { s.push(association("CloudTrail.1", "ENABLED")); } },
            "a control disabled with its reason vetted in config": { config: vetted, change: s => { s.push(association("EC2.19", "DISABLED")); } },
            "a legacy control disabled with its reason vetted in config": { config: vetted, change: s => { s.push(legacy("EC2.19", "DISABLED")); } },
            "a configuration policy disables only vetted controls": { config: vetted, change: s => { s.push(configurationPolicy({ securityControlsConfiguration: { disabledControlIdentifiers: ["EC2.19"] } })); } },
            "a rule suppresses one control's findings on a named resource": {
                change: s => { s.push(rule({ complianceSecurityControlIds: eq("S3.9"), resourceIds: eq("arn:aws:s3:::expertconnect-prod-logs") })); },
            },
            "a rule suppresses a vetted control everywhere": { config: vetted, change: s => { s.push(rule({ complianceSecurityControlIds: eq("EC2.19") })); } },
            "a rule suppresses LOW and INFORMATIONAL findings only": { change: s => { s.push(rule({ severityLabels: eq("LOW", "INFORMATIONAL") })); } },
            "a rule raises the severity of every finding of a product": { change: s => { s.push(rule({ productNames: eq("GuardDuty") }, { severity: { label: "CRITICAL" } })); } },
            "a disabled rule": { change: s => { s.push(rule({ severityLabels: eq("HIGH") }, undefined, { ruleStatus: "DISABLED" })); } },
            "a rule only adds a note": { change: s => { s.push(rule({ severityLabels: eq("HIGH") }, { note: { text: "triage", updatedBy: "sec" } })); } },
        },
        violations: {
            "a control association disables CloudTrail.1": { change: s => { s.push(association("CloudTrail.1", "DISABLED")); }, message: /Security Hub mute disables control CloudTrail.1/ },
            "a legacy standards control disables EC2.19 (another control vetted)": {
                config: { securityHubDisabledControls: [{ control: "S3.9", reason: "logs bucket reviewed, ticket SEC-7" }] },
                change: s => { s.push(legacy("EC2.19", "DISABLED")); }, message: /mute-legacy disables control EC2.19/,
            },
            "a configuration policy disables an unvetted control": {
                change: s => { s.push(configurationPolicy({ securityControlsConfiguration: { disabledControlIdentifiers: ["GuardDuty.1"] } })); }, message: /disables control GuardDuty.1/,
            },
            "a configuration policy enables only a list of controls": {
                change: s => { s.push(configurationPolicy({ securityControlsConfiguration: { enabledControlIdentifiers: ["S3.1"] } })); }, message: /enables only a list of controls/,
            },
            "a configuration policy turns Security Hub off": { change: s => { s.push(configurationPolicy({ serviceEnabled: false })); }, message: /disables Security Hub/ },
            "a rule suppresses every CRITICAL and HIGH finding": {
                change: s => { s.push(rule({ severityLabels: eq("CRITICAL", "HIGH") })); }, message: /automation rule quiet sets their workflow status to SUPPRESSED for every HIGH\/CRITICAL finding/,
            },
            "a rule resolves every finding of a product": { change: s => { s.push(rule({ productNames: eq("GuardDuty") }, { workflow: { status: "RESOLVED" } })); }, message: /workflow status to RESOLVED/ },
            "a rule downgrades every finding to INFORMATIONAL": { change: s => { s.push(rule({}, { severity: { label: "INFORMATIONAL" } })); }, message: /lowers their severity to INFORMATIONAL/ },
            "a rule names resources by NOT_EQUALS (every other resource)": {
                change: s => { s.push(rule({ resourceIds: [{ comparison: "NOT_EQUALS", value: "arn:aws:s3:::x" }] })); }, message: /without naming a resource or check/,
            },
            "a rule suppresses an unvetted control everywhere": { change: s => { s.push(rule({ complianceSecurityControlIds: eq("IAM.1") })); }, message: /effectively disables control IAM.1/ },
            "a rule suppresses all of GuardDuty by its detector generator": {
                change: s => { s.push(rule({ generatorIds: eq("arn:aws:guardduty:us-east-1:111111111111:detector/abc") })); }, message: /without naming a resource or check/,
            },
            "a rule suppresses everything except LOW (NOT_EQUALS)": {
                change: s => { s.push(rule({ severityLabels: [{ comparison: "NOT_EQUALS", value: "LOW" }] })); }, message: /MEDIUM\/HIGH\/CRITICAL/,
            },
        },
    });
});

describe("guardduty-protections", () => {
    stackTable(guarddutyProtections, guardduty, {
        passes: {
            "the stack runs no database, so RDS login events are not required": { change: s => { s.splice(3, 1); s.splice(s.findIndex(r => r.name === "db"), 1); } },
        },
        violations: {
            "S3 protection is off": { change: s => { named(s, "s3").props.status = "DISABLED"; }, message: /does not enable S3_DATA_EVENTS/ },
            "RDS login events are not configured": { change: s => { s.splice(3, 1); }, message: /RDS_LOGIN_EVENTS/ },
            "runtime monitoring runs without the Fargate agent": {
                change: s => { named(s, "runtime").props.additionalConfigurations = [{ name: "ECS_FARGATE_AGENT_MANAGEMENT", status: "DISABLED" }]; },
                message: /RUNTIME_MONITORING with ECS_FARGATE_AGENT_MANAGEMENT/,
            },
            "an EC2 instance is added without malware scanning": {
                change: s => { s.push({ type: "aws:ec2/instance:Instance", name: "bastion", props: {} }); }, message: /EBS_MALWARE_PROTECTION/,
            },
            "a Lambda function is added without Lambda network logs": {
                change: s => { s.push({ type: "aws:lambda/function:Function", name: "fn", props: {} }); }, message: /LAMBDA_NETWORK_LOGS/,
            },
            "an EKS cluster is added without audit logs": { change: s => { s.push({ type: "aws:eks/cluster:Cluster", name: "eks", props: {} }); }, message: /EKS_AUDIT_LOGS/ },
        },
        notApplicable: {
            "the organization manages GuardDuty": { config: { guardDutyManagedByOrganization: true } },
        },
    });
});

const recorderStack: StackResourceInput[] = [
    PROVIDER,
    {
        type: "aws:cfg/recorder:Recorder", name: "recorder",
        props: {
            name: "default", region: REGION, recordingGroup: { allSupported: true, includeGlobalResourceTypes: true },
            roleArn: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
        },
    },
    { type: "aws:cfg/deliveryChannel:DeliveryChannel", name: "channel", props: { s3BucketName: "config-bucket" } },
    { type: "aws:cfg/recorderStatus:RecorderStatus", name: "status", props: { isEnabled: true } },
    ...configRuleStack(),
];
const recorder = (s: StackResourceInput[]) => named(s, "recorder").props;

describe("config-recorder (scope and role)", () => {
    stackTable(configRecorder, recorderStack, {
        passes: {
            "dr records no global types (prod records them once for the account)": { config: { environment: "dr" }, change: s => { recorder(s).recordingGroup = { allSupported: true, includeGlobalResourceTypes: false }; } },
        },
        violations: {
            "prod leaves out global resource types": { change: s => { recorder(s).recordingGroup = { allSupported: true, includeGlobalResourceTypes: false }; }, message: /does not record global resource types/ },
            "prod gives no recording group (AWS then leaves out global types)": { change: s => { delete recorder(s).recordingGroup; }, message: /does not record global resource types/ },
            "resource types are excluded": {
                change: s => {
                    recorder(s).recordingGroup = {
                        allSupported: false, includeGlobalResourceTypes: true,
                        exclusionByResourceTypes: [{ resourceTypes: ["AWS::EC2::SecurityGroup"] }], recordingStrategies: [{ useOnly: "EXCLUSION_BY_RESOURCE_TYPES" }],
                    };
                },
                message: /does not record all supported resource types/,
            },
            "the recorder uses a custom role": { change: s => { recorder(s).roleArn = `arn:aws:iam::${ACCOUNT}:role/config-role`; }, message: /not the AWSServiceRoleForConfig service-linked role/ },
        },
    });
});

const VPC_ID = "vpc-1";
const network: StackResourceInput[] = [
    { type: "aws:ec2/vpc:Vpc", name: "vpc", props: { id: VPC_ID, cidrBlock: "10.0.0.0/16" } },
    { type: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", name: "default-sg", props: { id: "sg-default", vpcId: VPC_ID, ingress: [], egress: [] }, propertyDependencies: { vpcId: ["vpc"] } },
    logGroup("/vpc/flow-logs", "flow-logs-group"),
    {
        type: "aws:ec2/flowLog:FlowLog", name: "flow-logs",
        props: { vpcId: VPC_ID, trafficType: "ALL", logDestinationType: "cloud-watch-logs", logDestination: logGroupArn("/vpc/flow-logs") },
        propertyDependencies: { vpcId: ["vpc"], logDestination: ["flow-logs-group"] },
    },
];
const flowLog = (s: StackResourceInput[]) => named(s, "flow-logs").props;

describe("vpc-flow-logs", () => {
    stackTable(vpcFlowLogs, network, {
        passes: {
            "the flow log's custom format keeps addresses, ports, protocol and action": {
                change: s => { flowLog(s).logFormat = "${version} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${action} ${flow-direction}"; },
            },
            "a second flow log watches one subnet beside the VPC's": {
                change: s => { s.push({ type: "aws:ec2/flowLog:FlowLog", name: "subnet-flow", props: { subnetId: "subnet-1", trafficType: "REJECT", logDestinationType: "s3", logDestination: "arn:aws:s3:::flow-logs" } }); },
            },
            "the flow log writes to S3": { change: s => { flowLog(s).logDestinationType = "s3"; flowLog(s).logDestination = "arn:aws:s3:::flow-logs"; delete named(s, "flow-logs").propertyDependencies!.logDestination; } },
            "the flow log finds its VPC and log group by value": { change: s => { delete named(s, "flow-logs").propertyDependencies; } },
        },
        violations: {
            "the VPC has no flow log": { change: s => { s.splice(3, 1); }, message: /VPC vpc has no flow log/ },
            "the flow log records accepted traffic only": { change: s => { flowLog(s).trafficType = "ACCEPT"; }, message: /records only ACCEPT traffic/ },
            "the flow log records rejected traffic only": { change: s => { flowLog(s).trafficType = "REJECT"; }, message: /records only REJECT traffic: accepted connections/ },
            "the flow log's custom format drops addresses, ports and action": {
                change: s => { flowLog(s).logFormat = "${version} ${account-id} ${interface-id} ${packets}"; },
                message: /logFormat leaves out \$\{srcaddr\}, \$\{dstaddr\}, \$\{srcport\}, \$\{dstport\}, \$\{protocol\}, \$\{action\}/,
            },
            "the flow log moves to a subnet while its dependencies still name the VPC": {
                change: s => { delete flowLog(s).vpcId; flowLog(s).subnetId = "subnet-1"; }, message: /VPC vpc has no flow log/,
            },
            "the flow log watches one network interface": { change: s => { delete flowLog(s).vpcId; flowLog(s).eniId = "eni-1"; delete named(s, "flow-logs").propertyDependencies!.vpcId; }, message: /has no flow log/ },
            "the flow log's vpcId names another VPC while its dependency still names the stack's": {
                change: s => { flowLog(s).vpcId = "vpc-0aaaaaaaaaaaaaaaa"; }, message: /vpcId names vpc-0aaaaaaaaaaaaaaaa, no VPC of this stack/,
            },
            "the flow log's vpcId names another VPC and the stack's VPC goes unlogged": {
                change: s => { flowLog(s).vpcId = "vpc-0aaaaaaaaaaaaaaaa"; }, message: /VPC vpc has no flow log/,
            },
            "the log group keeps flow logs 14 days": { change: s => { named(s, "flow-logs-group").props.retentionInDays = 14; }, message: /keeps events 14 days/ },
            "the flow log watches a subnet, not the VPC": {
                change: s => { delete flowLog(s).vpcId; flowLog(s).subnetId = "subnet-1"; delete named(s, "flow-logs").propertyDependencies!.vpcId; }, message: /has no flow log/,
            },
        },
    });
});

describe("vpc-default-security-group-closed", () => {
    stackTable(vpcDefaultSecurityGroupClosed, network, {
        passes: { "the default group is found by VPC id (no dependencies)": { change: s => { delete named(s, "default-sg").propertyDependencies; } } },
        violations: {
            "the default group is not managed": { change: s => { s.splice(1, 1); }, message: /default security group is not managed/ },
            "the default group admits its own members": {
                change: s => { named(s, "default-sg").props.ingress = [{ protocol: "-1", fromPort: 0, toPort: 0, self: true }]; }, message: /has ingress rules/,
            },
            "the default group allows all egress": {
                change: s => { named(s, "default-sg").props.egress = [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }]; }, message: /has egress rules/,
            },
            "a standalone rule opens the default group": {
                change: s => {
                    s.push({
                        type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", name: "sneaky",
                        props: { securityGroupId: "sg-default", ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv4: "10.0.0.0/8" },
                    });
                },
                message: /rule sneaky opens the default security group/,
            },
        },
    });
});

describe("vpc-no-public-ip-on-launch", () => {
    const subnet: ResourceInput = { type: "aws:ec2/subnet:Subnet", name: "public-0", props: { vpcId: VPC_ID, cidrBlock: "10.0.0.0/24", mapPublicIpOnLaunch: false } };
    resourceTable(vpcNoPublicIpOnLaunch, subnet, {
        passes: {
            "an instance without a public address": { change: r => { r.type = "aws:ec2/instance:Instance"; r.props = { associatePublicIpAddress: false }; } },
            "a launch template whose interfaces take no public address": {
                change: r => { r.type = "aws:ec2/launchTemplate:LaunchTemplate"; r.props = { networkInterfaces: [{ associatePublicIpAddress: "false" }] }; },
            },
        },
        violations: {
            "a subnet maps public IPs on launch": { change: r => { r.props.mapPublicIpOnLaunch = true; }, message: /mapPublicIpOnLaunch is true/ },
            "an instance asks for a public IP": { change: r => { r.type = "aws:ec2/instance:Instance"; r.props = { associatePublicIpAddress: true }; }, message: /associatePublicIpAddress is true/ },
            "a launch template's interface asks for one (string form)": {
                change: r => { r.type = "aws:ec2/launchTemplate:LaunchTemplate"; r.props = { networkInterfaces: [{ associatePublicIpAddress: "true" }] }; },
                message: /networkInterfaces\[0\]\.associatePublicIpAddress is true/,
            },
            "a launch configuration asks for one": {
                change: r => { r.type = "aws:ec2/launchConfiguration:LaunchConfiguration"; r.props = { associatePublicIpAddress: true }; }, message: /associatePublicIpAddress is true/,
            },
        },
    });
});

describe("ecs-fargate-platform-version", () => {
    const service: ResourceInput = { type: "aws:ecs/service:Service", name: "backend", props: { launchType: "FARGATE", platformVersion: "LATEST" } };
    resourceTable(ecsFargatePlatformVersion, service, {
        passes: {
            "the version is left to ECS (LATEST)": { change: r => { delete r.props.platformVersion; } },
            "the version is pinned to the current one": { change: r => { r.props.platformVersion = "1.4.0"; } },
        },
        violations: {
            "the service is pinned to 1.3.0": { change: r => { r.props.platformVersion = "1.3.0"; }, message: /platformVersion is 1.3.0/ },
            "a capacity-provider Fargate service is pinned to 1.2.0": {
                change: r => { delete r.props.launchType; r.props.capacityProviderStrategies = [{ capacityProvider: "FARGATE_SPOT", weight: 1 }]; r.props.platformVersion = "1.2.0"; },
                message: /platformVersion is 1.2.0/,
            },
        },
        notApplicable: { "the service runs on EC2": { change: r => { r.props.launchType = "EC2"; r.props.platformVersion = "whatever"; } } },
    });
});

describe("ecr-lifecycle-policy", () => {
    const rule = (rulePriority: number, selection: Record<string, unknown>, action = "expire") => ({ rulePriority, selection, action: { type: action } });
    const untagged7 = rule(1, { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 7 });
    const keepTagged = (n: number, list: Record<string, unknown> = { tagPatternList: ["*"] }) => rule(2, { tagStatus: "tagged", ...list, countType: "imageCountMoreThan", countNumber: n });
    const doc = (...rules: object[]) => JSON.stringify({ rules });
    const image = (ref: string) => `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/${ref}`;
    const repositories: StackResourceInput[] = [
        { type: "aws:ecr/repository:Repository", name: "backend", props: { name: "expertconnect-backend" } },
        { type: "aws:ecr/lifecyclePolicy:LifecyclePolicy", name: "backend-lifecycle", props: { repository: "expertconnect-backend", policy: doc(untagged7, keepTagged(30)) } },
        {
            type: "aws:ecs/taskDefinition:TaskDefinition", name: "backend-task",
            props: { family: "expertconnect-prod-backend", containerDefinitions: JSON.stringify([{ name: "backend", image: image("expertconnect-backend:v1.0.0") }]) },
        },
    ];
    const policyOf = (...rules: object[]) => (s: StackResourceInput[]) => { s[1].props.policy = doc(...rules); };
    const pullBy = (ref: string) => (s: StackResourceInput[]) => { s[2].props.containerDefinitions = JSON.stringify([{ name: "backend", image: image(ref) }]); };
    const template = (lifecyclePolicy?: unknown, over: Record<string, unknown> = {}): StackResourceInput => ({
        type: "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate", name: "dr-images-template",
        props: { prefix: "ROOT", appliedFors: ["REPLICATION"], imageTagMutability: "IMMUTABLE", region: "us-west-2", ...(lifecyclePolicy === undefined ? {} : { lifecyclePolicy }), ...over },
    });
    const replication: StackResourceInput = {
        type: "aws:ecr/replicationConfiguration:ReplicationConfiguration", name: "dr-images-registry",
        props: { replicationConfiguration: { rules: [{ destinations: [{ region: "us-west-2", registryId: ACCOUNT }], repositoryFilters: [{ filter: "expertconnect-", filterType: "PREFIX_MATCH" }] }] } },
    };
    const cache = (ecrRepositoryPrefix: string): StackResourceInput => ({
        type: "aws:ecr/pullThroughCacheRule:PullThroughCacheRule", name: `${ecrRepositoryPrefix}-cache`, props: { ecrRepositoryPrefix, upstreamRegistryUrl: "quay.io" },
    });
    const replicated = (lifecyclePolicy: string) => (s: StackResourceInput[]) => { s.push(replication, template(lifecyclePolicy)); };
    stackTable(ecrLifecyclePolicy, repositories, {
        passes: {
            "the lifecycle document is unknown during preview": { change: s => { s[1].props.policy = UNKNOWN; } },
            "a creation template gives the repositories it creates the same lifecycle policy": { change: s => { s.push(template(s[1].props.policy)); } },
            "a creation template's lifecycle document is unknown during preview": { change: s => { s.push(template(UNKNOWN)); } },
            "the newest 50 tagged images are kept": { change: policyOf(untagged7, keepTagged(50)) },
            "the newest 2 releases are kept (the running one and its rollback target)": { change: policyOf(untagged7, keepTagged(2)) },
            "pr-* builds expire after 14 days, and the count rule selects releases only": {
                change: policyOf(untagged7, rule(2, { tagStatus: "tagged", tagPatternList: ["pr-*"], countType: "sinceImagePushed", countUnit: "days", countNumber: 14 }), { ...keepTagged(30, { tagPatternList: ["v*"] }), rulePriority: 3 }),
            },
            "an any rule comes last, after a count rule that takes the releases first": {
                change: policyOf(untagged7, keepTagged(30, { tagPatternList: ["v*"] }), rule(3, { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 100 })),
            },
            "a literal tag family beside the releases leaves room for it": {
                change: policyOf(untagged7, rule(2, { tagStatus: "tagged", tagPatternList: ["latest"], countType: "imageCountMoreThan", countNumber: 1 }), { ...keepTagged(3), rulePriority: 3 }),
            },
            "an age rule on v* releases is preceded by a count rule that takes them first": {
                change: policyOf({ ...keepTagged(10, { tagPrefixList: ["v"] }), rulePriority: 1 }, rule(2, { tagStatus: "tagged", tagPatternList: ["v*"], countType: "sinceImagePushed", countUnit: "days", countNumber: 30 })),
            },
            "a rule needing every listed pattern (v* and *-rc) does not take v1.0.0": {
                change: policyOf(untagged7, rule(2, { tagStatus: "tagged", tagPatternList: ["v*", "*-rc"], countType: "sinceImagePushed", countUnit: "days", countNumber: 3 })),
            },
            "an archive-class rule never sees the image a task pulls": {
                change: policyOf(untagged7, keepTagged(30), rule(3, { tagStatus: "any", storageClass: "archive", countType: "sinceImageTransitioned", countUnit: "days", countNumber: 30 })),
            },
            "the image is pinned by digest and tagged releases are kept by count": { change: pullBy(`expertconnect-backend@sha256:${"a".repeat(64)}`) },
            "the dr replicas keep the source's lifecycle": { change: s => { replicated(s[1].props.policy as string)(s); } },
            "replication to another account's registry (its own templates apply there)": { change: s => { named(s, "backend").props.arn = `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/expertconnect-backend`; s.push({ ...replication, props: { replicationConfiguration: { rules: [{ destinations: [{ region: "us-west-2", registryId: "444455556666" }] }] } } }); } },
            "replication whose filter selects none of the stack's repositories": {
                change: s => { s.push({ ...replication, props: { replicationConfiguration: { rules: [{ destinations: [{ region: "us-west-2", registryId: ACCOUNT }], repositoryFilters: [{ filter: "tools-", filterType: "PREFIX_MATCH" }] }] } } }); },
            },
            "a named-prefix template covers the replicated namespace": {
                change: s => { named(s, "backend").props.name = "expertconnect/backend"; named(s, "backend-lifecycle").props.repository = "expertconnect/backend"; pullBy("expertconnect/backend:v1.0.0")(s); s.push(replication, template(s[1].props.policy, { prefix: "expertconnect" })); },
            },
            "a pull-through cache rule's repositories come from a template applied for it": {
                change: s => { s.push(cache("quay"), template(s[1].props.policy, { prefix: "quay", appliedFors: ["PULL_THROUGH_CACHE"], region: undefined })); },
            },
        },
        violations: {
            "replication to us-west-2 with no creation template there": { change: s => { s.push(replication); }, message: /replication configuration dr-images-registry replicates repository expertconnect-backend to us-west-2, where no creation template applied for REPLICATION covers it/ },
            "the replication template applied for pull-through cache only": {
                change: s => { s.push(replication, template(s[1].props.policy, { appliedFors: ["PULL_THROUGH_CACHE"] })); }, message: /replicates repository expertconnect-backend to us-west-2, where no creation template/,
            },
            "the replication template in the source region, not the destination": {
                change: s => { s.push(replication, template(s[1].props.policy, { region: "us-east-1" })); }, message: /replicates repository expertconnect-backend to us-west-2/,
            },
            "replication with no filter, the template's prefix another namespace": {
                change: s => { s.push({ ...replication, props: { replicationConfiguration: { rules: [{ destinations: [{ region: "us-west-2" }] }] } } }, template(s[1].props.policy, { prefix: "tools" })); },
                message: /replicates repository expertconnect-backend to us-west-2/,
            },
            "a creation template gives the repositories it creates no lifecycle policy": { change: s => { s.push(template()); }, message: /creation template dr-images-template \(prefix ROOT\) has no lifecyclePolicy with rules/ },
            "a creation template's lifecycle policy has no rules": { change: s => { s.push(template(JSON.stringify({ rules: [] }))); }, message: /dr-images-template .* no image ever expires/ },
            "a repository has no lifecycle policy": { change: s => { s.splice(1, 1); }, message: /has no lifecycle policy/ },
            "a new repository beside the components has none": {
                change: s => { s.push({ type: "aws:ecr/repository:Repository", name: "worker", props: { name: "expertconnect-worker" } }); }, message: /expertconnect-worker has no lifecycle policy/,
            },
            "the lifecycle policy has no rules": { change: s => { s[1].props.policy = JSON.stringify({ rules: [] }); }, message: /has no rules/ },
            "every image expires a day after its push (the running one too)": {
                change: policyOf(rule(1, { tagStatus: "any", countType: "sinceImagePushed", countUnit: "days", countNumber: 1 })),
                message: /rule 1 expires images 1 days after they are pushed.*expertconnect-backend:v1\.0\.0 that task expertconnect-prod-backend/,
            },
            "v* releases expire 30 days after their push": {
                change: policyOf(untagged7, rule(2, { tagStatus: "tagged", tagPatternList: ["v*"], countType: "sinceImagePushed", countUnit: "days", countNumber: 30 })), message: /rule 2 expires images 30 days after they are pushed/,
            },
            "a prefix rule on v expires releases not pulled for 60 days": {
                change: policyOf(untagged7, rule(2, { tagStatus: "tagged", tagPrefixList: ["v1"], countType: "sinceImagePulled", countUnit: "days", countNumber: 60 })), message: /after they are last pulled/,
            },
            "releases are archived 90 days after their push (no task can pull an archived image)": {
                change: policyOf(untagged7, { ...rule(2, { tagStatus: "tagged", tagPatternList: ["*"], countType: "sinceImagePushed", countUnit: "days", countNumber: 90 }, "transition"), action: { type: "transition", targetStorageClass: "archive" } }),
                message: /rule 2 archives images 90 days/,
            },
            "30 images of any status are kept (untagged manifests count, so a burst of builds pushes the release out)": {
                change: policyOf(rule(1, { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 30 })),
                message: /rule 1 keeps the newest 30 images it selects and counts untagged images .* among them: a burst of those pushes expires the running release/,
            },
            "untagged images expire after a week, then 30 of any status are kept (the untagged ones still count)": {
                change: policyOf(untagged7, rule(2, { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 30 })), message: /rule 2 keeps the newest 30 images it selects and counts untagged images/,
            },
            "pr-* builds expire after 14 days, but the count rule counts them with the releases": {
                change: policyOf(untagged7, rule(2, { tagStatus: "tagged", tagPatternList: ["pr-*"], countType: "sinceImagePushed", countUnit: "days", countNumber: 14 }), { ...keepTagged(30), rulePriority: 3 }),
                message: /rule 3 keeps the newest 30 images it selects and counts images tagged pr-\* \(rule 2 names them\)/,
            },
            "release candidates expire by age but count toward the v* releases": {
                change: policyOf(untagged7, rule(2, { tagStatus: "tagged", tagPatternList: ["v*-rc*"], countType: "sinceImagePushed", countUnit: "days", countNumber: 7 }), { ...keepTagged(30, { tagPrefixList: ["v"] }), rulePriority: 3 }),
                message: /counts images tagged v\*-rc\*/,
            },
            "a latest tag counted beside two releases leaves no rollback target": {
                change: policyOf(untagged7, rule(2, { tagStatus: "tagged", tagPatternList: ["latest"], countType: "imageCountMoreThan", countNumber: 1 }), { ...keepTagged(2), rulePriority: 3 }),
                message: /keeps only the newest 2 image\(s\) .*images tagged latest .* \(keep at least 3\)/,
            },
            "an any rule is not the last (ECR refuses the policy)": {
                change: policyOf(rule(1, { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 100 }), { ...untagged7, rulePriority: 2 }),
                message: /ECR refuses the policy: rule 1 selects tagStatus any but another rule has a higher rulePriority/,
            },
            "two rules share a priority (ECR refuses the policy)": { change: policyOf(untagged7, { ...keepTagged(30), rulePriority: 1 }), message: /ECR refuses the policy: two rules share rulePriority 1/ },
            "the dr replicas' template keeps 30 images of any status": {
                change: replicated(doc(untagged7, rule(2, { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 30 }))),
                message: /creation template dr-images-template \(prefix ROOT\): rule 2 keeps the newest 30 images it selects and counts untagged images/,
            },
            "only the newest image is kept (no rollback target)": {
                change: policyOf(rule(1, { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 1 })), message: /keeps only the newest 1 image\(s\).*no previous release/,
            },
            "an earlier-priority rule listed last decides first": {
                change: policyOf(keepTagged(30), { ...rule(1, { tagStatus: "tagged", tagPatternList: ["v*"], countType: "sinceImagePushed", countUnit: "days", countNumber: 5 }) }), message: /rule 1 expires images 5 days/,
            },
            "the image is pulled as latest (untagged reference) and a latest* age rule takes it": {
                change: s => { pullBy("expertconnect-backend")(s); policyOf(untagged7, rule(2, { tagStatus: "tagged", tagPrefixList: ["latest"], countType: "sinceImagePushed", countUnit: "days", countNumber: 3 }))(s); },
                message: /expertconnect-backend:latest/,
            },
            "a digest-pinned image may carry the tag an age rule selects": {
                change: s => { pullBy(`expertconnect-backend@sha256:${"a".repeat(64)}`)(s); policyOf(untagged7, rule(2, { tagStatus: "tagged", tagPatternList: ["pr-*"], countType: "sinceImagePushed", countUnit: "days", countNumber: 14 }), { ...keepTagged(30), rulePriority: 3 })(s); },
                message: /rule 2 expires images 14 days/,
            },
            "the dr replicas' template expires every image a day after its push": {
                change: replicated(doc(rule(1, { tagStatus: "any", countType: "sinceImagePushed", countUnit: "days", countNumber: 1 }))),
                message: /creation template dr-images-template \(prefix ROOT\): rule 1 expires images 1 days.*the us-west-2 replica of task expertconnect-prod-backend/,
            },
            "a pull-through cache rule has no creation template": {
                change: s => { s.push(cache("quay")); }, message: /pull-through cache rule quay-cache \(ecrRepositoryPrefix quay, upstream quay\.io\) creates repositories no creation template/,
            },
            "a pull-through cache rule's only template is applied for replication": {
                change: s => { s.push(cache("quay"), template(s[1].props.policy, { region: undefined })); }, message: /pull-through cache rule quay-cache/,
            },
        },
    });
});
