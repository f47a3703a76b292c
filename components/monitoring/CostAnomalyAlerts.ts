import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { resourceTags, TagContext } from "../../lib/tags";

export interface CostAnomalyAlertsArgs {
    /** Project name: prefix of the monitor and subscription names. */
    project: string;
    /** Project and environment for tags. */
    tags: TagContext;
    /** SNS topic the alerts go to (it must let `costalerts.amazonaws.com` publish; AlarmTopic does). */
    topicArn: pulumi.Input<string>;
    /** An anomaly's total cost impact, in USD, from which it is notified. @default 100 */
    minimumImpactUsd?: number;
}

/**
 * AWS Cost Anomaly Detection for the account: a monitor per AWS service (it learns each
 * service's usual spend) and an immediate SNS alert to the alarm topic for an anomaly whose
 * impact reaches the threshold. Account-wide, so only prod owns it. Budgets on actual spend
 * are a separate concern (the stack's budget) and are not repeated here.
 */
export class CostAnomalyAlerts extends pulumi.ComponentResource {
    public readonly monitorArn: pulumi.Output<string>;

    constructor(name: string, args: CostAnomalyAlertsArgs, opts?: pulumi.ComponentResourceOptions) {
        const impact = args.minimumImpactUsd ?? 100;
        if (!(impact > 0)) {
            throw new Error(`monitoring.costAnomalyImpactUsd ${impact}: allowed: a number above 0`);
        }
        super("expertconnect:monitoring:CostAnomalyAlerts", name, {}, opts);
        const tags = resourceTags(args.tags, "monitoring");

        const monitor = new aws.costexplorer.AnomalyMonitor(`${name}-monitor`, {
            name: `${args.project}-services`,
            monitorType: "DIMENSIONAL",
            monitorDimension: "SERVICE",
            tags,
        }, { parent: this });
        new aws.costexplorer.AnomalySubscription(`${name}-subscription`, {
            name: `${args.project}-cost-anomalies`,
            // SNS subscribers take IMMEDIATE alerts only.
            frequency: "IMMEDIATE",
            monitorArnLists: [monitor.arn],
            subscribers: [{ type: "SNS", address: args.topicArn }],
            thresholdExpression: {
                dimension: { key: "ANOMALY_TOTAL_IMPACT_ABSOLUTE", matchOptions: ["GREATER_THAN_OR_EQUAL"], values: [String(impact)] },
            },
            tags,
        }, { parent: this });

        this.monitorArn = monitor.arn;
        this.registerOutputs({ monitorArn: this.monitorArn });
    }
}
