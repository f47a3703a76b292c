import { configRecorder } from "../../policy/awsconfig/recorder";
import { cloudtrailBucketNotPublic } from "../../policy/cloudtrail/bucketNotPublic";
import { cloudtrailPresent } from "../../policy/cloudtrail/present";
import { cloudtrailTrailSettings } from "../../policy/cloudtrail/trail";
import { guarddutyEnabled } from "../../policy/guardduty/enabled";
import { named, resourceTable, stackTable } from "./support/cases";
import { ACCOUNT, bucketStack, configRuleStack, TAGS } from "./support/fixtures";
import { ResourceInput, StackResourceInput, UNKNOWN } from "./support/harness";

const TRAIL_BUCKET = `expertconnect-cloudtrail-${ACCOUNT}`;

const trail: StackResourceInput = {
    type: "aws:cloudtrail/trail:Trail",
    name: "trail",
    props: {
        name: "expertconnect-trail",
        s3BucketName: TRAIL_BUCKET,
        isMultiRegionTrail: true,
        includeGlobalServiceEvents: true,
        enableLogFileValidation: true,
        enableLogging: true,
        kmsKeyId: `arn:aws:kms:us-east-1:${ACCOUNT}:key/cloudtrail`,
        tags: TAGS,
    },
    propertyDependencies: { s3BucketName: ["trail-bucket"] },
};

describe("cloudtrail-trail-settings", () => {
    resourceTable(cloudtrailTrailSettings, trail as ResourceInput, {
        passes: { "the key ARN is unknown during preview": { change: r => { r.props.kmsKeyId = UNKNOWN; } } },
        violations: {
            "the trail covers one region": { change: r => { r.props.isMultiRegionTrail = false; }, message: /isMultiRegionTrail is not true/ },
            "log-file validation is off": { change: r => delete r.props.enableLogFileValidation, message: /enableLogFileValidation is not true/ },
            "the trail has no KMS key": { change: r => delete r.props.kmsKeyId, message: /kmsKeyId is not set/ },
            "logging is stopped": { change: r => { r.props.enableLogging = false; }, message: /enableLogging is false/ },
        },
    });
});

describe("cloudtrail-present", () => {
    stackTable(cloudtrailPresent, [trail], {
        violations: {
            "the prod stack has no trail": { change: s => { s.length = 0; }, message: /no CloudTrail trail/ },
            "the only trail covers one region": { change: s => { s[0].props.isMultiRegionTrail = false; }, message: /no multi-region CloudTrail trail/ },
        },
        notApplicable: {
            "the stack is dr (prod's trail covers every region)": { config: { environment: "dr" }, change: s => { s.length = 0; } },
            "an organization trail records the account": { config: { cloudTrailManagedByOrganization: true }, change: s => { s.length = 0; } },
        },
    });
});

describe("cloudtrail-bucket-not-public", () => {
    const stack: StackResourceInput[] = [trail, ...bucketStack("trail-bucket", TRAIL_BUCKET, "us-east-1")];
    const document = (s: StackResourceInput[]) => named(s, "trail-bucket-policy");
    stackTable(cloudtrailBucketNotPublic, stack, {
        passes: {
            "the trail finds its bucket by name (no property dependencies)": { change: s => { delete s[0].propertyDependencies; } },
            "the bucket name is unknown during preview": { change: s => { s[0].props.s3BucketName = UNKNOWN; delete s[0].propertyDependencies; } },
        },
        violations: {
            "the bucket has no public access block": {
                change: s => { s.splice(s.indexOf(named(s, "trail-bucket-public-access")), 1); }, message: /does not block all public access/,
            },
            "the public access block leaves public policies allowed": {
                change: s => { named(s, "trail-bucket-public-access").props.blockPublicPolicy = false; }, message: /does not block all public access/,
            },
            "the bucket policy allows everyone to read": {
                change: s => {
                    const d = JSON.parse(document(s).props.policy as string);
                    d.Statement.push({ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `arn:aws:s3:::${TRAIL_BUCKET}/*` });
                    document(s).props.policy = JSON.stringify(d);
                },
                message: /allows Principal "\*"/,
            },
            "the bucket is not managed in the stack": {
                change: s => { s.splice(1); delete s[0].propertyDependencies; }, message: /not managed in this stack/,
            },
        },
    });
});

const detector: StackResourceInput = {
    type: "aws:guardduty/detector:Detector", name: "guardduty", props: { enable: true, findingPublishingFrequency: "FIFTEEN_MINUTES", tags: TAGS },
};

/** The stack's default AWS provider, which says the stack's region. */
const provider: StackResourceInput = { type: "pulumi:providers:aws", name: "default_7_48_0", props: { region: "us-east-1" } };

describe("guardduty-enabled", () => {
    stackTable(guarddutyEnabled, [detector, provider], {
        passes: { "enable is left at its default": { change: s => { delete s[0].props.enable; } } },
        violations: {
            "the stack has no detector": { change: s => { s.splice(0, 1); }, message: /no GuardDuty detector in its region us-east-1/ },
            "the only detector is in another region": { change: s => { s[0].props.region = "us-west-2"; }, message: /no GuardDuty detector in its region us-east-1/ },
            "the detector is disabled": { change: s => { s[0].props.enable = false; }, message: /disabled/ },
            "the dr stack has no detector (each region needs its own)": { config: { environment: "dr" }, change: s => { s.length = 0; }, message: /no GuardDuty detector/ },
        },
        notApplicable: { "the organization manages GuardDuty": { config: { guardDutyManagedByOrganization: true }, change: s => { s.length = 0; } } },
    });
});

describe("config-recorder", () => {
    const stack: StackResourceInput[] = [
        {
            type: "aws:cfg/recorder:Recorder", name: "config-recorder",
            props: { name: "default", roleArn: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`, recordingGroup: { allSupported: true, includeGlobalResourceTypes: true } },
        },
        { type: "aws:cfg/deliveryChannel:DeliveryChannel", name: "config-delivery", props: { name: "default", s3BucketName: `config-bucket-${ACCOUNT}` }, dependencies: ["config-recorder"] },
        { type: "aws:cfg/recorderStatus:RecorderStatus", name: "config-status", props: { name: "default", isEnabled: true }, dependencies: ["config-delivery"] },
        ...configRuleStack(),
    ];
    const rule = (s: StackResourceInput[], name: string) => named(s, `config-rule-${name}`).props;
    const without = (name: string) => (s: StackResourceInput[]) => { s.splice(s.indexOf(named(s, name)), 1); };
    stackTable(configRecorder, [...stack, provider], {
        // AWS records all supported types without a recording group, but no global ones: fine in dr only.
        passes: {
            "dr leaves the recording group at its default (all supported)": { config: { environment: "dr" }, change: s => { delete named(s, "config-recorder").props.recordingGroup; } },
            "EC2 instances recorded daily, everything security-relevant continuously": {
                change: s => { named(s, "config-recorder").props.recordingMode = { recordingFrequency: "CONTINUOUS", recordingModeOverride: { recordingFrequency: "DAILY", resourceTypes: ["AWS::EC2::Instance"] } }; },
            },
            "dr has no production-only or account-wide rules": {
                config: { environment: "dr" },
                change: s => {
                    ["rds-multi-az-support", "rds-instance-deletion-protection-enabled", "iam-root-access-key-check", "root-account-mfa-enabled"].forEach(n => without(`config-rule-${n}`)(s));
                    named(s, "config-recorder").props.recordingGroup = { allSupported: true, includeGlobalResourceTypes: false };
                },
            },
            "a retention configuration keeps the history 7 years": { change: s => { s.push({ type: "aws:cfg/retentionConfiguration:RetentionConfiguration", name: "config-retention", props: { retentionPeriodInDays: 2557 } }); } },
            "a retention configuration at the configured floor": { change: s => { s.push({ type: "aws:cfg/retentionConfiguration:RetentionConfiguration", name: "config-retention", props: { retentionPeriodInDays: 730 } }); }, config: { minimumHistoryDays: 730 } },
            "a floor raised (log groups must keep 10 years)": { change: s => { rule(s, "cw-loggroup-retention-period-check").inputParameters = JSON.stringify({ MinRetentionTime: "3653" }); } },
            "a rule renamed (the source is what counts)": { change: s => { rule(s, "vpc-flow-logs-enabled").name = "flow-logs-everywhere"; } },
            "an extra rule beside the required ones": {
                change: s => { s.push({ type: "aws:cfg/rule:Rule", name: "extra", props: { name: "s3-bucket-logging-enabled", source: { owner: "AWS", sourceIdentifier: "S3_BUCKET_LOGGING_ENABLED" } } }); },
            },
            "an explicit DETECTIVE evaluation mode": { change: s => { rule(s, "rds-storage-encrypted").evaluationModes = [{ mode: "DETECTIVE" }, { mode: "PROACTIVE" }]; } },
            "the floor at the configured minimum": { config: { minimumLogRetentionDays: 90 }, change: () => undefined },
            "a weakened copy beside the intact rule": {
                change: s => { s.push({ type: "aws:cfg/rule:Rule", name: "copy", props: { name: "flow-logs-tagged", source: { owner: "AWS", sourceIdentifier: "VPC_FLOW_LOGS_ENABLED" }, scope: { tagKey: "x" } } }); },
            },
            "everything daily but the security-relevant types overridden back to continuous": {
                config: { continuousResourceTypes: ["AWS::EC2::SecurityGroup"] },
                change: s => { named(s, "config-recorder").props.recordingMode = { recordingFrequency: "DAILY", recordingModeOverride: { recordingFrequency: "CONTINUOUS", resourceTypes: ["AWS::EC2::SecurityGroup"] } }; },
            },
        },
        violations: {
            "the stack has no recorder": { change: without("config-recorder"), message: /no AWS Config recorder in its region us-east-1/ },
            "the only recorder is in another region": {
                change: s => { named(s, "config-recorder").props.region = "us-west-2"; }, message: /no AWS Config recorder in its region us-east-1/,
            },
            "the recorder records only some types": {
                change: s => { named(s, "config-recorder").props.recordingGroup = { allSupported: false, resourceTypes: ["AWS::S3::Bucket"] }; },
                message: /does not record all supported/,
            },
            "there is no delivery channel": { change: without("config-delivery"), message: /no AWS Config delivery channel/ },
            "dr records global resource types again": { config: { environment: "dr" }, message: /records global resource types in dr too: prod's recorder records them for the account/ },
            "a retention configuration deletes history after 30 days": {
                change: s => { s.push({ type: "aws:cfg/retentionConfiguration:RetentionConfiguration", name: "config-retention", props: { retentionPeriodInDays: 30 } }); },
                message: /retention configuration keeps configuration items 30 days: .*keep at least 365/,
            },
            "the recorder is never started": { change: without("config-status"), message: /created stopped/ },
            "the recorder status is disabled": { change: s => { named(s, "config-status").props.isEnabled = false; }, message: /created stopped/ },
            "security groups, NACLs and IAM policies recorded daily by an override": {
                change: s => { named(s, "config-recorder").props.recordingMode = { recordingFrequency: "CONTINUOUS", recordingModeOverride: { recordingFrequency: "DAILY", resourceTypes: ["AWS::EC2::SecurityGroup", "AWS::EC2::NetworkAcl", "AWS::IAM::Policy"] } }; },
                message: /records AWS::EC2::SecurityGroup, AWS::EC2::NetworkAcl, AWS::IAM::Policy only DAILY/,
            },
            "a required rule removed": { change: without("config-rule-vpc-flow-logs-enabled"), message: /no AWS Config rule with source AWS VPC_FLOW_LOGS_ENABLED/ },
            "prod loses a production-only rule": { change: without("config-rule-rds-multi-az-support"), message: /no AWS Config rule with source AWS RDS_MULTI_AZ_SUPPORT/ },
            "dr loses a rule every region keeps": { config: { environment: "dr" }, change: without("config-rule-guardduty-enabled-centralized"), message: /GUARDDUTY_ENABLED_CENTRALIZED/ },
            "a rule's source swapped for a laxer managed rule": {
                change: s => { rule(s, "vpc-flow-logs-enabled").source = { owner: "AWS", sourceIdentifier: "S3_BUCKET_LOGGING_ENABLED" }; }, message: /no AWS Config rule with source AWS VPC_FLOW_LOGS_ENABLED/,
            },
            "a rule's source a custom Lambda of the same identifier": {
                change: s => { rule(s, "rds-storage-encrypted").source = { owner: "CUSTOM_LAMBDA", sourceIdentifier: "RDS_STORAGE_ENCRYPTED" }; }, message: /no AWS Config rule with source AWS RDS_STORAGE_ENCRYPTED/,
            },
            "a floor lowered": {
                change: s => { rule(s, "cw-loggroup-retention-period-check").inputParameters = JSON.stringify({ MinRetentionTime: "1" }); }, message: /MinRetentionTime is "1", below the required 30/,
            },
            "a floor under the configured minimum": {
                config: { minimumLogRetentionDays: 365 }, change: () => undefined, message: /MinRetentionTime is "90", below the required 365/,
            },
            "the backup floor parameter dropped": {
                change: s => { delete rule(s, "db-instance-backup-enabled").inputParameters; }, message: /leaves out backupRetentionMinimum/,
            },
            "a fixed parameter changed": {
                change: s => { rule(s, "db-instance-backup-enabled").inputParameters = JSON.stringify({ backupRetentionMinimum: "7", checkReadReplicas: "maybe" }); }, message: /checkReadReplicas is "maybe"/,
            },
            "a parameter added that narrows the rule": {
                change: s => { rule(s, "cw-loggroup-retention-period-check").inputParameters = JSON.stringify({ MinRetentionTime: "90", LogGroupNames: "/ecs/nothing" }); }, message: /adds LogGroupNames/,
            },
            "a rule scoped to one resource type": {
                change: s => { rule(s, "rds-storage-encrypted").scope = { complianceResourceTypes: ["AWS::S3::Bucket"] }; }, message: /scope\.complianceResourceTypes/,
            },
            "a rule scoped by tag": { change: s => { rule(s, "s3-bucket-ssl-requests-only").scope = { tagKey: "Audited", tagValue: "yes" }; }, message: /scope\.tagKey, scope\.tagValue/ },
            "a rule evaluating only proactively": {
                change: s => { rule(s, "rds-storage-encrypted").evaluationModes = [{ mode: "PROACTIVE" }]; }, message: /leave out DETECTIVE/,
            },
            "the required rule in another region only": {
                change: s => { rule(s, "vpc-flow-logs-enabled").region = "us-west-2"; }, message: /VPC_FLOW_LOGS_ENABLED/,
            },
            "every type recorded daily": {
                change: s => { named(s, "config-recorder").props.recordingMode = { recordingFrequency: "DAILY" }; }, message: /records AWS::EC2::SecurityGroup, .* only DAILY/,
            },
        },
        notApplicable: { "the organization manages Config": { config: { configManagedByOrganization: true }, change: s => { s.length = 0; } } },
    });
});
