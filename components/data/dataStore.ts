import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { resourceTags, TagContext } from "../../lib/tags";
import { EncryptionKey } from "../security/EncryptionKey";

/** What every data store (database, cache) is given: where it runs, who may connect, how long logs live. */
export interface DataStoreArgs {
    /** Project and environment for tags. */
    tags: TagContext;
    /** Region of the store, for the key grant that lets CloudWatch Logs encrypt its log groups. */
    region: string;
    /** VPC of the store. */
    vpcId: pulumi.Input<string>;
    /** Isolated subnets (no route to the internet) for the subnet group, one per AZ. */
    subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * Security groups allowed to connect, by a label used in names, e.g. `{ backend: taskSg.id }`.
     * Nothing else can reach the store; clients created later are added with `allowFrom`.
     * @default {}
     */
    allowedSources?: Record<string, pulumi.Input<string>>;
    /** Retention of the store's CloudWatch log groups, in days. @default 90 */
    logRetentionDays?: number;
    /**
     * Explicit opt-out of data protection: no `protect`/`retainOnDelete`, no deletion protection.
     * Only for throwaway stacks. @default false
     */
    allowDataLoss?: boolean;
}

/**
 * The store's customer-managed key. The storage service, Performance Insights and Secrets
 * Manager use it through grants made for the deploying principal; only CloudWatch Logs needs a
 * service grant, narrowed to the store's own log groups.
 */
export function dataStoreKey(name: string, args: DataStoreArgs & {
    alias: string; description: string; component: string; logGroupPattern: string;
}, parent: pulumi.Resource): EncryptionKey {
    return new EncryptionKey(`${name}-key`, {
        alias: args.alias,
        description: args.description,
        tags: args.tags,
        component: args.component,
        services: [{
            service: `logs.${args.region}.amazonaws.com`,
            // CloudWatch Logs sends no aws:SourceAccount; the encryption context names the log group.
            sourceAccount: false,
            condition: (accountId) => ({
                ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:${args.region}:${accountId}:log-group:${args.logGroupPattern}` },
            }),
        }],
        allowDataLoss: args.allowDataLoss,
    }, { parent });
}

/**
 * Log groups the service would otherwise create on first delivery with unlimited retention
 * and no CMK; created first, the service writes into them. Kept on delete (they are evidence).
 */
export function encryptedLogGroups<T extends string>(name: string, logTypes: readonly T[], groupName: (logType: T) => string,
    key: EncryptionKey, args: DataStoreArgs & { component: string }, parent: pulumi.Resource): Record<T, aws.cloudwatch.LogGroup> {
    const entries = logTypes.map((logType) => [logType, new aws.cloudwatch.LogGroup(`${name}-log-${logType}`, {
        name: groupName(logType),
        retentionInDays: args.logRetentionDays ?? 90,
        kmsKeyId: key.arn,
        tags: resourceTags(args.tags, args.component),
    }, { parent, retainOnDelete: !args.allowDataLoss })] as const);
    return Object.fromEntries(entries) as Record<T, aws.cloudwatch.LogGroup>;
}
