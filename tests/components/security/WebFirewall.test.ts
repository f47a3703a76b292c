import { expect } from "chai";
import { WebFirewall } from "../../../components/security/WebFirewall";
import { installMocks, MockHarness, settle } from "../../support/pulumi";

const ALB = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/expertconnect-prod-alb/0123456789abcdef";

describe("WebFirewall", () => {
    let mocks: MockHarness;
    before(async () => {
        mocks = installMocks({ stack: "prod", region: "us-east-1" });
        new WebFirewall("waf", {
            name: "expertconnect-prod",
            tags: { project: "expertconnect", environment: "prod" },
            loadBalancerArn: ALB,
            rateLimit: 2000,
            logRetentionDays: 365,
        });
        await settle();
    });
    const acl = () => mocks.one("aws:wafv2/webAcl:WebAcl").inputs;
    const rule = (name: string) => {
        const found = acl().rules.find((r: any) => r.name === name);
        expect(found, name).to.not.equal(undefined);
        return found;
    };

    it("is a regional web ACL that allows what no rule blocks, with metrics and samples", () => {
        expect(acl()).to.deep.include({
            name: "expertconnect-prod",
            scope: "REGIONAL",
            defaultAction: { allow: {} },
            visibilityConfig: { cloudwatchMetricsEnabled: true, metricName: "expertconnect-prod", sampledRequestsEnabled: true },
        });
        expect(acl().tags.Component).to.equal("waf");
    });

    it("blocks a client IP over the configured rate per five minutes, before anything else", () => {
        expect(rule("rate-limit-per-ip")).to.deep.include({
            priority: 0,
            action: { block: {} },
            statement: { rateBasedStatement: { limit: 2000, aggregateKeyType: "IP", evaluationWindowSec: 300 } },
        });
    });

    it("runs AWS's common, known-bad-inputs and SQL-injection rule groups with their own actions", () => {
        for (const [i, group] of ["AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesSQLiRuleSet"].entries()) {
            expect(rule(group)).to.deep.include({
                priority: i + 1,
                overrideAction: { none: {} },
                statement: { managedRuleGroupStatement: { vendorName: "AWS", name: group } },
            });
            expect(rule(group).visibilityConfig.cloudwatchMetricsEnabled).to.equal(true);
        }
        const priorities = acl().rules.map((r: any) => r.priority);
        expect(new Set(priorities).size).to.equal(priorities.length);
        expect(new Set(acl().rules.map((r: any) => r.visibilityConfig.metricName)).size).to.equal(priorities.length);
    });

    it("is associated with the load balancer", () => {
        const assoc = mocks.one("aws:wafv2/webAclAssociation:WebAclAssociation").inputs;
        expect(assoc.resourceArn).to.equal(ALB);
        expect(assoc.webAclArn).to.equal(mocks.one("aws:wafv2/webAcl:WebAcl").outputs.arn);
    });

    it("logs to a protected aws-waf-logs- group with audit retention, without credentials", () => {
        const group = mocks.one("aws:cloudwatch/logGroup:LogGroup");
        expect(group.inputs).to.deep.include({ name: "aws-waf-logs-expertconnect-prod", retentionInDays: 365 });
        expect(group).to.include({ protect: true, retainOnDelete: true });
        const logging = mocks.one("aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration").inputs;
        expect(logging.resourceArn).to.equal(mocks.one("aws:wafv2/webAcl:WebAcl").outputs.arn);
        expect(logging.logDestinationConfigs).to.deep.equal([group.outputs.arn]);
        expect(logging.redactedFields).to.deep.equal([{ singleHeader: { name: "authorization" } }, { singleHeader: { name: "cookie" } }]);
    });
});
