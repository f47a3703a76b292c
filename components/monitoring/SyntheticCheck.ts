import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";
import { readFileSync } from "fs";
import * as path from "path";
import { resourceTags, TagContext } from "../../lib/tags";
import { EncryptionKey } from "../security/EncryptionKey";
import { dataKeyName } from "../../policy/lib/facts/dataKeys";
import { CANARY_IGNORE_CERTIFICATE_NAME_VARIABLE, CANARY_SITE_URL_VARIABLE } from "../../policy/lib/facts/canaryInputs";
import { SecureBucket } from "../storage/SecureBucket";
import { metricAlarmArgs } from "./alarms/definition";
import {
    CANARY_HANDLER, CANARY_RUNTIME, canaryAlarm, canaryName, canaryRolePolicy, canarySchedule, functionNameOf,
} from "./canary/settings";

/** The canary's script, shipped as the root of its code archive. */
const SCRIPT = path.join(__dirname, "canary", "siteCheck.mjs");

export interface SyntheticCheckArgs {
    /** Project name: prefix of the canary, bucket and alarm names. */
    project: string;
    /** Project and environment for tags. */
    tags: TagContext;
    /** The stack's region (the role policy names its log group there). */
    region: string;
    /** Public URL of the site, `https://…`. */
    siteUrl: pulumi.Input<string>;
    /**
     * The URL's host is the load balancer's own DNS name, which the certificate does not cover:
     * the check then ignores the certificate's name (and only then). @default false
     */
    ignoreCertificateName?: boolean;
    /** The API's health-check path. @example "/api/health/" */
    healthPath: string;
    /** The video-conferencing check path (contract in docs/monitoring-and-security.md). @example "/api/health/video/" */
    videoCheckPath: string;
    /** Minutes between runs, 1–60. @default 5 */
    everyMinutes?: number;
    /** Days run artifacts (screenshots, HAR files, logs) are kept, in S3 and by Synthetics. @default 30 */
    artifactRetentionDays?: number;
    /** Retention of the canary's own log group, in days. */
    logRetentionDays: number;
    /** KMS key of the stack's log groups. */
    logsKmsKeyArn: pulumi.Input<string>;
    /** SNS topic the alarm notifies. */
    topicArn: pulumi.Input<string>;
    /**
     * Whether the check runs. False (a stack that serves nobody: dr in standby, a fenced
     * region) removes the canary, its log group from the stack and its alarm, and keeps the
     * artifacts bucket and key, which hold past runs and are protected. @default true
     */
    active?: boolean;
    /** Explicit opt-out of protecting the artifacts key and bucket (throwaway stacks only). @default false */
    allowDataLoss?: boolean;
}

/**
 * A CloudWatch Synthetics canary that loads the public site, calls the API's health check and
 * the video-conferencing check as a browser would, from the stack's region and outside the VPC
 * (it tests the path users take: DNS, TLS, WAF, load balancer). Artifacts go to an encrypted,
 * private bucket; its log group has a retention; two failed runs of three page.
 */
export class SyntheticCheck extends pulumi.ComponentResource {
    public readonly canaryName: string;
    /** The alarm on the canary; undefined while the check is not active. */
    public readonly alarmArn?: pulumi.Output<string>;
    public readonly artifactBucketName: pulumi.Output<string>;

    constructor(name: string, args: SyntheticCheckArgs, opts?: pulumi.ComponentResourceOptions) {
        const everyMinutes = args.everyMinutes ?? 5;
        const canary = canaryName(args.project, args.tags.environment);
        const schedule = canarySchedule(everyMinutes);
        const retention = args.artifactRetentionDays ?? 30;
        super("expertconnect:monitoring:SyntheticCheck", name, {}, opts);
        const tags = resourceTags(args.tags, "monitoring");
        const parent = { parent: this };
        const account = aws.getCallerIdentityOutput({}, parent);

        const key = new EncryptionKey(dataKeyName(`${name}-artifacts`), {
            alias: `${canary}-canary-artifacts`,
            description: "Encrypts the synthetic check's run artifacts",
            tags: args.tags,
            component: "monitoring",
            allowDataLoss: args.allowDataLoss,
        }, parent);
        const bucket = new SecureBucket(`${name}-artifacts`, {
            bucketName: pulumi.interpolate`${canary}-canary-artifacts-${account.accountId}`,
            tags: args.tags,
            // Run diagnostics (screenshots, HAR files) the canary itself keeps 30 days: nothing to
            // keep beyond that, also where the canary is paused (dr in standby) and cannot vouch for it.
            holdsData: false,
            component: "monitoring",
            kmsKeyArn: key.arn,
            expireAfterDays: retention,
            noncurrentVersionExpirationDays: 1,
            allowDataLoss: args.allowDataLoss,
        }, parent);

        const role = new aws.iam.Role(`${name}-role`, {
            description: `Runs the synthetic check ${canary}`,
            assumeRolePolicy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
            }),
            tags,
        }, parent);
        const rolePolicy = new aws.iam.RolePolicy(`${name}-role-policy`, {
            role: role.id,
            policy: pulumi.all([account.accountId, bucket.arn, key.arn]).apply(([accountId, bucketArn, keyArn]) =>
                canaryRolePolicy({ region: args.region, accountId, canaryName: canary, bucketArn, keyArn })),
        }, parent);

        this.canaryName = canary;
        this.artifactBucketName = bucket.bucketName;
        if (args.active ?? true) {
            this.alarmArn = this.createCanary(name, args, { canary, schedule, everyMinutes, retention, tags, bucket, keyArn: key.arn, roleArn: role.arn, rolePolicy });
        }
        this.registerOutputs({ canaryName: this.canaryName, alarmArn: this.alarmArn, artifactBucketName: this.artifactBucketName });
    }

    /** The code archive, the canary, its function's log group and its alarm; returns the alarm's ARN. */
    private createCanary(name: string, args: SyntheticCheckArgs, c: CanaryParts): pulumi.Output<string> {
        const { canary, schedule, everyMinutes, retention, tags, bucket } = c;
        const script = readFileSync(SCRIPT);
        const code = new aws.s3.BucketObjectv2(`${name}-code`, {
            bucket: bucket.bucketName,
            // The key changes with the script, so a new script updates the canary.
            key: `code/siteCheck-${createHash("sha256").update(script).digest("hex").slice(0, 16)}.zip`,
            source: new pulumi.asset.AssetArchive({ [path.basename(SCRIPT)]: new pulumi.asset.FileAsset(SCRIPT) }),
            tags,
        }, { parent: this, dependsOn: [bucket.policy] });

        const synthetic = new aws.synthetics.Canary(name, {
            name: canary,
            runtimeVersion: CANARY_RUNTIME,
            handler: CANARY_HANDLER,
            s3Bucket: code.bucket,
            s3Key: code.key,
            executionRoleArn: c.roleArn,
            artifactS3Location: pulumi.interpolate`s3://${bucket.bucketName}/canary/`,
            artifactConfig: { s3Encryption: { encryptionMode: "SSE_KMS", kmsKeyArn: c.keyArn } },
            schedule: { expression: schedule },
            runConfig: {
                timeoutInSeconds: Math.min(60 * everyMinutes, 120),
                environmentVariables: {
                    [CANARY_SITE_URL_VARIABLE]: args.siteUrl,
                    HEALTH_PATH: args.healthPath,
                    VIDEO_CHECK_PATH: args.videoCheckPath,
                    [CANARY_IGNORE_CERTIFICATE_NAME_VARIABLE]: String(args.ignoreCertificateName ?? false),
                },
            },
            successRetentionPeriod: retention,
            failureRetentionPeriod: retention,
            startCanary: true,
            // The Lambda function and layers Synthetics created go with the canary.
            deleteLambda: true,
            tags,
        }, { parent: this, dependsOn: [c.rolePolicy] });

        // The role may not create log groups, so this one (with retention and the logs key) is the
        // only one the canary's function writes to. Kept when the canary goes: its events expire.
        new aws.cloudwatch.LogGroup(`${name}-logs`, {
            name: synthetic.engineArn.apply((arn) => `/aws/lambda/${functionNameOf(arn)}`),
            retentionInDays: args.logRetentionDays,
            kmsKeyId: args.logsKmsKeyArn,
            tags,
        }, { parent: this, retainOnDelete: !args.allowDataLoss });

        return new aws.cloudwatch.MetricAlarm(`${name}-alarm`,
            metricAlarmArgs(canaryAlarm(args.project, canary, everyMinutes), args.topicArn, tags), { parent: this, dependsOn: [synthetic] }).arn;
    }
}

/** What the canary is made of, created by the constructor. */
interface CanaryParts {
    canary: string;
    schedule: string;
    everyMinutes: number;
    retention: number;
    tags: Record<string, string>;
    bucket: SecureBucket;
    keyArn: pulumi.Output<string>;
    roleArn: pulumi.Output<string>;
    rolePolicy: aws.iam.RolePolicy;
}
