import { expect } from "chai";
import { ConfigError, parseConfig } from "../../config";
import { decodeValue } from "../../config/parse";
import { prodConfig } from "./fixtures";

function problemsOf(raw: Record<string, string>, stack = "prod"): string[] {
    try {
        parseConfig(raw, stack);
    } catch (e) {
        expect(e).to.be.instanceOf(ConfigError);
        return (e as ConfigError).problems;
    }
    throw new Error("expected a ConfigError, but the config was accepted");
}

const cert = (region: string) => `arn:aws:acm:${region}:123456789012:certificate/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0`;

describe("stack config", () => {
    it("accepts a minimal prod config and fills safe defaults", () => {
        const cfg = parseConfig(prodConfig(), "prod");
        expect(cfg.environment).to.equal("prod");
        expect(cfg.region).to.equal("us-east-1");
        expect(cfg.database.backupRetentionDays).to.equal(14);
        expect(cfg.database.multiAz).to.equal(true);
        expect(cfg.network.azCount).to.equal(3);
        expect(cfg.services.backend.minCapacity).to.equal(1);
        expect(cfg.services.backend.maxCapacity).to.equal(5);
        expect(cfg.dr.phase).to.equal("standby");
        expect(cfg.loadBalancer.sslPolicy).to.equal("ELBSecurityPolicy-TLS13-1-2-2021-06");
    });

    it("decodes structured values and scalars as Pulumi stores them", () => {
        expect(decodeValue('{"backupRetentionDays":21,"multiAz":false}')).to.deep.equal({ backupRetentionDays: 21, multiAz: false });
        expect(decodeValue("800")).to.equal(800);
        expect(decodeValue("prod")).to.equal("prod");
        const cfg = parseConfig(prodConfig({ "expertconnect:database": { engineVersion: 16 } }), "prod");
        expect(cfg.database.engineVersion).to.equal("16");
    });

    it("accepts both committed stack files' shapes for dr", () => {
        const cfg = parseConfig(
            prodConfig({
                "aws:region": "us-west-2",
                "expertconnect:environment": "dr",
                "expertconnect:loadBalancer": { certificateArn: cert("us-west-2") },
                "expertconnect:dr": { phase: "promote" },
            }),
            "dr",
        );
        expect(cfg.dr.phase).to.equal("promote");
    });

    it("takes the certificate from the DNS section, and a real organization's prod stack reference", () => {
        const cfg = parseConfig(prodConfig({
            "aws:region": "us-west-2", "expertconnect:environment": "dr", "expertconnect:loadBalancer": {},
            "expertconnect:dns": { hostedZoneId: "Z0123456789ABC", domain: "app.expertconnect.com" },
            "expertconnect:dr": { prodStack: "acme-corp/expertconnect-infra/prod" },
        }), "dr");
        expect(cfg.dns).to.deep.equal({ hostedZoneId: "Z0123456789ABC", domain: "app.expertconnect.com", healthCheckIntervalSeconds: 30, healthCheckFailureThreshold: 3 });
        expect(cfg.loadBalancer.certificateArn).to.equal(undefined);
        expect(cfg.dr.prodStack).to.equal("acme-corp/expertconnect-infra/prod");
        // Unset, the program reads prod in the organization the deployment runs in.
        expect(parseConfig(prodConfig(), "prod").dr.prodStack).to.equal(undefined);
        expect(parseConfig(prodConfig({ "expertconnect:dr": { fenced: true } }), "prod").dr.fenced).to.equal(true);
    });

    // One case per way a config can be wrong: [description, overrides, expected line prefix, expected fragment].
    const badConfigs: Array<[string, Record<string, unknown>, string, string]> = [
        ["backup retention below the guide's 7 days", { "expertconnect:database": { backupRetentionDays: 3 } }, "expertconnect:database.backupRetentionDays: got 3", ">= 7"],
        ["backup retention above RDS's 35 days", { "expertconnect:database": { backupRetentionDays: 40 } }, "expertconnect:database.backupRetentionDays: got 40", "<= 35"],
        ["retention that is not a number", { "expertconnect:database": { backupRetentionDays: "two weeks" } }, "expertconnect:database.backupRetentionDays: got \"two weeks\"", "a number"],
        ["unknown environment", { "expertconnect:environment": "staging" }, "expertconnect:environment: got \"staging\"", "\"prod\", \"dr\""],
        ["missing environment", { "expertconnect:environment": undefined }, "expertconnect:environment: got nothing", "\"prod\", \"dr\""],
        ["missing certificate", { "expertconnect:loadBalancer": {} }, "expertconnect:loadBalancer.certificateArn: got nothing", "ACM certificate ARN"],
        ["malformed certificate ARN", { "expertconnect:loadBalancer": { certificateArn: "my-cert" } }, "expertconnect:loadBalancer.certificateArn: got \"my-cert\"", "ACM certificate ARN"],
        ["weak TLS policy", { "expertconnect:loadBalancer": { certificateArn: cert("us-east-1"), sslPolicy: "ELBSecurityPolicy-2016-08" } }, "expertconnect:loadBalancer.sslPolicy: got \"ELBSecurityPolicy-2016-08\"", "ELBSecurityPolicy-TLS13-1-2-2021-06"],
        ["four availability zones", { "expertconnect:network": { azCount: 4 } }, "expertconnect:network.azCount: got 4", "2 or 3"],
        ["unknown NAT mode", { "expertconnect:network": { natGateways: "none" } }, "expertconnect:network.natGateways: got \"none\"", "\"perAz\", \"single\""],
        ["public CIDR", { "expertconnect:network": { cidrBlock: "8.8.0.0/16" } }, "expertconnect:network.cidrBlock: got \"8.8.0.0/16\"", "10.N.0.0/16"],
        ["moving image tag", { "expertconnect:services": { backend: { imageTag: "latest" } } }, "expertconnect:services.backend.imageTag: got \"latest\"", "immutable"],
        ["Fargate CPU size that does not exist", { "expertconnect:services": { backend: { cpu: 300 } } }, "expertconnect:services.backend.cpu: got 300", "256 or 512 or 1024 or 2048 or 4096"],
        ["memory invalid for the CPU size", { "expertconnect:services": { frontend: { cpu: 256, memory: 4096 } } }, "expertconnect:services.frontend.memory: got 4096", "512, 1024, 2048"],
        ["min capacity above max", { "expertconnect:services": { backend: { minCapacity: 6, maxCapacity: 5, desiredCount: 5 } } }, "expertconnect:services.backend.minCapacity: got 6", "maxCapacity (5)"],
        ["desired count outside the scaling range", { "expertconnect:services": { backend: { desiredCount: 9 } } }, "expertconnect:services.backend.desiredCount: got 9", "from minCapacity 1 to maxCapacity 5"],
        ["storage ceiling below allocation", { "expertconnect:database": { allocatedStorageGb: 100, maxAllocatedStorageGb: 50 } }, "expertconnect:database.maxAllocatedStorageGb: got 50", "allocatedStorageGb (100)"],
        ["maintenance window in the business day", { "expertconnect:database": { maintenanceWindow: "wed:15:00-wed:16:00" } }, "expertconnect:database.maintenanceWindow: got \"wed:15:00-wed:16:00\"", "outside the business day"],
        ["backup window in the business day", { "expertconnect:database": { backupWindow: "15:00-16:00" } }, "expertconnect:database.backupWindow: got \"15:00-16:00\"", "outside the business day"],
        ["storage ceiling equal to the allocation (autoscaling off)", { "expertconnect:database": { allocatedStorageGb: 100, maxAllocatedStorageGb: 100 } }, "expertconnect:database.maxAllocatedStorageGb: got 100", "above allocatedStorageGb (100)"],
        ["instance class with no known max_connections", { "expertconnect:database": { instanceClass: "db.x9.huge" } }, "expertconnect:database.instanceClass: got \"db.x9.huge\"", "db.t3.medium"],
        ["unsupported PostgreSQL version", { "expertconnect:database": { engineVersion: "9.6" } }, "expertconnect:database.engineVersion: got \"9.6\"", "a PostgreSQL version RDS offers: 14"],
        ["bad alarm e-mail", { "expertconnect:monitoring": { alarmEmails: ["oncall"] } }, "expertconnect:monitoring.alarmEmails[0]: got \"oncall\"", "e-mail"],
        ["log retention CloudWatch does not offer", { "expertconnect:monitoring": { logRetentionDays: 10 } }, "expertconnect:monitoring.logRetentionDays: got 10", "one of 30, 60, 90, 120, 150, 180, 365"],
        ["application logs kept beyond the limit (policy/lib/facts/retention.ts)", { "expertconnect:monitoring": { logRetentionDays: 731 } }, "expertconnect:monitoring.logRetentionDays: got 731", "one of 30, 60, 90, 120, 150, 180, 365"],
        ["audit logs kept 10 years", { "expertconnect:monitoring": { auditLogRetentionDays: 3653 } }, "expertconnect:monitoring.auditLogRetentionDays: got 3653", "one of 365, 400, 545, 731, 1096"],
        ["backup copies kept beyond the vault locks' maximum", { "expertconnect:dr": { backupCopyRetentionDays: 3650 } }, "expertconnect:dr.backupCopyRetentionDays: got 3650", "<= 400"],
        ["unknown GuardDuty owner", { "expertconnect:security": { guardDuty: "off" } }, "expertconnect:security.guardDuty: got \"off\"", "\"stack\", \"organization\""],
        ["WAF limit below AWS's minimum", { "expertconnect:security": { wafRateLimit: 10 } }, "expertconnect:security.wafRateLimit: got 10", ">= 100"],
        ["unknown failover phase", { "expertconnect:dr": { phase: "failover" } }, "expertconnect:dr.phase: got \"failover\"", "\"standby\", \"promote\", \"promoted\", \"failback\""],
        ["failover phase on the prod stack", { "expertconnect:dr": { phase: "promote" } }, "expertconnect:dr.phase: got \"promote\"", "dr stack only"],
        ["warm standby on the prod stack", { "expertconnect:dr": { mode: "warm" } }, "expertconnect:dr.mode: got \"warm\"", "dr stack only"],
        ["promoting dr with a service sized to zero tasks", {
            "aws:region": "us-west-2", "expertconnect:environment": "dr", "expertconnect:loadBalancer": { certificateArn: cert("us-west-2") },
            "expertconnect:dr": { phase: "promote" }, "expertconnect:services": { backend: { desiredCount: 0, minCapacity: 0 } },
        }, "expertconnect:services.backend.desiredCount: got 0", "at least 1 while expertconnect:dr.phase is \"promote\""],
        ["recovery region equal to the stack's", { "expertconnect:dr": { recoveryRegion: "us-east-1" } }, "expertconnect:dr.recoveryRegion: got \"us-east-1\"", "other than the stack's own"],
        ["misspelt top-level key", { "expertconnect:databse": { backupRetentionDays: 14 } }, "expertconnect:databse: unknown key", "database"],
        ["misspelt nested key", { "expertconnect:database": { backupRetentionDay: 14 } }, "expertconnect:database.backupRetentionDay: unknown key", "backupRetentionDays"],
        ["cache AUTH token version below 1", { "expertconnect:cache": { authTokenVersion: 0 } }, "expertconnect:cache.authTokenVersion: got 0", ">= 1"],
        ["feature flag name that is no clean path or variable", { "expertconnect:featureFlags": { Video_Calls: true } }, "expertconnect:featureFlags.Video_Calls: got true", "lower-case letters, digits and hyphens"],
        ["feature flag that is not on or off", { "expertconnect:featureFlags": { "video-calls": "yes" } }, "expertconnect:featureFlags.video-calls: got \"yes\"", "a boolean"],
        ["negative budget", { "expertconnect:monthlyBudgetUsd": -5 }, "expertconnect:monthlyBudgetUsd: got -5", "> 0"],
        ["canary site over plain HTTP", { "expertconnect:monitoring": { canary: { siteUrl: "http://expertconnect.example/" } } }, "expertconnect:monitoring.canary.siteUrl: got \"http://expertconnect.example/\"", "https://"],
        ["canary every 0 minutes", { "expertconnect:monitoring": { canary: { everyMinutes: 0 } } }, "expertconnect:monitoring.canary.everyMinutes: got 0", ">= 1"],
        ["quiet credit window not in 5-minute steps", { "expertconnect:monitoring": { appSignals: { noSuccessfulCreditMinutes: 42 } } }, "expertconnect:monitoring.appSignals.noSuccessfulCreditMinutes: got 42", "multiple of 5"],
        ["business day ending before it starts", { "expertconnect:monitoring": { appSignals: { businessStartHourUtc: 18, businessEndHourUtc: 9 } } }, "expertconnect:monitoring.appSignals.businessEndHourUtc", "before businessEndHourUtc"],
        ["video failure rate of 0%", { "expertconnect:monitoring": { appSignals: { videoFailureRatePercent: 0 } } }, "expertconnect:monitoring.appSignals.videoFailureRatePercent: got 0", "> 0"],
        ["misspelt app-signal key", { "expertconnect:monitoring": { appSignals: { failedCreditTransaction: 3 } } }, "expertconnect:monitoring.appSignals.failedCreditTransaction", ""],
        ["prod stack outside us-east-1", { "aws:region": "eu-west-1", "expertconnect:loadBalancer": { certificateArn: cert("eu-west-1") } }, "aws:region: got \"eu-west-1\"", "allowed: us-east-1 (the region of expertconnect:environment prod)"],
        ["certificate from another region", { "expertconnect:loadBalancer": { certificateArn: cert("us-west-2") } }, "expertconnect:loadBalancer.certificateArn: got a certificate in us-west-2", "us-east-1"],
        ["missing region", { "aws:region": undefined }, "aws:region: got nothing", "us-east-1, us-west-2"],
        ["DNS with a hosted zone name instead of its id", { "expertconnect:loadBalancer": {}, "expertconnect:dns": { hostedZoneId: "expertconnect.com", domain: "app.expertconnect.com" } }, "expertconnect:dns.hostedZoneId: got \"expertconnect.com\"", "hosted zone id"],
        ["DNS with a domain that is not a DNS name", { "expertconnect:loadBalancer": {}, "expertconnect:dns": { hostedZoneId: "Z0123456789ABC", domain: "https://app.expertconnect.com/" } }, "expertconnect:dns.domain: got \"https://app.expertconnect.com/\"", "lower-case DNS name"],
        ["DNS health checks at an interval Route 53 does not offer", { "expertconnect:loadBalancer": {}, "expertconnect:dns": { hostedZoneId: "Z0123456789ABC", domain: "app.expertconnect.com", healthCheckIntervalSeconds: 15 } }, "expertconnect:dns.healthCheckIntervalSeconds: got 15", "10 or 30"],
        ["DNS health checks slower than the failure-detection budget", { "expertconnect:loadBalancer": {}, "expertconnect:dns": { hostedZoneId: "Z0123456789ABC", domain: "app.expertconnect.com", healthCheckFailureThreshold: 10 } }, "expertconnect:dns.healthCheckFailureThreshold", "at most 150 s"],
        ["a certificate ARN beside the DNS section that makes one", { "expertconnect:dns": { hostedZoneId: "Z0123456789ABC", domain: "app.expertconnect.com" } }, "expertconnect:loadBalancer.certificateArn: got \"arn:aws:acm:", "nothing while expertconnect:dns is set"],
        ["no certificate and no DNS section", { "expertconnect:loadBalancer": { sslPolicy: "ELBSecurityPolicy-TLS13-1-3-2021-06" } }, "expertconnect:loadBalancer.certificateArn: got nothing", "required when expertconnect:dns is not set"],
        ["the placeholder organization in the prod stack reference", { "aws:region": "us-west-2", "expertconnect:environment": "dr", "expertconnect:loadBalancer": { certificateArn: cert("us-west-2") }, "expertconnect:dr": { prodStack: "organization/expertconnect-infra/prod" } }, "expertconnect:dr.prodStack: got \"organization/expertconnect-infra/prod\"", "leave the key unset"],
        ["a template organization in another case", { "aws:region": "us-west-2", "expertconnect:environment": "dr", "expertconnect:loadBalancer": { certificateArn: cert("us-west-2") }, "expertconnect:dr": { prodStack: "My-Org/expertconnect-infra/prod" } }, "expertconnect:dr.prodStack: got \"My-Org/expertconnect-infra/prod\"", "a real organization"],
        ["a prod stack reference that is no org/project/stack", { "aws:region": "us-west-2", "expertconnect:environment": "dr", "expertconnect:loadBalancer": { certificateArn: cert("us-west-2") }, "expertconnect:dr": { prodStack: "<org>/expertconnect-infra/prod" } }, "expertconnect:dr.prodStack: got \"<org>/expertconnect-infra/prod\"", "org/project/stack"],
        ["a prod stack reference on the prod stack", { "expertconnect:dr": { prodStack: "acme-corp/expertconnect-infra/prod" } }, "expertconnect:dr.prodStack: got \"acme-corp/expertconnect-infra/prod\"", "the dr stack reads prod"],
        ["fencing the dr stack by the prod key", { "aws:region": "us-west-2", "expertconnect:environment": "dr", "expertconnect:loadBalancer": { certificateArn: cert("us-west-2") }, "expertconnect:dr": { fenced: true } }, "expertconnect:dr.fenced: got true", "phase \"failback\""],
        ["fenced that is not a boolean", { "expertconnect:dr": { fenced: "yes" } }, "expertconnect:dr.fenced: got \"yes\"", "a boolean"],
    ];

    for (const [what, overrides, prefix, fragment] of badConfigs) {
        it(`rejects ${what}`, () => {
            const problems = problemsOf(prodConfig(overrides));
            const line = problems.find((p) => p.startsWith(prefix));
            expect(line, `no line starting ${JSON.stringify(prefix)} in:\n${problems.join("\n")}`).to.be.a("string");
            expect(line).to.contain(fragment);
        });
    }

    it("reports every problem at once, one line each", () => {
        const problems = problemsOf(prodConfig({
            "expertconnect:database": { backupRetentionDays: 1 },
            "expertconnect:network": { azCount: 5 },
            "expertconnect:typo": 1,
        }));
        expect(problems).to.have.length(3);
    });

    it("puts every problem in the error message so the CLI shows it", () => {
        try {
            parseConfig(prodConfig({ "expertconnect:database": { backupRetentionDays: 1 } }), "prod");
            expect.fail("accepted");
        } catch (e) {
            expect((e as Error).message).to.contain("expertconnect:database.backupRetentionDays: got 1");
        }
    });
});
