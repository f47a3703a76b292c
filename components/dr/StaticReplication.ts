import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { serviceAssumeRolePolicy } from "../../lib/iam";
import { resourceTags, TagContext } from "../../lib/tags";
import { metricAlarmArgs } from "../monitoring/alarms/definition";
import { EncryptionKey } from "../security/EncryptionKey";
import { SecureBucket } from "../storage/SecureBucket";
import { REPLICATION_TIME_CONTROL_MINUTES } from "../../policy/lib/facts/alarmSignals";
import { staticReplicationAlarms } from "./replicationAlarms";
import { replicationRolePolicy } from "./replicationPolicy";

const COMPONENT = "disaster-recovery";

export interface StaticReplicationArgs {
    /** Project and environment for tags. */
    tags: TagContext;
    /** The source bucket (prod's static assets): name, ARN, region and its KMS key. */
    source: {
        bucketName: pulumi.Input<string>;
        bucketArn: pulumi.Input<string>;
        kmsKeyArn: pulumi.Input<string>;
        region: string;
        /**
         * The resource that enables versioning on the source (its SecureBucket): S3 rejects a
         * replication rule on an unversioned bucket. @default none (versioning already on)
         */
        versioning?: pulumi.Resource;
    };
    /** Physical name of the replica bucket, e.g. `expertconnect-prod-static-us-west-2`. */
    replicaBucketName: string;
    /** Region of the replica bucket and its key (v7 per-resource region). */
    replicaRegion: string;
    /** Days noncurrent replica versions are kept (deletes replicate as delete markers). @default 90 */
    noncurrentVersionExpirationDays?: number;
    /**
     * SNS topics that failed or late replication alarms on (and clears), one in each bucket's
     * region: S3 publishes failures where the source is and latency where the replica is, and an
     * alarm notifies only a topic of its own region. Alarm names are prefixed by the tags' project.
     * @default no alarms
     */
    alarmTopics?: { source: pulumi.Input<string>; replica: pulumi.Input<string> };
    /** Explicit opt-out of protecting the replica bucket and key (throwaway stacks only). @default false */
    allowDataLoss?: boolean;
    /**
     * Pause replication (the rule stays, disabled): a fenced prod must not overwrite, with its
     * backlog, files the recovery region wrote while it served. @default false
     */
    paused?: boolean;
}

/**
 * Cross-region replication of the static-assets bucket: a versioned, KMS-encrypted replica
 * bucket with its own key in the recovery region, and a replication rule with Replication Time
 * Control and metrics, delete-marker replication and SSE-KMS objects re-encrypted with the
 * replica key, run by a role that can do nothing else.
 */
export class StaticReplication extends pulumi.ComponentResource {
    public readonly replicaBucket: SecureBucket;
    public readonly replicaKey: EncryptionKey;
    public readonly role: aws.iam.Role;
    public readonly replication: aws.s3.BucketReplicationConfig;
    public readonly replicaBucketArn: pulumi.Output<string>;
    public readonly replicaBucketName: pulumi.Output<string>;
    public readonly replicaKmsKeyArn: pulumi.Output<string>;
    public readonly roleArn: pulumi.Output<string>;
    /** ARNs of the replication alarms (empty without topics), in both regions. */
    public readonly alarmArns: pulumi.Output<string>[];

    constructor(name: string, args: StaticReplicationArgs, opts?: pulumi.ComponentResourceOptions) {
        super("expertconnect:dr:StaticReplication", name, {}, opts);
        const parent = { parent: this };

        this.replicaKey = new EncryptionKey(`${name}-replica-key`, {
            alias: args.replicaBucketName,
            description: `S3 ${args.replicaBucketName}: replicated static assets`,
            tags: args.tags,
            component: COMPONENT,
            region: args.replicaRegion,
            allowDataLoss: args.allowDataLoss,
        }, parent);
        this.replicaBucket = new SecureBucket(`${name}-replica`, {
            bucketName: args.replicaBucketName,
            tags: args.tags,
            component: COMPONENT,
            kmsKeyArn: this.replicaKey.arn,
            versioned: true,
            noncurrentVersionExpirationDays: args.noncurrentVersionExpirationDays,
            region: args.replicaRegion,
            allowDataLoss: args.allowDataLoss,
        }, parent);
        this.role = this.createRole(name, args);
        this.replication = this.createReplication(name, args);
        this.alarmArns = this.createAlarms(name, args);

        this.replicaBucketArn = this.replicaBucket.arn;
        this.replicaBucketName = this.replicaBucket.bucketName;
        this.replicaKmsKeyArn = this.replicaKey.arn;
        this.roleArn = this.role.arn;
        this.registerOutputs({
            replicaBucketArn: this.replicaBucketArn, replicaBucketName: this.replicaBucketName,
            replicaKmsKeyArn: this.replicaKmsKeyArn, roleArn: this.roleArn, alarmArns: this.alarmArns,
        });
    }

    private createRole(name: string, args: StaticReplicationArgs): aws.iam.Role {
        const account = aws.getCallerIdentityOutput({}, { parent: this }).accountId;
        const role = new aws.iam.Role(`${name}-role`, {
            description: `S3 replication of ${args.replicaBucketName}'s source into it`,
            assumeRolePolicy: pulumi.all([account, args.source.bucketArn])
                .apply(([id, arn]) => serviceAssumeRolePolicy("s3.amazonaws.com", id, arn)),
            tags: resourceTags(args.tags, COMPONENT),
        }, { parent: this });
        new aws.iam.RolePolicy(`${name}-role-policy`, {
            role: role.id,
            policy: pulumi.all([args.source.bucketArn, args.source.kmsKeyArn, this.replicaBucket.arn, this.replicaKey.arn])
                .apply(([sourceBucketArn, sourceKeyArn, destinationBucketArn, destinationKeyArn]) => replicationRolePolicy({
                    sourceBucketArn, sourceRegion: args.source.region, sourceKeyArn,
                    destinationBucketArn, destinationRegion: args.replicaRegion, destinationKeyArn,
                })),
        }, { parent: this });
        return role;
    }

    private createAlarms(name: string, args: StaticReplicationArgs): pulumi.Output<string>[] {
        const topics = args.alarmTopics;
        if (topics === undefined) return [];
        const definitions = staticReplicationAlarms(args.tags.project, {
            sourceBucket: args.source.bucketName,
            destinationBucket: this.replicaBucket.bucketName,
            ruleId: ruleId(args.replicaRegion),
        }, { source: args.source.region, destination: args.replicaRegion });
        return definitions.map((def) => new aws.cloudwatch.MetricAlarm(`${name}-${def.name}`,
            metricAlarmArgs(def, def.region === args.replicaRegion ? topics.replica : topics.source, resourceTags(args.tags, COMPONENT)), { parent: this }).arn);
    }

    private createReplication(name: string, args: StaticReplicationArgs): aws.s3.BucketReplicationConfig {
        return new aws.s3.BucketReplicationConfig(`${name}-rule`, {
            bucket: args.source.bucketName,
            region: args.source.region,
            role: this.role.arn,
            rules: [{
                id: ruleId(args.replicaRegion),
                status: args.paused ? "Disabled" : "Enabled",
                priority: 1,
                // An empty filter selects every object and makes this a V2 rule, the only kind
                // that can replicate delete markers.
                filter: {},
                deleteMarkerReplication: { status: "Enabled" },
                sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
                destination: {
                    bucket: this.replicaBucket.arn,
                    storageClass: "STANDARD",
                    encryptionConfiguration: { replicaKmsKeyId: this.replicaKey.arn },
                    replicationTime: { status: "Enabled", time: { minutes: REPLICATION_TIME_CONTROL_MINUTES } },
                    metrics: { status: "Enabled", eventThreshold: { minutes: REPLICATION_TIME_CONTROL_MINUTES } },
                },
            }],
        }, {
            parent: this,
            // Versioning must be on at both ends before S3 accepts the rule.
            dependsOn: [this.replicaBucket, ...(args.source.versioning ? [args.source.versioning] : [])],
        });
    }
}

/** The replication rule's id (also a dimension of its CloudWatch metrics). */
function ruleId(replicaRegion: string): string {
    return `to-${replicaRegion}`;
}
