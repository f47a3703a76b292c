import { PolicyResource } from "@pulumi/policy";

import { fencedProperty } from "../lib/config";
import { stackPolicy } from "../lib/define";
import { known, knownDeep, knownString, ofType } from "../lib/stack";
import { LOAD_BALANCER } from "../lib/tokens";
import { GUIDE_DR_TRAFFIC } from "./backupCopy";
import { regionState } from "../lib/role";
import { LISTENER_TYPES, listenersByPort, probeAnswer, ProbeListener } from "./listenerAnswers";
import { ownFailoverSets, pairingProblems, peerFailoverSets } from "./failoverPairs";
import { CheckNode, expectations, host, leafOf, PATH_CHECKS, reports, roleAnswerProblem, target } from "./routeHealth";

const RECORD = "aws:route53/record:Record";
const HEALTH_CHECK = "aws:route53/healthCheck:HealthCheck";
const TARGET_GROUP = ["aws:lb/targetGroup:TargetGroup", "aws:alb/targetGroup:TargetGroup"] as const;

/** The failover role each environment's record has (components/dns: prod PRIMARY, dr SECONDARY). */
const ROLE_OF: Record<string, string> = { prod: "PRIMARY", dr: "SECONDARY" };

/** A health check's id: the `id` output, or the tail of its ARN (`arn:aws:route53:::health-check/<id>`). */
export function checkId(check: PolicyResource): string | undefined {
    return knownString(check, "id") ?? knownString(check, "arn")?.split("health-check/")[1];
}

/**
 * The targets a property names, judged by its value when known (what AWS will use; a property
 * dependency may outlive an edited value) and by dependency only while the value is unknown.
 * Undefined while it cannot be told; a value naming nothing of the stack resolves to nothing.
 */
export function resolve(source: PolicyResource, property: string, targets: PolicyResource[], key: (t: PolicyResource) => string | undefined): PolicyResource[] | undefined {
    const raw = knownDeep(() => source.props[property], null);
    if (raw === null) {
        const deps = (source.propertyDependencies[property] ?? []).filter(d => targets.includes(d));
        return deps.length > 0 ? deps : undefined;
    }
    const values = (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === "string");
    return targets.filter(t => { const k = key(t); return k !== undefined && values.includes(k); });
}

/** What the stack's app health check must probe: its load balancers' names and the app's health paths. */
interface Endpoint {
    /** DNS names that always reach one of the stack's load balancers: their own, and simple records aliasing or CNAMEing them. */
    hosts: Set<string>;
    /**
     * Names of routed records (failover, weighted, latency …) aliasing them: Route 53 answers such
     * a name with another region's record once this one is unhealthy, so a probe of it is not this region's.
     */
    routed: Set<string>;
    /** Health paths of the load balancer's target groups (the app's own health endpoint); empty when none is known. */
    paths: Set<string>;
    balancers: PolicyResource[];
    /** The load balancers' own DNS names. */
    balancerNames: Set<string>;
    /** The stack's listeners by port, to follow a probe to what answers it (see listenerAnswers). */
    listeners?: Map<number, ProbeListener>;
}

function endpointOf(resources: PolicyResource[]): Endpoint {
    const balancers = ofType(resources, LOAD_BALANCER);
    const names = new Set(balancers.map(b => host(knownString(b, "dnsName"))).filter((n): n is string => n !== undefined));
    const hosts = new Set(names);
    const routed = new Set<string>();
    for (const record of ofType(resources, [RECORD])) {
        const aliases = (knownDeep(() => record.props.aliases, []) ?? []) as Array<{ name?: string }>;
        const values = (knownDeep(() => record.props.records, []) ?? []) as string[];
        const toBalancer = aliases.some(a => names.has(host(a.name) ?? ""))
            || values.some(v => names.has(host(v) ?? ""))
            || (aliases.some(a => a.name === undefined) && (record.propertyDependencies.aliases ?? []).some(d => balancers.includes(d)));
        const name = host(knownString(record, "name"));
        const routing = known(() => record.props.setIdentifier, "unknown") !== undefined;
        if (toBalancer && name) {
            (routing ? routed : hosts).add(name);
        }
    }
    const paths = new Set(ofType(resources, TARGET_GROUP)
        .map(t => known(() => t.props.healthCheck?.path as string | undefined))
        .filter((p): p is string => typeof p === "string"));
    return { hosts, routed, paths, balancers, balancerNames: names, listeners: listenersByPort(resources) };
}

/** Why `check` is not a probe of the app through the stack's load balancer, or undefined when it is. */
export function notAppProbe(check: { type?: unknown; port?: unknown; invertHealthcheck?: unknown; disabled?: unknown; fqdn?: unknown; resourcePath?: unknown },
    endpoint: { hosts: Set<string>; routed?: Set<string>; paths: Set<string>; listeners?: Map<number, ProbeListener> }): string | undefined {
    if (!PATH_CHECKS.includes(String(check.type))) {
        return `it is a ${String(check.type)} check: it does not request the app's health path (a load balancer's port answers even with no task behind it)`;
    }
    // Route 53 counts any 2xx or 3xx healthy: a probe the load balancer answers itself never reaches the app.
    const { port, path } = target(check);
    // Only a probe of this stack's load balancer goes through its listeners.
    const listener = endpoint.hosts.has(host(check.fqdn) ?? "\0") ? endpoint.listeners?.get(port) : undefined;
    const answered = listener && probeAnswer(listener, path, host(check.fqdn));
    if (answered !== undefined) {
        return `it requests ${path} on port ${port}, where the listener's ${answered} without asking the app, which Route 53 counts healthy: ` +
            "probe a port and path the load balancer forwards to the app (the HTTPS listener's health path)";
    }
    if (check.invertHealthcheck === true) {
        return "it is inverted: it reports healthy while the app is down";
    }
    if (check.disabled === true) {
        return "it is disabled: Route 53 counts it healthy";
    }
    const fqdn = host(check.fqdn);
    if (fqdn !== undefined && endpoint.routed?.has(fqdn)) {
        return `it probes ${fqdn}, a name Route 53 answers by its routing policy: once this region is unhealthy it resolves to the other region, ` +
            "so the check follows whichever region answers, not this one's app: probe the region's own name";
    }
    if (endpoint.hosts.size > 0 && (fqdn === undefined || !endpoint.hosts.has(fqdn))) {
        return `it probes ${fqdn ?? "an IP address"}, which is not a name of this stack's load balancer (${[...endpoint.hosts].join(", ")})`;
    }
    if (endpoint.paths.size > 0 && !endpoint.paths.has(path)) {
        return `it requests ${path}, not the app's health path (${[...endpoint.paths].join(", ")})`;
    }
    return undefined;
}

/**
 * Whether a probe watches the other region: an inverted HTTP(S) check of the role probe on a name
 * that is not this stack's load balancer (components/dns: the peer's role probe, healthy while the peer does not serve).
 */
function peerProbe(probe: Record<string, unknown>, endpoint: Endpoint): boolean {
    return probe.invertHealthcheck === true && leafOf(probe, endpoint)?.kind === "peer-role";
}

/** A check as a tree for {@link reports}: a calculated check's children resolved (undefined while one is not). */
export function nodeOf(check: PolicyResource, checks: PolicyResource[], depth = 0): CheckNode {
    const props = knownDeep(() => ({ ...check.props }), null) as Record<string, unknown> | null;
    if (props === null || depth > 3) return {};
    if (props.type !== "CALCULATED") return { props };
    const children = resolve(check, "childHealthchecks", checks, checkId);
    const listed = Array.isArray(props.childHealthchecks) ? props.childHealthchecks.length : children?.length;
    return { props, children: children && children.length === listed ? children.map(c => nodeOf(c, checks, depth + 1)) : undefined };
}

/** What makes a failover record's health check unable to fail, walking calculated checks' children. */
interface Judgement {
    /** Ways the check can't fail. */
    problems: string[];
    /** Whether the app probe is among the check and its descendants; undefined while unknown. */
    appProbe: boolean | undefined;
    /** Why each probe below is not the app probe. */
    notApp: string[];
    /** The probes (non-calculated checks) below, all of them known; undefined while one is not. */
    probes: Record<string, unknown>[] | undefined;
}

function checkProblems(check: PolicyResource, checks: PolicyResource[], endpoint: Endpoint, depth = 0): Judgement {
    const props = knownDeep(() => ({ ...check.props }), null) as Record<string, unknown> | null;
    if (props === null || depth > 3) {
        return { problems: [], appProbe: undefined, notApp: [], probes: undefined };
    }
    const name = knownString(check, "name") ?? check.name;
    if (props.type !== "CALCULATED") {
        const why = notAppProbe(props, endpoint);
        return { problems: [], appProbe: why === undefined, notApp: why === undefined ? [] : [`${check.name}: ${why}`], probes: [props] };
    }
    const children = resolve(check, "childHealthchecks", checks, checkId);
    if (children === undefined) {
        return { problems: [], appProbe: undefined, notApp: [], probes: undefined };
    }
    const listed = Array.isArray(props.childHealthchecks) ? props.childHealthchecks.length : children.length;
    const threshold = typeof props.childHealthThreshold === "number" ? props.childHealthThreshold : 0;
    const problems: string[] = [];
    if (threshold < listed || threshold < 1) {
        problems.push(`calculated health check ${name} counts healthy with ${threshold} of its ${listed} children healthy: ` +
            `set childHealthThreshold to ${Math.max(listed, 1)} so any failing child fails it`);
    }
    const below = children.map(c => checkProblems(c, checks, endpoint, depth + 1));
    problems.push(...below.flatMap(b => b.problems));
    const appProbe = below.some(b => b.appProbe === true) ? true : below.some(b => b.appProbe === undefined) || children.length < listed ? undefined : false;
    const probes = below.some(b => b.probes === undefined) || children.length < listed ? undefined : below.flatMap(b => b.probes ?? []);
    return { problems, appProbe, notApp: below.flatMap(b => b.notApp), probes };
}

export const drDnsFailoverHealthCanFail = stackPolicy<{ fenced: boolean }>({
    name: "dr-dns-failover-health-can-fail",
    description: "Route 53 failover follows the app: the stack's failover record (prod PRIMARY, dr SECONDARY) exists and pairs as Route 53 pairs them, by hosted zone, name (case-insensitive, final dot or not) and type (A and AAAA each on their own): every record of the other role that the other region's stack exports (its failoverRecords output, read through the StackReference: prod's PRIMARY for dr) has one of this stack's role of the same zone, name and type, no record of the stack's role is left without the other role's, and no two share a set identifier; it points at the stack's load balancer and carries a health check that fails when the app does: a calculated check needs every child healthy, and among them is an HTTP(S) probe, not inverted, of the app's health path on a name of the stack's load balancer, that the load balancer does not answer itself on the probe's port and path (its redirect, fixed 2xx/3xx or sign-in counts healthy); a PRIMARY's check also holds an inverted probe of the other region (no split brain after a failover). " +
        "Each check is evaluated as Route 53 does, following its name, port and path through the load balancer's listener rules: the record's check is healthy while the app is up and the region's role probe says it serves, " +
        "and unhealthy once the role probe says it does not; the load balancer answers the role probe itself, 2xx while the region serves in its current phase (prod unless fenced, dr while promote or promoted) and an error status otherwise.",
    enforcementLevel: "mandatory",
    // Both stacks; the environment says which failover role the stack's record has.
    environments: ["prod", "dr"],
    onlyWith: RECORD,
    metadata: {
        severity: "high",
        guideSection: GUIDE_DR_TRAFFIC,
        fsbpControl: undefined,
        remediationSteps: "Keep components/dns/FailoverDns: the failover record of the stack's role aliasing its load balancer, with healthCheckId the calculated check whose " +
            "childHealthThreshold equals its number of children, one of them an HTTPS check of the backend's health path on the region's own name and one of the role probe (LoadBalancer roleProbe, a fixed 200 or 503 from the phase); " +
            "a fenced prod is previewed with policy/config/prod-fenced.json. Give dr's SECONDARY the hosted zone, name and type of prod's PRIMARY (prod's failoverRecords output), one per type prod serves (A, AAAA), and its own setIdentifier.",
    },
    config: {
        fenced: fencedProperty("its role probe then answers 503 and its record must be unhealthy"),
    },
    types: [RECORD, HEALTH_CHECK, ...LOAD_BALANCER, ...TARGET_GROUP, ...LISTENER_TYPES, "pulumi:pulumi:Stack", "pulumi:pulumi:StackReference", "aws:rds/instance:Instance"],
    validate: (resources, report, { config }) => {
        const role = ROLE_OF[config.environment];
        const records = ofType(resources, [RECORD]);
        const checks = ofType(resources, [HEALTH_CHECK]);
        const endpoint = endpointOf(resources);
        const failover = records.filter(r => known(() => (r.props.failoverRoutingPolicies ?? []).length > 0, true));
        // A stack that probes itself or names its load balancer in Route 53 takes part in the failover.
        const takesPart = checks.length > 0 || records.some(r => endpoint.hosts.has(host(knownString(r, "name")) ?? "\0"));
        const ofRole = failover.filter(r => known(() => String(r.props.failoverRoutingPolicies[0]?.type).toUpperCase() === role, true));
        if (takesPart && ofRole.length === 0) {
            report(`the stack has Route 53 health checks or records of its load balancer but no ${role} failover record: ` +
                `without it Route 53 ${role === "PRIMARY" ? "never sends users to this region" : "has nowhere to fail over to"}.`);
        }
        // Route 53 pairs failover records by zone, name and type: the other region's records (its stack's outputs) need this stack's.
        for (const { problem, urn } of pairingProblems(ownFailoverSets(records), peerFailoverSets(resources, role), role)) {
            report(`${problem}.`, urn);
        }
        // What the load balancer answers Route 53's role probes with, against the phase (both regions' records read it).
        const now = regionState(config.environment, config.fenced, resources);
        if (takesPart && now !== undefined) {
            const ownNames = [...endpoint.hosts].filter(h => !endpoint.balancerNames.has(h));
            const wrong = roleAnswerProblem(endpoint, ownNames.length > 0 ? ownNames : [undefined], now.serves);
            if (wrong) report(`${config.environment} (${now.phase}): ${wrong.problem}`, wrong.urn);
        }
        for (const record of failover) {
            const name = knownString(record, "name") ?? record.name;
            const aliases = (knownDeep(() => record.props.aliases, []) ?? []) as Array<{ name?: string }>;
            const dangling = aliases.filter(a => typeof a.name === "string" && endpoint.balancers.length > 0 && !endpoint.hosts.has(host(a.name)!));
            if (dangling.length > 0) {
                report(`failover record ${name} aliases ${dangling.map(a => a.name).join(", ")}, which is not this stack's load balancer: set the alias to its dnsName and zoneId.`, record.urn);
            }
            const attached = resolve(record, "healthCheckId", checks, checkId);
            if (attached === undefined) {
                continue;
            }
            if (attached.length === 0) {
                // An alias evaluating its load balancer's target health fails with the app's targets.
                const evaluated = aliases.some(a => (a as { evaluateTargetHealth?: unknown }).evaluateTargetHealth === true);
                if (!evaluated && known(() => record.props.healthCheckId, "unknown") === undefined) {
                    report(`failover record ${name} has no health check: Route 53 counts it healthy whatever the app does. Set healthCheckId to the region's calculated check.`, record.urn);
                }
                continue;
            }
            const { problems, appProbe, notApp, probes } = checkProblems(attached[0], checks, endpoint);
            for (const problem of problems) {
                report(`failover record ${name}: ${problem}.`, record.urn);
            }
            if (appProbe === false) {
                report(`failover record ${name}'s health check does not probe the app through this stack's load balancer, so it does not fail when the app does` +
                    ` (${notApp.join("; ")}): add an HTTPS check of the app's health path on the region's own name to it.`, record.urn);
            }
            // What Route 53 reports for the record in each state the design must answer.
            const tree = nodeOf(attached[0], checks);
            for (const expected of expectations()) {
                if (reports(tree, expected.world, p => leafOf(p, endpoint)) === !expected.healthy) {
                    report(`failover record ${name}'s health check: ${expected.otherwise}.`, record.urn);
                }
            }
            const recordRole = known(() => String(record.props.failoverRoutingPolicies[0]?.type).toUpperCase());
            if (recordRole === "PRIMARY" && probes !== undefined && !probes.some(p => peerProbe(p, endpoint))) {
                report(`failover record ${name} is the PRIMARY but its health ignores the other region: once dr is promoted, prod coming back ` +
                    "takes users back while dr also serves (split brain). Keep an inverted HTTPS check of the peer region's role probe among its children.", record.urn);
            }
        }
    },
});
