import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { resourceTags, TagContext } from "../../lib/tags";
import { metricAlarmArgs } from "../monitoring/alarms/definition";
import { SecureBucket } from "../storage/SecureBucket";
import { cisAlarm, cisFilters, SECURITY_METRICS_NAMESPACE } from "./cisAlarms";
import { EncryptionKey } from "./EncryptionKey";
import {
    cloudTrailBucketStatements, trailArn, trailKeyGrants, trailLogsPermissions, trailLogsTrustPolicy,
} from "./trailPolicies";
import { keptOptions } from "../../policy/lib/facts/dataHolders";

export interface AuditTrailArgs {
    /** Project name, prefix of the bucket and alarm names: `expertconnect`. */
    project: string;
    /** Project and environment for tags. */
    tags: TagContext;
    /**
     * IAM roles whose security-group and IAM policy changes are deployments, left out of those
     * two CIS alarms (every deploy makes them). @default [] (every change alarms)
     */
    deployRoleNames?: string[];
    /** The trail's home region (the stack's). */
    region: string;
    /** Trail name; the guide's commands use `expertconnect-trail`. @default "expertconnect-trail" */
    trailName?: string;
    /** Retention of the trail's CloudWatch log group, in days (audit retention). */
    logRetentionDays: number;
    /** Days after which log files move to Glacier Instant Retrieval. @default 90 */
    archiveAfterDays?: number;
    /** Topic the CIS alarms notify. */
    topicArn: pulumi.Input<string>;
    /** Explicit opt-out of protecting the key, bucket and log group (throwaway stacks only). @default false */
    allowDataLoss?: boolean;
}

/**
 * The account's CloudTrail trail: multi-region with global service events, log-file
 * validation, KMS-encrypted into `expertconnect-cloudtrail-<account>`, and copied to a
 * CloudWatch log group whose CIS metric filters alarm on root use, denied calls, IAM policy
 * and security-group changes. One trail covers every region, so only prod creates it.
 */
export class AuditTrail extends pulumi.ComponentResource {
    public readonly trail: aws.cloudtrail.Trail;
    public readonly trailArn: pulumi.Output<string>;
    public readonly bucketName: pulumi.Output<string>;
    public readonly logGroupName: pulumi.Output<string>;
    public readonly alarmArns: pulumi.Output<string[]>;

    constructor(name: string, args: AuditTrailArgs, opts?: pulumi.ComponentResourceOptions) {
        super("expertconnect:security:AuditTrail", name, {}, opts);
        const parent = { parent: this };
        const keep = !args.allowDataLoss;
        const tags = resourceTags(args.tags, "audit");
        const trailName = args.trailName ?? `${args.project}-trail`;
        const logGroupName = `/aws/cloudtrail/${trailName}`;
        const accountId = aws.getCallerIdentityOutput({}, parent).accountId;
        const sourceArn = accountId.apply((id) => trailArn(args.region, id, trailName));

        const key = new EncryptionKey(`${name}-key`, {
            alias: `${args.project}-${args.tags.environment}-cloudtrail`,
            description: `Encrypts CloudTrail log files of ${trailName} and its log group`,
            tags: args.tags,
            component: "audit",
            services: trailKeyGrants(args.region, logGroupName),
            allowDataLoss: args.allowDataLoss,
        }, parent);

        const bucket = new SecureBucket(`${name}-bucket`, {
            bucketName: pulumi.interpolate`${args.project}-cloudtrail-${accountId}`,
            tags: args.tags,
            component: "audit",
            // Default SSE-S3: CloudTrail encrypts each log file with the trail's key itself, and
            // writes digest files with SSE-S3 whatever the default; a bucket-level KMS default
            // would only add a second key path CloudTrail's grant does not cover.
            archiveAfterDays: args.archiveAfterDays ?? 90,
            policyStatements: (bucketArn) => pulumi.all([accountId, sourceArn]).apply(([id, arn]) => cloudTrailBucketStatements(bucketArn, id, arn)),
            allowDataLoss: args.allowDataLoss,
        }, parent);

        const logGroup = new aws.cloudwatch.LogGroup(`${name}-logs`, {
            name: logGroupName,
            retentionInDays: args.logRetentionDays,
            kmsKeyId: key.arn,
            tags,
        }, { ...parent, ...keptOptions(keep) });
        const role = new aws.iam.Role(`${name}-logs-role`, {
            description: `CloudTrail ${trailName} delivers to ${logGroupName}`,
            assumeRolePolicy: sourceArn.apply(trailLogsTrustPolicy),
            tags,
        }, parent);
        const rolePolicy = new aws.iam.RolePolicy(`${name}-logs-policy`, {
            role: role.id,
            policy: logGroup.arn.apply(trailLogsPermissions),
        }, parent);

        this.trail = new aws.cloudtrail.Trail(name, {
            name: trailName,
            s3BucketName: bucket.bucketName,
            kmsKeyId: key.arn,
            isMultiRegionTrail: true,
            includeGlobalServiceEvents: true,
            enableLogFileValidation: true,
            enableLogging: true,
            // CloudTrail wants the log group ARN with its `:*` stream wildcard.
            cloudWatchLogsGroupArn: pulumi.interpolate`${logGroup.arn}:*`,
            cloudWatchLogsRoleArn: role.arn,
            tags,
        }, { ...parent, dependsOn: [bucket.policy, rolePolicy] });

        const alarms = cisFilters(args.deployRoleNames ?? []).map((filter) => {
            new aws.cloudwatch.LogMetricFilter(`${name}-${filter.key}`, {
                name: `${args.project}-${filter.key}`,
                logGroupName: logGroup.name,
                pattern: filter.pattern,
                metricTransformation: { name: filter.metricName, namespace: SECURITY_METRICS_NAMESPACE, value: "1" },
            }, parent);
            return new aws.cloudwatch.MetricAlarm(`${name}-${filter.key}-alarm`, metricAlarmArgs(cisAlarm(args.project, filter), args.topicArn, tags), parent);
        });

        this.trailArn = this.trail.arn;
        this.bucketName = bucket.bucketName;
        this.logGroupName = logGroup.name;
        this.alarmArns = pulumi.all(alarms.map((a) => a.arn));
        this.registerOutputs({ trailArn: this.trailArn, bucketName: this.bucketName, logGroupName: this.logGroupName, alarmArns: this.alarmArns });
    }
}
