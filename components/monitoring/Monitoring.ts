import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { resourceTags, TagContext } from "../../lib/tags";
import { albAlarms, WatchedLoadBalancer } from "./alarms/alb";
import { AlarmDefinition, metricAlarmArgs } from "./alarms/definition";
import { ecsServiceAlarms, WatchedService } from "./alarms/ecs";
import { rdsAlarms, WatchedDatabase } from "./alarms/rds";
import { redisAlarms } from "./alarms/redis";
import { dashboardBody, dashboardName, Widget } from "./dashboard";
import { expertConnectWidgets } from "./dashboardWidgets";
import { EventNotification, eventNotifications } from "./events";

export interface MonitoringArgs {
    /** Project name, the prefix of alarm and rule names: `expertconnect`. */
    project: string;
    /** Environment (tags, dashboard name). */
    tags: TagContext;
    /** The stack's region, written into every dashboard widget. */
    region: string;
    /** SNS topic every alarm and notification goes to. */
    topicArn: pulumi.Input<string>;
    /** ECS cluster name: `expertconnect-prod-cluster`. */
    clusterName: string;
    /** The ECS services to watch. */
    services: WatchedService[];
    /** The load balancer and its target groups (ARN suffixes). */
    loadBalancer: WatchedLoadBalancer;
    /** The database instance. */
    database: WatchedDatabase;
    /**
     * The database is a read replica (dr standby): the dashboard shows its lag (the lag alarms
     * are the DisasterRecovery component's). @default false
     */
    showsReplicaLag?: boolean;
    /** ElastiCache member cluster ids (see `cacheMemberIds`). */
    cacheNodes: string[];
    /** Alarms made elsewhere (e.g. the audit trail's) to show on the dashboard too. @default [] */
    extraAlarmArns?: pulumi.Input<string[]>;
    /** EventBridge notifications beside the stack's own (e.g. image findings where the stack scans). @default [] */
    extraNotifications?: EventNotification[];
    /** Dashboard widgets after the infrastructure's (the application's signals, the synthetic check). @default [] */
    extraWidgets?: Widget[];
}

/**
 * Alarms for everything the guide watches, EventBridge notifications for what no metric
 * shows, and the dashboard. Every threshold comes from the pure definitions in `alarms/`.
 */
export class Monitoring extends pulumi.ComponentResource {
    public readonly alarms: aws.cloudwatch.MetricAlarm[];
    public readonly alarmArns: pulumi.Output<string[]>;
    public readonly dashboardName: pulumi.Output<string>;
    public readonly dashboardUrl: pulumi.Output<string>;

    constructor(name: string, args: MonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
        // Every alarm is decided (and checked) before anything is registered.
        const definitions = alarmDefinitions(args);
        super("expertconnect:monitoring:Monitoring", name, {}, opts);
        const tags = resourceTags(args.tags, "monitoring");

        this.alarms = definitions.map((def) =>
            new aws.cloudwatch.MetricAlarm(`${name}-${def.name}`, metricAlarmArgs(def, args.topicArn, tags), { parent: this }));
        this.createEventNotifications(name, args, tags);

        this.alarmArns = pulumi.all(this.alarms.map((a) => a.arn));
        const dashboard = this.createDashboard(name, args);
        this.dashboardName = dashboard.dashboardName;
        this.dashboardUrl = pulumi.interpolate`https://${args.region}.console.aws.amazon.com/cloudwatch/home?region=${args.region}#dashboards/dashboard/${dashboard.dashboardName}`;
        this.registerOutputs({ alarmArns: this.alarmArns, dashboardName: this.dashboardName, dashboardUrl: this.dashboardUrl });
    }

    private createEventNotifications(name: string, args: MonitoringArgs, tags: Record<string, string>): void {
        for (const notification of [...eventNotifications(args.clusterName), ...(args.extraNotifications ?? [])]) {
            const rule = new aws.cloudwatch.EventRule(`${name}-${notification.key}`, {
                name: `${args.project}-${notification.key}`,
                description: notification.description,
                eventPattern: JSON.stringify(notification.pattern),
                tags,
            }, { parent: this });
            new aws.cloudwatch.EventTarget(`${name}-${notification.key}-topic`, {
                rule: rule.name,
                arn: args.topicArn,
            }, { parent: this });
        }
    }

    private createDashboard(name: string, args: MonitoringArgs): aws.cloudwatch.Dashboard {
        const body = pulumi
            .all([args.loadBalancer.arnSuffix, pulumi.output(args.loadBalancer.targetGroups), this.alarmArns, pulumi.output(args.extraAlarmArns ?? [])])
            .apply(([albArnSuffix, targetGroups, alarmArns, extraAlarmArns]) => dashboardBody([...expertConnectWidgets({
                clusterName: args.clusterName,
                serviceNames: args.services.map((s) => s.serviceName),
                albArnSuffix,
                targetGroups: targetGroups as Record<string, string>,
                dbIdentifier: args.database.identifier,
                replicaLag: args.showsReplicaLag ?? false,
                cacheNodes: args.cacheNodes,
                alarmArns: [...alarmArns, ...extraAlarmArns],
            }), ...(args.extraWidgets ?? [])], args.region));
        return new aws.cloudwatch.Dashboard(`${name}-dashboard`, {
            dashboardName: dashboardName(args.tags.environment),
            dashboardBody: body,
        }, { parent: this });
    }
}

/** The stack's alarms: per service, load balancer, database (and replica), cache nodes. */
export function alarmDefinitions(args: MonitoringArgs): AlarmDefinition[] {
    const defs = [
        ...args.services.flatMap((s) => ecsServiceAlarms(args.project, args.clusterName, s)),
        ...albAlarms(args.project, args.loadBalancer),
        ...rdsAlarms(args.project, args.database),
        ...redisAlarms(args.cacheNodes),
    ];
    // Alarm names are the alarms' identity in the region: two services with one key would
    // silently share (and overwrite) an alarm.
    const duplicates = defs.map((d) => d.name).filter((n, i, all) => all.indexOf(n) !== i);
    if (duplicates.length > 0) {
        throw new Error(`Monitoring: alarm names must be unique; ${[...new Set(duplicates)].join(", ")} would be created twice (give each service its own key)`);
    }
    return defs;
}
