import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { resourceTags, TagContext } from "../../lib/tags";
import { flowLogsTrustPolicy, flowLogsWritePolicy } from "./flowLogPolicies";
import { keptOptions } from "../../policy/lib/facts/dataHolders";

export interface VpcFlowLogsArgs {
    /** VPC whose traffic is recorded. */
    vpcId: pulumi.Input<string>;
    /** Physical name of the log group, e.g. `/vpc/expertconnect-prod-flow-logs`. */
    logGroupName: string;
    /** Days the records are kept (audit data). @default 365 */
    retentionInDays?: number;
    /** KMS key ARN that encrypts the log group. */
    kmsKeyArn: pulumi.Input<string>;
    /** Project and environment for tags. */
    tags: TagContext;
    /** Explicit opt-out of protecting the log group (throwaway stacks only). @default false */
    allowDataLoss?: boolean;
}

/**
 * Flow logs of every accepted and rejected connection in the VPC, into a KMS-encrypted log
 * group that survives `pulumi destroy` (it is audit evidence), written by a role that can do
 * nothing but that.
 */
export class VpcFlowLogs extends pulumi.ComponentResource {
    public readonly logGroupName: pulumi.Output<string>;
    public readonly logGroupArn: pulumi.Output<string>;
    public readonly roleArn: pulumi.Output<string>;

    constructor(name: string, args: VpcFlowLogsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("expertconnect:network:VpcFlowLogs", name, {}, opts);
        const tags = resourceTags(args.tags, "network");
        const keep = !args.allowDataLoss;
        const account = aws.getCallerIdentityOutput({}, { parent: this });
        const region = aws.getRegionOutput({}, { parent: this });

        const logGroup = new aws.cloudwatch.LogGroup(`${name}-group`, {
            name: args.logGroupName,
            retentionInDays: args.retentionInDays ?? 365,
            kmsKeyId: args.kmsKeyArn,
            tags,
        }, { parent: this, ...keptOptions(keep) });
        const role = new aws.iam.Role(`${name}-role`, {
            description: `Delivers VPC flow logs to ${args.logGroupName}`,
            assumeRolePolicy: pulumi.all([account.accountId, region.region])
                .apply(([accountId, r]) => flowLogsTrustPolicy(accountId, r)),
            tags,
        }, { parent: this });
        new aws.iam.RolePolicy(`${name}-write`, {
            role: role.id,
            policy: logGroup.arn.apply(flowLogsWritePolicy),
        }, { parent: this });
        new aws.ec2.FlowLog(name, {
            vpcId: args.vpcId,
            trafficType: "ALL",
            logDestinationType: "cloud-watch-logs",
            logDestination: logGroup.arn,
            iamRoleArn: role.arn,
            // One-minute aggregation so incident timelines are precise.
            maxAggregationInterval: 60,
            tags,
        }, { parent: this });

        this.logGroupName = logGroup.name;
        this.logGroupArn = logGroup.arn;
        this.roleArn = role.arn;
        this.registerOutputs({ logGroupName: this.logGroupName, logGroupArn: this.logGroupArn, roleArn: this.roleArn });
    }
}
