import { PolicyResource } from "@pulumi/policy";

import { stackPolicy } from "../lib/define";
import { knownDeep, knownString, ofType } from "../lib/stack";
import { LOG_METRIC_FILTER, RDS_INSTANCE } from "../lib/tokens";

const QUERY_DEFINITION = ["aws:cloudwatch/queryDefinition:QueryDefinition"] as const;
const SUBSCRIPTION_FILTER = ["aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter"] as const;

/** The instance identifier and log type of an RDS log group name (`/aws/rds/instance/<identifier>/<type>`), or undefined. */
export function rdsLogGroup(name: string): { identifier: string; logType: string } | undefined {
    const match = /^\/aws\/rds\/instance\/([^/]+)\/([^/]+)$/.exec(name);
    return match ? { identifier: match[1], logType: match[2] } : undefined;
}

/** The log groups a reader reads: a saved query's logGroupNames, a metric or subscription filter's logGroupName. */
function readGroups(reader: PolicyResource): string[] {
    const names = knownDeep(() => reader.props.logGroupNames ?? [reader.props.logGroupName]) as unknown[] | undefined;
    return (names ?? []).filter((n): n is string => typeof n === "string");
}

export const rdsLogExportsRead = stackPolicy({
    name: "rds-log-exports-read",
    description: "Every RDS instance exports each log type the stack reads from CloudWatch Logs (a saved Logs Insights query, a metric filter or a subscription filter " +
        "on /aws/rds/instance/<identifier>/<type>): without the export RDS writes nothing there and the reader finds nothing (the slow-query review reads the postgresql log).",
    enforcementLevel: "mandatory",
    onlyWith: RDS_INSTANCE[0],
    metadata: {
        severity: "medium",
        guideSection: "Performance Optimization › Database Optimization › Identify slow queries; Regular Maintenance Tasks › Daily Tasks › Check system logs",
        // FSBP RDS.9 (every engine log exported) is rds-log-exports', advisory; this judges the logs the stack reads.
        fsbpControl: undefined,
        remediationSteps: "Add the log type to the instance's enabledCloudwatchLogsExports (e.g. [\"postgresql\", \"upgrade\"]), or remove the reader of its log group.",
    },
    types: [...RDS_INSTANCE, ...QUERY_DEFINITION, ...LOG_METRIC_FILTER, ...SUBSCRIPTION_FILTER],
    validate: (resources, report) => {
        const byIdentifier = new Map(ofType(resources, RDS_INSTANCE).map(db => [knownString(db, "identifier"), db] as const));
        const readers = ofType(resources, [...QUERY_DEFINITION, ...LOG_METRIC_FILTER, ...SUBSCRIPTION_FILTER]);
        for (const reader of readers) {
            for (const group of readGroups(reader)) {
                const log = rdsLogGroup(group);
                const db = log && byIdentifier.get(log.identifier);
                if (!log || !db) {
                    continue; // Not an RDS log group, or another stack's instance.
                }
                const exported = knownDeep(() => db.props.enabledCloudwatchLogsExports ?? [], ["unknown"]) as unknown[];
                if (!exported.includes("unknown") && !exported.includes(log.logType)) {
                    report(`database ${log.identifier} does not export its ${log.logType} log (enabledCloudwatchLogsExports ${JSON.stringify(exported)}), ` +
                        `but ${reader.type.split(":").pop()} ${reader.name} reads ${group}: it finds nothing. Add "${log.logType}" to enabledCloudwatchLogsExports.`, db.urn);
                }
            }
        }
    },
});
