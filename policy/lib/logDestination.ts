import { PolicyResource } from "@pulumi/policy";

import { known, knownString, linker } from "./stack";
import { LOG_GROUP } from "./tokens";

/** The log group an ARN names (`arn:aws:logs:<region>:<account>:log-group:<name>[:*]`), or undefined. */
export function logGroupNameOfArn(arn: string | undefined): string | undefined {
    const match = /^arn:[^:]+:logs:[^:]*:[^:]*:log-group:([^:]+)(:\*)?$/.exec(arn ?? "");
    return match?.[1];
}

/** Where a log destination property points. */
export type LogTarget =
    | { kind: "group"; group: PolicyResource }
    /** A log group the stack does not manage, so its retention can't be verified. */
    | { kind: "foreign"; name: string }
    /** Not a log group (an S3 bucket, a Firehose stream) or not known yet. */
    | { kind: "other" };

/**
 * Resolves `source.<property>` (one ARN or a list) to the stack's log groups: by property
 * dependency first, then by ARN or by the name inside the ARN.
 */
export function logTargetResolver(resources: PolicyResource[]): (source: PolicyResource, property: string) => LogTarget[] {
    const groups = resources.filter(r => (LOG_GROUP as readonly string[]).includes(r.type));
    const byReference = linker(groups, ["arn", g => { const arn = knownString(g, "arn"); return arn && `${arn}:*`; }]);
    const byName = new Map(groups.flatMap(g => { const name = knownString(g, "name"); return name ? [[name, g] as const] : []; }));
    return (source, property) => {
        const linked = byReference(source, property);
        if (linked.length > 0) {
            return linked.map(group => ({ kind: "group", group }));
        }
        const raw = known(() => source.props[property] as unknown);
        const values = (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === "string");
        return values.map((arn): LogTarget => {
            const name = logGroupNameOfArn(arn);
            if (name === undefined) {
                return { kind: "other" };
            }
            const group = byName.get(name);
            return group ? { kind: "group", group } : { kind: "foreign", name };
        });
    };
}

/** Why a log group keeps events for less than `minimumDays`, or undefined when it keeps them long enough. */
export function retentionShortfall(group: PolicyResource, minimumDays: number): string | undefined {
    const days = known(() => group.props.retentionInDays as unknown, minimumDays);
    const name = knownString(group, "name") ?? group.name;
    if (typeof days !== "number" || days === 0) {
        // Never expiring keeps events long enough; the log-retention policy asks for an explicit value.
        return undefined;
    }
    return days < minimumDays ? `log group ${name} keeps events ${days} days; the audit minimum is ${minimumDays}` : undefined;
}

/** What keeps audit logs from being verifiably kept `minimumDays`: a short retention, or a log group outside the stack. */
export function destinationProblems(targets: LogTarget[], minimumDays: number): string[] {
    return targets.flatMap(target => {
        if (target.kind === "group") {
            const shortfall = retentionShortfall(target.group, minimumDays);
            return shortfall ? [shortfall] : [];
        }
        return target.kind === "foreign" ? [`log group ${target.name} is not managed by this stack, so its retention can't be verified`] : [];
    });
}

/** The audit-retention config property shared by the policies that judge where audit logs go. */
export const AUDIT_RETENTION_PROPERTY = {
    type: "integer" as const,
    minimum: 1,
    default: 365,
    description: "Fewest days a log group receiving audit logs (flow logs, WAF logs) keeps events.",
};
