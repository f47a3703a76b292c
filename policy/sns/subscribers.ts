import { PolicyResource } from "@pulumi/policy";

import { parsePattern, patternMatches } from "../lib/eventPattern";
import { known, knownDeep, knownString } from "../lib/stack";

/** The message body CloudWatch publishes when an alarm goes to ALARM (its JSON notification). */
export function alarmMessage(alarm: PolicyResource): Record<string, unknown> {
    const dimensions = (knownDeep(() => alarm.props.dimensions, {}) ?? {}) as Record<string, unknown>;
    const arn = knownString(alarm, "arn");
    return {
        AlarmName: knownString(alarm, "name") ?? alarm.name,
        AlarmDescription: knownString(alarm, "alarmDescription") ?? null,
        AWSAccountId: arn?.split(":")[4],
        NewStateValue: "ALARM",
        OldStateValue: "OK",
        NewStateReason: "Threshold Crossed",
        Region: arn?.split(":")[3],
        AlarmArn: arn,
        Trigger: {
            MetricName: known(() => alarm.props.metricName),
            Namespace: known(() => alarm.props.namespace),
            Dimensions: Object.entries(dimensions).map(([name, value]) => ({ name, value })),
            ComparisonOperator: known(() => alarm.props.comparisonOperator),
            Threshold: known(() => alarm.props.threshold),
        },
    };
}

/**
 * Why a subscription delivers none of `messages` (JSON bodies the topic receives), or undefined
 * when it delivers some of them, or its settings are not known yet: it is still pending
 * confirmation (SNS sends nothing until the endpoint confirms), or its filter policy drops them
 * all. CloudWatch and EventBridge publish no message attributes, so a filter on attributes (the
 * default scope) keeps only what a filter on absent attributes would.
 */
export function subscriptionProblem(sub: PolicyResource, messages: unknown[]): string | undefined {
    if (known(() => sub.props.endpoint, "?") === "") return "has no endpoint";
    if (known(() => sub.props.pendingConfirmation, false) === true) {
        return "is pending confirmation (its endpoint never confirmed it, so SNS delivers nothing to it)";
    }
    const text = known(() => sub.props.filterPolicy, undefined);
    if (text === undefined || text === "" || messages.length === 0) return undefined;
    const policy = parsePattern(text);
    if (policy === undefined) return undefined;
    const scope = known(() => sub.props.filterPolicyScope, "MessageBody") ?? "MessageAttributes";
    const delivered = messages.some(m => patternMatches(policy, scope === "MessageBody" ? m : {}));
    return delivered ? undefined : `has a filter policy (scope ${scope}) that drops every alarm and event the topic receives`;
}
