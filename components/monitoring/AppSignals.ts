import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { resourceTags, TagContext } from "../../lib/tags";
import { metricAlarmArgs } from "./alarms/definition";
import { AppAlarmSettings, appAlarms } from "./signals/appAlarms";
import { appMetricFilters, APP_METRICS_NAMESPACE } from "./signals/metricFilters";
import { AppService, writersOf, writersOfEvents } from "../../policy/lib/facts/appLogContract";
import { queryFolder, QueryReads, SAVED_QUERIES } from "./signals/queries";

export interface AppSignalsArgs {
    /** Project name, the prefix of alarm names: `expertconnect`. */
    project: string;
    /** Project and environment for tags. */
    tags: TagContext;
    /** `expertconnect-prod`: the folder the saved queries are filed under. */
    stackPrefix: string;
    /** Each service's log group (where its container's awslogs driver writes), and the database's exported PostgreSQL log group. */
    logGroups: { services: Partial<Record<AppService, pulumi.Input<string>>>; database: pulumi.Input<string> };
    /** SNS topic the alarms notify. */
    topicArn: pulumi.Input<string>;
    /** Alarm thresholds (the stack config's `monitoring.appSignals`). */
    alarms: AppAlarmSettings;
}

/**
 * The application's signals: metric filters that turn the backend's JSON log lines (the log
 * contract in `policy/lib/facts/appLogContract.ts`) into `ExpertConnect` metrics, the alarms on them, and
 * the routine's saved Logs Insights queries.
 */
export class AppSignals extends pulumi.ComponentResource {
    public readonly alarmArns: pulumi.Output<string[]>;
    public readonly queryNames: string[];

    constructor(name: string, args: AppSignalsArgs, opts?: pulumi.ComponentResourceOptions) {
        // Thresholds are checked before anything is registered.
        const definitions = appAlarms(args.project, args.alarms);
        super("expertconnect:monitoring:AppSignals", name, {}, opts);
        const tags = resourceTags(args.tags, "monitoring");

        const filters = appMetricFilters().map((f) => new aws.cloudwatch.LogMetricFilter(`${name}-${f.key}`, {
            name: `${args.project}-${f.key}`,
            // The group of the service that writes the event (the log contract's writer).
            logGroupName: serviceGroup(args.logGroups.services, writersOf(f.event)),
            pattern: f.pattern,
            metricTransformation: {
                namespace: APP_METRICS_NAMESPACE,
                name: f.metricName,
                value: f.value,
                unit: f.unit,
                ...(f.defaultValue !== undefined ? { defaultValue: String(f.defaultValue) } : {}),
            },
        }, { parent: this }));

        // An alarm created before its filter would sit in INSUFFICIENT_DATA on a metric nobody publishes.
        const alarms = definitions.map((def) => new aws.cloudwatch.MetricAlarm(`${name}-${def.name}`,
            metricAlarmArgs(def, args.topicArn, tags), { parent: this, dependsOn: filters }));

        const folder = queryFolder(args.stackPrefix);
        this.queryNames = SAVED_QUERIES.map((q) => `${folder}/${q.path}`);
        SAVED_QUERIES.forEach((q, i) => new aws.cloudwatch.QueryDefinition(`${name}-${q.path.replace("/", "-")}`, {
            name: this.queryNames[i],
            logGroupNames: queryGroups(q.reads, args.logGroups),
            queryString: q.query,
        }, { parent: this }));

        this.alarmArns = pulumi.all(alarms.map((a) => a.arn));
        this.registerOutputs({ alarmArns: this.alarmArns, queryNames: this.queryNames });
    }
}

/** The log group of the one service of `writers` (a filter reads one group); throws when the stack runs none. */
function serviceGroup(groups: Partial<Record<AppService, pulumi.Input<string>>>, writers: readonly AppService[]): pulumi.Input<string> {
    const found = writers.map((w) => groups[w]).filter((g): g is pulumi.Input<string> => g !== undefined);
    if (found.length !== 1) {
        throw new Error(`metric filter: its event is written by ${writers.join(", ")}, of which the stack runs ${found.length} (a filter reads exactly one log group)`);
    }
    return found[0];
}

/** The groups a saved query reads: those of every service of the stack writing what it reads, or the database's log. */
function queryGroups(reads: QueryReads, groups: AppSignalsArgs["logGroups"]): pulumi.Input<string>[] {
    if ("databaseLog" in reads) return [groups.database];
    const found = writersOfEvents(reads.events).map((w) => groups.services[w]).filter((g): g is pulumi.Input<string> => g !== undefined);
    if (found.length === 0) {
        throw new Error(`saved query over ${JSON.stringify(reads.events)}: no service of the stack writes those lines`);
    }
    return found;
}
