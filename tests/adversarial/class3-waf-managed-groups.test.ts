/**
 * Class 3: the web ACL in front of the application's load balancer keeps the managed rule groups
 * the program deploys (common rule set, known bad inputs, SQL injection) in prod and in dr;
 * adding a group or counting one named rule of a group (listed for tuning) stays allowed.
 */
import { Case, edit, named, suite } from "./support";

const ACL = "aws:wafv2/webAcl:WebAcl";
const keep = (...names: string[]) => edit(ACL, p => { p.rules = p.rules.filter((r: any) => names.includes(r.name)); }, named("waf"));

const violations: Case[] = [
    { name: "prod: the web ACL keeps only the rate limit", change: keep("rate-limit-per-ip") },
    { name: "dr: the web ACL keeps only the rate limit 'to save WCU in dr'", stack: "dr", change: keep("rate-limit-per-ip") },
    { name: "prod: the SQL injection group dropped", change: keep("rate-limit-per-ip", "AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet") },
    {
        name: "dr: the known-bad-inputs group swapped for the bot control group",
        stack: "dr",
        change: edit(ACL, p => { const r = p.rules.find((x: any) => x.name === "AWSManagedRulesKnownBadInputsRuleSet"); r.name = "bots"; r.statement.managedRuleGroupStatement.name = "AWSManagedRulesBotControlRuleSet"; }, named("waf")),
    },
];

const compliant: Case[] = [
    {
        name: "dr: the AWS IP reputation list added",
        stack: "dr",
        change: edit(ACL, p => {
            p.rules.push({ name: "AWSManagedRulesAmazonIpReputationList", priority: 5, overrideAction: { none: {} },
                statement: { managedRuleGroupStatement: { name: "AWSManagedRulesAmazonIpReputationList", vendorName: "AWS" } },
                visibilityConfig: { cloudwatchMetricsEnabled: true, metricName: "expertconnect-dr-AWSManagedRulesAmazonIpReputationList", sampledRequestsEnabled: true } });
        }, named("waf")),
    },
    {
        name: "prod: the SQL injection group pinned to a version",
        change: edit(ACL, p => { p.rules.find((x: any) => x.name === "AWSManagedRulesSQLiRuleSet").statement.managedRuleGroupStatement.version = "Version_2.0"; }, named("waf")),
    },
];

suite("class 3: the load balancer's web ACL runs the program's managed rule groups", violations, compliant);
