import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { resourceTags, TagContext } from "../../lib/tags";
import { metricAlarmArgs } from "./alarms/definition";
import { AppAlarmSettings, appAlarms } from "./signals/appAlarms";
import { appMetricFilters, APP_METRICS_NAMESPACE } from "./signals/metricFilters";
import { queryFolder, QuerySource, SAVED_QUERIES } from "./signals/queries";

export interface AppSignalsArgs {
    /** Project name, the prefix of alarm names: `expertconnect`. */
    project: string;
    /** Project and environment for tags. */
    tags: TagContext;
    /** `expertconnect-prod`: the folder the saved queries are filed under. */
    stackPrefix: string;
    /** Log groups by source: `app` (backend and frontend), `backend`, `database` (PostgreSQL log). */
    logGroups: { backend: pulumi.Input<string>; frontend: pulumi.Input<string>; database: pulumi.Input<string> };
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
            logGroupName: args.logGroups.backend,
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

        const sources: Record<QuerySource, pulumi.Input<string>[]> = {
            app: [args.logGroups.backend, args.logGroups.frontend],
            backend: [args.logGroups.backend],
            database: [args.logGroups.database],
        };
        const folder = queryFolder(args.stackPrefix);
        this.queryNames = SAVED_QUERIES.map((q) => `${folder}/${q.path}`);
        SAVED_QUERIES.forEach((q, i) => new aws.cloudwatch.QueryDefinition(`${name}-${q.path.replace("/", "-")}`, {
            name: this.queryNames[i],
            logGroupNames: sources[q.source],
            queryString: q.query,
        }, { parent: this }));

        this.alarmArns = pulumi.all(alarms.map((a) => a.arn));
        this.registerOutputs({ alarmArns: this.alarmArns, queryNames: this.queryNames });
    }
}
