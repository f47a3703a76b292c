import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { clusterName } from "../../lib/naming";
import { resourceTags, TagContext } from "../../lib/tags";
import { keptOptions } from "../../policy/lib/facts/dataHolders";

/** What a Service needs from its cluster. */
export interface ClusterRef {
    /** Cluster name (the auto-scaling resource id names it). */
    name: pulumi.Input<string>;
    /** Cluster ARN. */
    arn: pulumi.Input<string>;
    /** Log group that records ECS Exec sessions; the task role writes to it. */
    execLogGroupArn: pulumi.Input<string>;
    /** KMS key that encrypts ECS Exec sessions; the task role decrypts with it. */
    execKmsKeyArn: pulumi.Input<string>;
}

export interface ClusterArgs {
    /** Project and environment: tags, and the name `expertconnect-<env>-cluster`. */
    tags: TagContext;
    /** KMS key for ECS Exec sessions and their log group (grants `logs.<region>.amazonaws.com`). */
    kmsKeyArn: pulumi.Input<string>;
    /**
     * Container Insights level: `enhanced` adds task- and container-level metrics.
     * @default "enhanced"
     */
    containerInsights?: "enhanced" | "enabled";
    /** Days ECS Exec session logs are kept (audit data: who ran what in production). @default 365 */
    execLogRetentionDays?: number;
    /** Explicit opt-out of protecting the session log group (throwaway stacks only). @default false */
    allowDataLoss?: boolean;
}

/**
 * The ECS cluster (`expertconnect-prod-cluster`, as the guide's commands name it) with
 * Container Insights, and ECS Exec sessions encrypted and logged to an audit log group.
 */
export class Cluster extends pulumi.ComponentResource implements ClusterRef {
    public readonly name: pulumi.Output<string>;
    public readonly arn: pulumi.Output<string>;
    public readonly execLogGroupName: pulumi.Output<string>;
    public readonly execLogGroupArn: pulumi.Output<string>;
    public readonly execKmsKeyArn: pulumi.Output<string>;

    constructor(name: string, args: ClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("expertconnect:compute:Cluster", name, {}, opts);
        const tags = resourceTags(args.tags, "compute");
        const physicalName = clusterName(args.tags.project, args.tags.environment);
        const keep = !args.allowDataLoss;

        const execLogs = new aws.cloudwatch.LogGroup(`${name}-exec-logs`, {
            name: `/ecs/${physicalName}/execute-command`,
            retentionInDays: args.execLogRetentionDays ?? 365,
            kmsKeyId: args.kmsKeyArn,
            tags,
        }, { parent: this, ...keptOptions(keep) });
        const cluster = new aws.ecs.Cluster(name, {
            name: physicalName,
            settings: [{ name: "containerInsights", value: args.containerInsights ?? "enhanced" }],
            configuration: {
                executeCommandConfiguration: {
                    kmsKeyId: args.kmsKeyArn,
                    logging: "OVERRIDE",
                    logConfiguration: { cloudWatchLogGroupName: execLogs.name, cloudWatchEncryptionEnabled: true },
                },
            },
            tags,
        }, { parent: this });

        this.name = cluster.name;
        this.arn = cluster.arn;
        this.execLogGroupName = execLogs.name;
        this.execLogGroupArn = execLogs.arn;
        this.execKmsKeyArn = pulumi.output(args.kmsKeyArn);
        this.registerOutputs({
            name: this.name,
            arn: this.arn,
            execLogGroupName: this.execLogGroupName,
            execLogGroupArn: this.execLogGroupArn,
            execKmsKeyArn: this.execKmsKeyArn,
        });
    }
}
