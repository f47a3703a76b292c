import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { resourceTags, TagContext, Tags } from "../../lib/tags";
import { EncryptionKey } from "../security/EncryptionKey";
import { dataKeyName } from "../../policy/lib/facts/dataKeys";
import { cloudWatchLogsGrant } from "../security/keyPolicy";
import { IngressSecurityGroup, ingressSecurityGroup } from "./ingressSecurityGroup";
import { keptOptions } from "../../policy/lib/facts/dataHolders";

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
function dataStoreKey(name: string, args: DataStoreArgs & {
    alias: string; description: string; component: string; logGroupPattern: string;
}, parent: pulumi.Resource): EncryptionKey {
    return new EncryptionKey(dataKeyName(name), {
        alias: args.alias,
        description: args.description,
        tags: args.tags,
        component: args.component,
        services: [cloudWatchLogsGrant(args.region, args.logGroupPattern)],
        allowDataLoss: args.allowDataLoss,
    }, { parent });
}

/**
 * Log groups the service would otherwise create on first delivery with unlimited retention
 * and no CMK; created first, the service writes into them. Protected and kept on delete (they
 * are evidence): no destroy or rename deletes them.
 */
function encryptedLogGroups<T extends string>(name: string, logTypes: readonly T[], groupName: (logType: T) => string,
    key: EncryptionKey, args: DataStoreArgs & { component: string }, parent: pulumi.Resource): Record<T, aws.cloudwatch.LogGroup> {
    const entries = logTypes.map((logType) => [logType, new aws.cloudwatch.LogGroup(`${name}-log-${logType}`, {
        name: groupName(logType),
        retentionInDays: args.logRetentionDays ?? 90,
        kmsKeyId: key.arn,
        tags: resourceTags(args.tags, args.component),
    }, { parent, ...keptOptions(!args.allowDataLoss) })] as const);
    return Object.fromEntries(entries) as Record<T, aws.cloudwatch.LogGroup>;
}

/** What a concrete store tells {@link DataStore}: who it is, its port, what its key protects. */
export interface DataStoreIdentity {
    /** Component tag value, e.g. `database`. */
    component: string;
    /** Physical id (`expertconnect-prod-db`): key alias and descriptions. */
    storeId: string;
    /** Kind of store for descriptions, e.g. `PostgreSQL`. */
    kind: string;
    /** TCP port clients connect to. */
    port: number;
    /** What the key encrypts, for its description. */
    keyUses: string;
    /** Pattern of the store's log group names, for the key's CloudWatch Logs grant. */
    logGroupPattern: string;
}

/**
 * What every data store shares: its customer-managed key, a security group admitting only the
 * given client groups, tags, and the data-loss opt-out.
 */
export abstract class DataStore extends pulumi.ComponentResource {
    /** The store's rotating customer-managed key. */
    public readonly key: EncryptionKey;
    public readonly kmsKeyArn: pulumi.Output<string>;
    public readonly securityGroupId: pulumi.Output<string>;

    protected readonly name: string;
    /** `protect`/`retainOnDelete`, unless the stack opted out of data protection. */
    protected readonly keep: boolean;
    protected readonly securityGroup: aws.ec2.SecurityGroup;
    private readonly store: DataStoreArgs & DataStoreIdentity;
    private readonly admit: IngressSecurityGroup["admit"];

    protected constructor(type: string, name: string, args: DataStoreArgs, identity: DataStoreIdentity, opts?: pulumi.ComponentResourceOptions) {
        super(type, name, {}, opts);
        this.name = name;
        this.store = { ...args, ...identity };
        this.keep = !args.allowDataLoss;
        this.key = dataStoreKey(name, {
            ...this.store,
            alias: identity.storeId,
            description: `${identity.kind} ${identity.storeId}: ${identity.keyUses}`,
        }, this);
        const ingress = ingressSecurityGroup(name, {
            ...this.store,
            allowedSources: args.allowedSources ?? {},
            description: `${identity.kind} ${identity.storeId}: clients only`,
        }, this);
        this.securityGroup = ingress.group;
        this.admit = ingress.admit;
        this.kmsKeyArn = this.key.arn;
        this.securityGroupId = this.securityGroup.id;
    }

    /**
     * Admits one more client security group on the store's port, for clients created after the
     * store (a service that takes the store's endpoints comes later).
     */
    public allowFrom(label: string, securityGroupId: pulumi.Input<string>): aws.vpc.SecurityGroupIngressRule {
        return this.admit(label, securityGroupId);
    }

    /** Tags of every child. */
    protected tags(): Tags {
        return resourceTags(this.store.tags, this.store.component);
    }

    /** The store's log groups, one per log type, encrypted with its key (see {@link encryptedLogGroups}). */
    protected logGroups<T extends string>(logTypes: readonly T[], groupName: (logType: T) => string): Record<T, aws.cloudwatch.LogGroup> {
        return encryptedLogGroups(this.name, logTypes, groupName, this.key, this.store, this);
    }
}
