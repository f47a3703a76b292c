import { PolicyResource, ReportViolation } from "@pulumi/policy";

import { ruleScans } from "../ecr/registryScanning";
import { parsePattern, patternMatches } from "../lib/eventPattern";
import { stackAccount } from "../lib/account";
import { BACKUP_JOB_FAILURES, COPY_JOB_FAILURES, JobFailureEvents, RESTORE_JOB_FAILURES } from "../lib/facts/backupEvents";
import { known, knownString, linker, ofType, stackRegion } from "../lib/stack";
import { BACKUP_PLAN, EVENT_RULE, EVENT_TARGET, GUARDDUTY_DETECTOR } from "../lib/tokens";

const ECS_SERVICE = ["aws:ecs/service:Service"] as const;
const SECRET_ROTATION = ["aws:secretsmanager/secretRotation:SecretRotation"] as const;
const ECR_REPOSITORY = ["aws:ecr/repository:Repository"] as const;
const REGISTRY_SCANNING = ["aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration"] as const;
const RESTORE_TESTING_PLAN = ["aws:backup/restoreTestingPlan:RestoreTestingPlan"] as const;

/** What a route's sample events are built from: the stack's resources, region and account (unknown in a first preview). */
export interface RouteStack {
    resources: PolicyResource[];
    region?: string;
    account?: string;
}

/**
 * A signal the guide needs routed to the on-call topic: AWS service events, as the service emits
 * them on the account's default bus (AWS services write only there) for the stack's own
 * resources, that some enabled rule must match and hand to a topic of the stack.
 */
export interface RequiredRoute {
    what: string;
    /** The stack needs the route only when it has one of these resource types. */
    whenStackHas: readonly string[];
    /** Events as AWS sends them for the stack's resources: each one must be matched by some rule (one rule, or several together). */
    events(stack: RouteStack): Array<Record<string, unknown>>;
    /** Why the service would emit none of these events for the stack (its source switched off), or undefined. */
    silent?(resources: PolicyResource[]): string | undefined;
}

const finding = (severity: number) => ({
    version: "0", source: "aws.guardduty", "detail-type": "GuardDuty Finding",
    detail: { schemaVersion: "2.0", type: "UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS", severity },
});

/** One event per failure value of a job type (policy/lib/facts/backupEvents.ts), as AWS Backup sends them in the stack's region. */
const jobFailures = (failures: JobFailureEvents, { region, account }: RouteStack): Array<Record<string, unknown>> =>
    failures.values.map(value => ({
        version: "0", source: "aws.backup", "detail-type": failures.detailType, ...(account ? { account } : {}), ...(region ? { region } : {}),
        detail: { [failures.field]: value, resourceType: "RDS", statusMessage: `Job ${value.toLowerCase()}` },
    }));

/** Copy jobs exist only where some rule of the stack's plans copies its recovery points (unknown rules count as copying). */
function copyFailures(stack: RouteStack): Array<Record<string, unknown>> {
    const copies = ofType(stack.resources, BACKUP_PLAN).some(plan => {
        const rules = known(() => plan.props.rules as Array<{ copyActions?: unknown[] }> | undefined, "unknown");
        return rules === "unknown" || (Array.isArray(rules) && rules.some(r => Array.isArray(r?.copyActions) && r.copyActions.length > 0));
    });
    return copies ? jobFailures(COPY_JOB_FAILURES, stack) : [];
}

/** ECS's deployment failure for each of the stack's services, under the service's ARN (cluster/service form). */
function deploymentFailures({ resources, region, account }: RouteStack): Array<Record<string, unknown>> {
    if (!region || !account) return [];
    return ofType(resources, ECS_SERVICE).flatMap(service => {
        const cluster = knownString(service, "cluster")?.split("/").pop();
        const name = knownString(service, "name");
        if (!cluster || !name) return [];
        const arn = `arn:aws:ecs:${region}:${account}:service/${cluster}/${name}`;
        return [{
            version: "0", source: "aws.ecs", "detail-type": "ECS Deployment State Change", account, region, resources: [arn],
            detail: { eventType: "ERROR", eventName: "SERVICE_DEPLOYMENT_FAILED", deploymentId: "ecs-svc/1", reason: "ECS deployment circuit breaker: tasks failed to start." },
        }];
    });
}

/** Secrets Manager's rotation failure (a CloudTrail service event) for each secret the stack rotates. */
function rotationFailures({ resources, region, account }: RouteStack): Array<Record<string, unknown>> {
    return ofType(resources, SECRET_ROTATION).flatMap(rotation => {
        const secret = knownString(rotation, "secretId");
        return secret === undefined ? [] : [{
            version: "0", source: "aws.secretsmanager", "detail-type": "AWS Service Event via CloudTrail", account, region,
            detail: { eventVersion: "1.08", eventSource: "secretsmanager.amazonaws.com", eventName: "RotationFailed", awsRegion: region, additionalEventData: { SecretId: secret } },
        }];
    });
}

/** Inspector2's HIGH and CRITICAL findings on an image of each of the stack's repositories. */
function imageFindings({ resources, region, account }: RouteStack): Array<Record<string, unknown>> {
    if (!region || !account) return [];
    return ofType(resources, ECR_REPOSITORY).flatMap(repo => {
        const name = knownString(repo, "name");
        if (!name) return [];
        const image = `arn:aws:ecr:${region}:${account}:repository/${name}/sha256:${"0".repeat(64)}`;
        return ["HIGH", "CRITICAL"].map(severity => ({
            version: "0", source: "aws.inspector2", "detail-type": "Inspector2 Finding", account, region, resources: [image],
            detail: { awsAccountId: account, severity, status: "ACTIVE", type: "PACKAGE_VULNERABILITY", resources: [{ type: "AWS_ECR_CONTAINER_IMAGE", id: image, region }] },
        }));
    });
}

/**
 * Inspector2 finds vulnerabilities in ECR images only under ENHANCED registry scanning, and only
 * in repositories a scanning rule's filter matches (BASIC scanning reports to ECR alone and emits
 * no Inspector2 finding).
 */
function inspectorSilent(resources: PolicyResource[]): string | undefined {
    const configurations = ofType(resources, REGISTRY_SCANNING);
    const repositories = ofType(resources, ECR_REPOSITORY).map(r => knownString(r, "name")).filter((n): n is string => n !== undefined);
    for (const c of configurations) {
        const type = knownString(c, "scanType");
        if (type !== undefined && type.toUpperCase() !== "ENHANCED") {
            return `registry scanning ${c.name} is ${type}: only ENHANCED scanning (Amazon Inspector) emits Inspector2 findings, so the stack's rule on them can never fire`;
        }
        const rules = known(() => c.props.rules as Parameters<typeof ruleScans>[0] | undefined, undefined) ?? [];
        const unscanned = repositories.filter(name => !ruleScans(rules, name));
        if (type !== undefined && unscanned.length > 0) {
            return `registry scanning ${c.name}'s rules match no filter for ${unscanned.join(", ")}: Inspector2 scans and reports nothing for their images`;
        }
    }
    return undefined;
}

/** The routes the guide's security, backup, rotation and deployment checks depend on. */
export const REQUIRED_ROUTES: readonly RequiredRoute[] = [
    // GuardDuty's HIGH band is 7.0–8.9: both ends must reach on-call.
    { what: "GuardDuty findings of HIGH severity (7.0 to 8.9)", whenStackHas: GUARDDUTY_DETECTOR, events: () => [finding(7), finding(8.9)] },
    { what: "failed AWS Backup jobs", whenStackHas: BACKUP_PLAN, events: stack => jobFailures(BACKUP_JOB_FAILURES, stack) },
    { what: "failed AWS Backup copy jobs (the cross-region copies)", whenStackHas: BACKUP_PLAN, events: copyFailures },
    { what: "failed restore jobs (the monthly restore test)", whenStackHas: RESTORE_TESTING_PLAN, events: stack => jobFailures(RESTORE_JOB_FAILURES, stack) },
    { what: "failed secret rotations of the stack's secrets", whenStackHas: SECRET_ROTATION, events: rotationFailures },
    { what: "failed ECS deployments of the stack's services", whenStackHas: ECS_SERVICE, events: deploymentFailures },
    { what: "Inspector2 HIGH and CRITICAL findings on the stack's images", whenStackHas: REGISTRY_SCANNING, events: imageFindings, silent: inspectorSilent },
];

/** Whether a rule listens on the account's default bus (the only one AWS services write to). */
function onDefaultBus(rule: PolicyResource): boolean {
    const bus = known(() => rule.props.eventBusName, "default");
    return bus === undefined || bus === "default" || (typeof bus === "string" && bus.endsWith(":event-bus/default"));
}

/** Why a rule does not deliver the route's events, or undefined when it does. */
function ruleProblem(rule: PolicyResource, events: Array<Record<string, unknown>>, deliversToTopic: (rule: PolicyResource) => boolean): string | undefined {
    if (known(() => rule.props.state) === "DISABLED" || known(() => rule.props.isEnabled) === false) return "is disabled";
    if (!onDefaultBus(rule)) return `listens on bus ${known(() => rule.props.eventBusName)}, which AWS services never write to`;
    const text = known(() => rule.props.eventPattern, "{}");
    const pattern = parsePattern(text);
    if (pattern === undefined) return "has no event pattern";
    const missed = events.find(e => !patternMatches(pattern, e));
    if (missed) return `does not match ${JSON.stringify({ source: missed.source, "detail-type": missed["detail-type"], ...(missed.resources ? { resources: missed.resources } : {}), detail: missed.detail })} as AWS sends it`;
    if (!deliversToTopic(rule)) return "has no target that is a topic of the stack";
    return undefined;
}

/** The stack, with its region and account when known: sample events carry them. */
function routeStack(resources: PolicyResource[]): RouteStack {
    return { resources, region: stackRegion(resources), account: stackAccount(resources) };
}

/** The events a rule routes to SNS, among the required routes' samples (for judging subscription filters). */
export function sampleEventsOf(rule: PolicyResource, resources: PolicyResource[]): Array<Record<string, unknown>> {
    const pattern = parsePattern(known(() => rule.props.eventPattern, "{}"));
    const stack = routeStack(resources);
    return pattern === undefined ? [] : REQUIRED_ROUTES.flatMap(r => r.events(stack)).filter(e => patternMatches(pattern, e));
}

/** The missed events in short: their detail-type and the detail values that set them apart. */
function describeEvents(events: Array<Record<string, unknown>>): string {
    return events.map(e => {
        const detail = (e.detail ?? {}) as Record<string, unknown>;
        const key = ["state", "status", "eventName", "severity"].find(k => detail[k] !== undefined);
        return `${e["detail-type"]}${key ? ` ${key} ${JSON.stringify(detail[key])}` : ""}`;
    }).join(", ");
}

/** Reports each required route no enabled rule of the stack delivers to one of its topics, or whose source emits nothing. */
export function checkRequiredRoutes(resources: PolicyResource[], topics: PolicyResource[], report: ReportViolation): void {
    const stack = routeStack(resources);
    const rules = ofType(resources, EVENT_RULE);
    const ruleOf = linker(rules, ["name", "arn"]);
    const topicOf = linker(topics, ["arn"]);
    const delivering = new Set(ofType(resources, EVENT_TARGET)
        .filter(t => topicOf(t, "arn").length > 0)
        .flatMap(t => ruleOf(t, "rule")));
    for (const route of REQUIRED_ROUTES) {
        if (!resources.some(r => route.whenStackHas.includes(r.type))) continue;
        const silent = route.silent?.(resources);
        if (silent !== undefined) {
            report(`${route.what} never reach anyone: ${silent}. Switch the source back on for the stack's resources.`);
        }
        const events = route.events(stack);
        if (events.length === 0) continue;
        // Each event needs a delivering rule; several rules may share the events between them.
        const delivers = (rule: PolicyResource, event: Record<string, unknown>) => ruleProblem(rule, [event], r => delivering.has(r)) === undefined;
        const missed = events.filter(e => !rules.some(rule => delivers(rule, e)));
        if (missed.length === 0) continue;
        const sources = new Set(missed.map(e => e.source));
        const near = rules.filter(rule => [...sources].some(s => String(known(() => rule.props.eventPattern, "")).includes(String(s))));
        const detail = near.map(rule => `rule ${knownString(rule, "name") ?? rule.name} ${ruleProblem(rule, missed, r => delivering.has(r))}`).join("; ");
        report(`no enabled EventBridge rule on the default bus delivers ${route.what} to a topic of this stack${detail ? `: ${detail}` : ""}. ` +
            `Keep rules matching ${[...sources].join(", ")} events as AWS emits them (${describeEvents(missed)}), with the alarm topic as their target.`);
    }
}
