import { PolicyResource } from "@pulumi/policy";

import { stackPolicy } from "../lib/define";
import { known, knownString, ofType } from "../lib/stack";
import { LOG_GROUP, LOG_METRIC_FILTER } from "../lib/tokens";
import { isWritten, judgedGroupName, WRITER_KINDS, writtenGroups } from "./logWriters";

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

/** The stack's metric and subscription filters, by the name of the group they read. */
function filtersByGroup(resources: PolicyResource[]): Map<string, PolicyResource[]> {
    const out = new Map<string, PolicyResource[]>();
    for (const filter of ofType(resources, [...LOG_METRIC_FILTER, ...SUBSCRIPTION_FILTER])) {
        const group = knownString(filter, "logGroupName");
        if (group !== undefined) out.set(group, [...(out.get(group) ?? []), filter]);
    }
    return out;
}

export const cloudwatchLogGroupsWritten = stackPolicy<{ unwrittenLogGroupPatterns: string[] }>({
    name: "cloudwatch-log-groups-written",
    description: "Every log group the stack makes has a producer of the stack writing it, resolved by value as each service names its group " +
        "(ECS awslogs/FireLens and ECS Exec, Lambda and canaries, RDS log exports, ElastiCache log delivery, CloudTrail, flow logs, WAF, Route 53, API Gateway, Step Functions, EventBridge targets, log delivery destinations, OpenSearch, MSK, CodeBuild, Network Firewall, Client VPN; " +
        "while EC2 instances or launch templates, whose agent may write any group, are in the stack, only groups under a modelled service's /aws/<service>/ prefix), " +
        "and a log group the stack's metric or subscription filters read is of the STANDARD class (Infrequent Access runs no filters).",
    enforcementLevel: "mandatory",
    onlyWith: LOG_GROUP[0],
    metadata: {
        severity: "medium",
        guideSection: "Monitoring System Health › AWS Deployment Monitoring › View CloudWatch Logs",
        fsbpControl: undefined,
        remediationSteps: "Point the producer back at the log group (the container's awslogs-group, the replication group's logDeliveryConfigurations, the instance's enabledCloudwatchLogsExports, the trail's cloudWatchLogsGroupArn …) or remove the group; " +
            "keep logGroupClass STANDARD (or unset) on a group that metric or subscription filters read.",
    },
    types: [...LOG_GROUP, ...LOG_METRIC_FILTER, ...SUBSCRIPTION_FILTER, ...new Set(WRITER_KINDS.flatMap((k) => k.types))],
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
        const filters = filtersByGroup(resources);
        const lookedFor = WRITER_KINDS.map((k) => k.label).join(", ");
        for (const group of ofType(resources, LOG_GROUP)) {
            const name = knownString(group, "name");
            if (name === undefined) continue; // a generated name, unknown until created
            const readers = filters.get(name) ?? [];
            const classProblem = readers.length > 0 ? filterClassProblem(known(() => group.props.logGroupClass, "STANDARD")) : undefined;
            if (classProblem) {
                report(`log group ${name}: ${classProblem}, but ${readers.map((f) => `${f.type.split(":").pop()} ${knownString(f, "name") ?? f.name}`).join(", ")} read it: ` +
                    "their metrics and deliveries stop. Keep logGroupClass STANDARD.", group.urn);
            }
            // A producer whose target is unknown during preview may be the writer: judged on the next preview.
            if (written.unknown || !judgedGroupName(name, written.opaque) || exempt.some((p) => p.test(name)) || isWritten(name, written)) continue;
            report(`log group ${name}: no producer of the stack writes it (looked for ${lookedFor}), so it stays empty and whatever reads it finds nothing. ` +
                "Point the producer's log destination back at it, or remove the group (a group written from outside the stack goes in unwrittenLogGroupPatterns).", group.urn);
        }
    },
});
