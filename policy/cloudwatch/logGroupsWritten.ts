import { PolicyResource } from "@pulumi/policy";

import { stackPolicy } from "../lib/define";
import { known, knownDeep, knownString, ofType } from "../lib/stack";
import { LOG_GROUP, LOG_METRIC_FILTER } from "../lib/tokens";
import { isWritten, judgedGroupName, WRITER_KINDS, writtenGroups } from "./logWriters";
import { QUERY_DEFINITION, savedQueryGaps } from "./savedQueries";

const SUBSCRIPTION_FILTER = ["aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter"] as const;

/**
 * Why a log group's class keeps the stack's filters from reading it, or undefined. Only the
 * Standard class runs metric and subscription filters (AWS: "Log classes"; Infrequent Access and
 * Delivery support a subset), so a filter on another class publishes nothing.
 */
export function filterClassProblem(logGroupClass: unknown): string | undefined {
    const cls = logGroupClass === undefined || logGroupClass === null ? "STANDARD" : String(logGroupClass);
    return cls === "STANDARD" ? undefined : `its logGroupClass is ${cls}, which runs no metric or subscription filters`;
}


/** Readers for messages: `LogMetricFilter root-usage, QueryDefinition daily-errors`. */
const labels = (readers: PolicyResource[]): string => readers.map((r) => `${r.type.split(":").pop()} ${knownString(r, "name") ?? r.name}`).join(", ");

/** The stack's metric filters, subscription filters and saved Logs Insights queries, by the name of each group they read. */
function readersByGroup(resources: PolicyResource[]): Map<string, PolicyResource[]> {
    const out = new Map<string, PolicyResource[]>();
    for (const reader of ofType(resources, [...LOG_METRIC_FILTER, ...SUBSCRIPTION_FILTER, ...QUERY_DEFINITION])) {
        const names = knownDeep(() => reader.props.logGroupNames ?? [reader.props.logGroupName], []) as unknown[];
        for (const group of names.filter((n): n is string => typeof n === "string")) out.set(group, [...(out.get(group) ?? []), reader]);
    }
    return out;
}

export const cloudwatchLogGroupsWritten = stackPolicy<{ unwrittenLogGroupPatterns: string[] }>({
    name: "cloudwatch-log-groups-written",
    description: "Every log group named for a service's producer (/aws/<service>/…, aws-waf-logs-…), and every other log group a filter or saved query of the stack reads, has a producer of the stack writing it, resolved by value as each service names its group " +
        "(ECS awslogs/FireLens and ECS Exec, Lambda and canaries, RDS log exports, ElastiCache log delivery, CloudTrail, flow logs, WAF, Route 53, API Gateway, Step Functions, EventBridge targets, log delivery destinations, OpenSearch, MSK, CodeBuild, Network Firewall, Client VPN; " +
        "while EC2 instances or launch templates, whose agent may write any group, are in the stack, only service-named groups), " +
        "and a log group the stack's metric or subscription filters read is of the STANDARD class (Infrequent Access runs no filters); " +
        "where the stack runs the application, each of the routine's saved Logs Insights queries (policy/lib/facts/savedQueries.ts) is present and reads the log groups its writers write (the group of every service whose lines it reads, by the log contract's writers and the containers' log drivers, or the database's exported PostgreSQL log).",
    enforcementLevel: "mandatory",
    onlyWith: LOG_GROUP[0],
    metadata: {
        severity: "medium",
        guideSection: "Monitoring System Health › AWS Deployment Monitoring › View CloudWatch Logs",
        fsbpControl: undefined,
        remediationSteps: "Point the producer back at the log group (the container's awslogs-group, the replication group's logDeliveryConfigurations, the instance's enabledCloudwatchLogsExports, the trail's cloudWatchLogsGroupArn …) or remove the group; " +
            "keep logGroupClass STANDARD (or unset) on a group that metric or subscription filters read; keep AppSignals' saved queries over the groups its writers write.",
    },
    types: [...LOG_GROUP, ...LOG_METRIC_FILTER, ...SUBSCRIPTION_FILTER, ...QUERY_DEFINITION, ...new Set(WRITER_KINDS.flatMap((k) => k.types))],
    config: {
        unwrittenLogGroupPatterns: {
            type: "array",
            items: { type: "string", minLength: 1, format: "regex" },
            default: [],
            description: "Regular expressions (default none): log groups whose name matches one are written from outside the stack or by a producer the pack does not model (an EC2 agent, another account), so their writer is not looked for.",
        },
    },
    validate: (resources, report, { config }) => {
        const exempt = config.unwrittenLogGroupPatterns.map((p) => new RegExp(p));
        const written = writtenGroups(resources);
        const readersOf = readersByGroup(resources);
        const lookedFor = WRITER_KINDS.map((k) => k.label).join(", ");
        for (const gap of savedQueryGaps(resources, written)) {
            report(gap.message, gap.urn);
        }
        for (const group of ofType(resources, LOG_GROUP)) {
            const name = knownString(group, "name");
            if (name === undefined) continue; // a generated name, unknown until created
            const readers = readersOf.get(name) ?? [];
            // Logs Insights queries run on every class; only filters need STANDARD.
            const filters = readers.filter((r) => r.type !== QUERY_DEFINITION[0]);
            const classProblem = filters.length > 0 ? filterClassProblem(known(() => group.props.logGroupClass, "STANDARD")) : undefined;
            if (classProblem) {
                report(`log group ${name}: ${classProblem}, but ${labels(filters)} read it: ` +
                    "their metrics and deliveries stop. Keep logGroupClass STANDARD.", group.urn);
            }
            // A producer whose target is unknown during preview may be the writer: judged on the next preview.
            if (written.unknown || !judgedGroupName(name, readers.length > 0, written.opaque) || exempt.some((p) => p.test(name)) || isWritten(name, written)) continue;
            report(`log group ${name}: no producer of the stack writes it (looked for ${lookedFor}), so it stays empty${readers.length > 0 ? ` and ${labels(readers)} find nothing` : ""}. ` +
                "Point the producer's log destination back at it, or remove the group (a group written from outside the stack goes in unwrittenLogGroupPatterns).", group.urn);
        }
    },
});
