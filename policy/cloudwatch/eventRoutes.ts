import { PolicyResource, ReportViolation } from "@pulumi/policy";

import { parsePattern, patternMatches } from "../lib/eventPattern";
import { known, knownString, linker, ofType } from "../lib/stack";
import { BACKUP_PLAN, EVENT_RULE, EVENT_TARGET, GUARDDUTY_DETECTOR } from "../lib/tokens";

/**
 * A signal the guide needs routed to the on-call topic: AWS service events, as the service emits
 * them on the account's default bus (AWS services write only there), that some enabled rule must
 * match and hand to a topic of the stack.
 */
export interface RequiredRoute {
    what: string;
    /** The stack needs the route only when it has one of these resource types. */
    whenStackHas: readonly string[];
    /** Events as AWS sends them: a rule must match every one. */
    events: Array<Record<string, unknown>>;
}

const finding = (severity: number) => ({
    version: "0", source: "aws.guardduty", "detail-type": "GuardDuty Finding",
    detail: { schemaVersion: "2.0", type: "UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS", severity },
});

const backupJob = (detailType: string) => ({
    version: "0", source: "aws.backup", "detail-type": detailType,
    detail: { state: "FAILED", resourceType: "RDS", statusMessage: "Backup job failed" },
});

/** The routes the guide's security and backup checks depend on. */
export const REQUIRED_ROUTES: readonly RequiredRoute[] = [
    // GuardDuty's HIGH band is 7.0–8.9: both ends must reach on-call.
    { what: "GuardDuty findings of HIGH severity (7.0 to 8.9)", whenStackHas: GUARDDUTY_DETECTOR, events: [finding(7), finding(8.9)] },
    { what: "failed AWS Backup jobs", whenStackHas: BACKUP_PLAN, events: [backupJob("Backup Job State Change")] },
];

/** Whether a rule listens on the account's default bus (the only one AWS services write to). */
function onDefaultBus(rule: PolicyResource): boolean {
    const bus = known(() => rule.props.eventBusName, "default");
    return bus === undefined || bus === "default" || (typeof bus === "string" && bus.endsWith(":event-bus/default"));
}

/** Why a rule does not deliver the route's events, or undefined when it does. */
function ruleProblem(rule: PolicyResource, route: RequiredRoute, deliversToTopic: (rule: PolicyResource) => boolean): string | undefined {
    if (known(() => rule.props.state) === "DISABLED" || known(() => rule.props.isEnabled) === false) return "is disabled";
    if (!onDefaultBus(rule)) return `listens on bus ${known(() => rule.props.eventBusName)}, which AWS services never write to`;
    const text = known(() => rule.props.eventPattern, "{}");
    const pattern = parsePattern(text);
    if (pattern === undefined) return "has no event pattern";
    const missed = route.events.find(e => !patternMatches(pattern, e));
    if (missed) return `does not match ${JSON.stringify({ source: missed.source, "detail-type": missed["detail-type"], detail: missed.detail })} as AWS sends it`;
    if (!deliversToTopic(rule)) return "has no target that is a topic of the stack";
    return undefined;
}

/** The events a rule routes to SNS, among the required routes' samples (for judging subscription filters). */
export function sampleEventsOf(rule: PolicyResource): Array<Record<string, unknown>> {
    const pattern = parsePattern(known(() => rule.props.eventPattern, "{}"));
    return pattern === undefined ? [] : REQUIRED_ROUTES.flatMap(r => r.events).filter(e => patternMatches(pattern, e));
}

/** Reports each required route no enabled rule of the stack delivers to one of its topics. */
export function checkRequiredRoutes(resources: PolicyResource[], topics: PolicyResource[], report: ReportViolation): void {
    const rules = ofType(resources, EVENT_RULE);
    const ruleOf = linker(rules, ["name", "arn"]);
    const topicOf = linker(topics, ["arn"]);
    const delivering = new Set(ofType(resources, EVENT_TARGET)
        .filter(t => topicOf(t, "arn").length > 0)
        .flatMap(t => ruleOf(t, "rule")));
    for (const route of REQUIRED_ROUTES) {
        if (!resources.some(r => route.whenStackHas.includes(r.type))) continue;
        const problems = rules.map(rule => [rule, ruleProblem(rule, route, r => delivering.has(r))] as const);
        if (problems.some(([, p]) => p === undefined)) continue;
        const sources = new Set(route.events.map(e => e.source));
        const near = problems.filter(([rule]) => [...sources].some(s => String(known(() => rule.props.eventPattern, "")).includes(String(s))));
        const detail = near.map(([rule, p]) => `rule ${knownString(rule, "name") ?? rule.name} ${p}`).join("; ");
        report(`no enabled EventBridge rule on the default bus delivers ${route.what} to a topic of this stack${detail ? `: ${detail}` : ""}. ` +
            `Keep a rule matching ${[...sources].join(", ")} events as AWS emits them, with the alarm topic as its target.`);
    }
}
