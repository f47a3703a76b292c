import { expect } from "chai";
import { AuditTrail } from "../../../components/security/AuditTrail";
import { installMocks, MockHarness, settle } from "../../support/pulumi";

const TOPIC = "arn:aws:sns:us-east-1:123456789012:expertconnect-alarms";
const TRAIL_ARN = "arn:aws:cloudtrail:us-east-1:123456789012:trail/expertconnect-trail";

describe("AuditTrail", () => {
    let mocks: MockHarness;
    before(async () => {
        mocks = installMocks({ stack: "prod", region: "us-east-1" });
        new AuditTrail("audit", {
            project: "expertconnect",
            tags: { project: "expertconnect", environment: "prod" },
            region: "us-east-1",
            logRetentionDays: 365,
            topicArn: TOPIC,
        });
        await settle();
    });
    const trail = () => mocks.one("aws:cloudtrail/trail:Trail");
    const bucket = () => mocks.one("aws:s3/bucket:Bucket");
    const key = () => mocks.one("aws:kms/key:Key");

    it("is the guide's expertconnect-trail: multi-region, global events, validated, logging", () => {
        expect(trail().inputs).to.deep.include({
            name: "expertconnect-trail",
            isMultiRegionTrail: true,
            includeGlobalServiceEvents: true,
            enableLogFileValidation: true,
            enableLogging: true,
        });
        expect(trail().inputs.tags).to.deep.equal({ Project: "expertconnect", Environment: "prod", Component: "audit" });
    });

    it("encrypts log files with its own rotating key", () => {
        expect(trail().inputs.kmsKeyId).to.equal(key().outputs.arn);
        expect(key().inputs.enableKeyRotation).to.equal(true);
    });

    it("lets CloudTrail use the key only for this account's trails, and Logs only for the trail's log group", () => {
        const statements = JSON.parse(key().inputs.policy).Statement;
        const grant = (service: string) => statements.find((s: any) => s.Principal?.Service === service);
        expect(grant("cloudtrail.amazonaws.com").Condition).to.deep.equal({
            StringEquals: { "aws:SourceAccount": "123456789012" },
            StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": "arn:aws:cloudtrail:*:123456789012:trail/*" },
        });
        expect(grant("logs.us-east-1.amazonaws.com").Condition).to.deep.equal({
            ArnEquals: { "kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:us-east-1:123456789012:log-group:/aws/cloudtrail/expertconnect-trail" },
        });
    });

    it("writes to expertconnect-cloudtrail-<account>, public access blocked, versioned, archived after 90 days", () => {
        expect(bucket().inputs.bucket).to.equal("expertconnect-cloudtrail-123456789012");
        expect(trail().inputs.s3BucketName).to.equal("expertconnect-cloudtrail-123456789012");
        expect(bucket()).to.include({ protect: true, retainOnDelete: true });
        const sse = mocks.one("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration").inputs.rules[0];
        expect(sse.applyServerSideEncryptionByDefault.sseAlgorithm).to.equal("AES256");
        const block = mocks.one("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").inputs;
        expect(block).to.include({ blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
        expect(mocks.one("aws:s3/bucketVersioning:BucketVersioning").inputs.versioningConfiguration.status).to.equal("Enabled");
        const rule = mocks.one("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration").inputs.rules[0];
        expect(rule.transitions).to.deep.equal([{ days: 90, storageClass: "GLACIER_IR" }]);
    });

    it("admits only CloudTrail, for this trail, to the bucket", () => {
        const policy = JSON.parse(mocks.one("aws:s3/bucketPolicy:BucketPolicy").inputs.policy);
        const arn = bucket().outputs.arn;
        const allows = policy.Statement.filter((s: any) => s.Effect === "Allow");
        expect(allows).to.have.length(2);
        for (const s of allows) {
            expect(s.Principal).to.deep.equal({ Service: "cloudtrail.amazonaws.com" });
            expect(s.Condition.StringEquals["aws:SourceArn"]).to.equal(TRAIL_ARN);
        }
        expect(allows.find((s: any) => s.Action === "s3:PutObject").Resource).to.equal(`${arn}/AWSLogs/123456789012/*`);
        expect(allows.find((s: any) => s.Action === "s3:GetBucketAcl").Resource).to.equal(arn);
        expect(trail().dependencies).to.include(mocks.one("aws:s3/bucketPolicy:BucketPolicy").urn);
    });

    it("delivers to an encrypted, protected log group with audit retention", () => {
        const group = mocks.one("aws:cloudwatch/logGroup:LogGroup");
        expect(group.inputs).to.deep.include({ name: "/aws/cloudtrail/expertconnect-trail", retentionInDays: 365, kmsKeyId: key().outputs.arn });
        expect(group).to.include({ protect: true, retainOnDelete: true });
        expect(trail().inputs.cloudWatchLogsGroupArn).to.equal(`${group.outputs.arn}:*`);
    });

    it("gives CloudTrail a role for this trail that may only write streams of that group", () => {
        const role = mocks.one("aws:iam/role:Role");
        expect(trail().inputs.cloudWatchLogsRoleArn).to.equal(role.outputs.arn);
        const trust = JSON.parse(role.inputs.assumeRolePolicy).Statement[0];
        expect(trust.Principal).to.deep.equal({ Service: "cloudtrail.amazonaws.com" });
        expect(trust.Condition).to.deep.equal({ StringEquals: { "aws:SourceArn": TRAIL_ARN } });
        const permissions = JSON.parse(mocks.one("aws:iam/rolePolicy:RolePolicy").inputs.policy).Statement;
        expect(permissions).to.deep.equal([{
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resource: `${mocks.one("aws:cloudwatch/logGroup:LogGroup").outputs.arn}:log-stream:*`,
        }]);
    });

    it("alarms on root use, unauthorized calls, IAM policy and security-group changes", () => {
        const filters = mocks.ofType("aws:cloudwatch/logMetricFilter:LogMetricFilter");
        expect(filters.map((f) => f.inputs.metricTransformation.name)).to.deep.equal([
            "RootAccountUsage", "UnauthorizedApiCalls", "IamPolicyChanges", "SecurityGroupChanges",
        ]);
        for (const f of filters) {
            expect(f.inputs.logGroupName).to.equal("/aws/cloudtrail/expertconnect-trail");
            expect(f.inputs.metricTransformation).to.include({ namespace: "ExpertConnect/Security", value: "1" });
        }
        expect(filters[0].inputs.pattern).to.contain('$.userIdentity.type = "Root"');
        expect(filters[2].inputs.pattern).to.contain("($.eventName = AttachRolePolicy)");
        expect(filters[3].inputs.pattern).to.contain("($.eventName = AuthorizeSecurityGroupIngress)");

        const alarms = mocks.ofType("aws:cloudwatch/metricAlarm:MetricAlarm");
        expect(alarms.map((a) => a.inputs.name)).to.deep.equal([
            "expertconnect-root-account-usage", "expertconnect-unauthorized-api-calls", "expertconnect-iam-policy-changes", "expertconnect-security-group-changes",
        ]);
        expect(alarms[0].inputs).to.deep.include({
            namespace: "ExpertConnect/Security", metricName: "RootAccountUsage", statistic: "Sum", period: 300,
            threshold: 1, comparisonOperator: "GreaterThanOrEqualToThreshold", evaluationPeriods: 1,
            alarmActions: [TOPIC], okActions: [TOPIC], treatMissingData: "notBreaching",
        });
    });
});
