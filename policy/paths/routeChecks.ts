/**
 * Route 53 health checks that decide a record's answer (its own check and, down calculated checks,
 * their children), judged by what they probe and how fast they fail. A probe of one of the stack's
 * load balancers follows the listener on its port as the load balancer runs it (rules by priority,
 * then the default action: dr/listenerAnswers.ts) to the containers of the target group it
 * forwards to; the path it requests must be the health path the app's contract names for that
 * container (policy/lib/facts/appHealth.ts), or the check passes while the app behind it is down.
 * Route 53 counts an endpoint unhealthy after `failureThreshold` failed probes `requestInterval`
 * apart: that must fit the failure-detection budget, or users stay sent to a dead region.
 */
import { REGION_FAILURE_DETECTION_SECONDS } from "../lib/facts/appHealth";
import { LOAD_BALANCER } from "../lib/tokens";
import { decide, forwardTargets } from "../dr/listenerAnswers";
import { host, PATH_CHECKS, target } from "../dr/routeHealth";
import { Container, served, serviceContainer } from "./health";
import { broken, ok, PathResource, PathResult, StackIndex } from "./model";
import { probeListener, registrations } from "./routes";

const RECORD = "aws:route53/record:Record";
const HEALTH_CHECK = "aws:route53/healthCheck:HealthCheck";
const LISTENER = "aws:lb/listener:Listener";
const TARGET_GROUP = "aws:lb/targetGroup:TargetGroup";

/** Route 53's defaults for an endpoint check (CreateHealthCheck). */
export const ROUTE_CHECK_DEFAULTS = { requestInterval: 30, failureThreshold: 3 } as const;

/** Seconds Route 53 takes to count a failed endpoint unhealthy: failureThreshold probes, requestInterval apart. */
export function routeDetectSeconds(check: Record<string, unknown>): { seconds: number; text: string } {
    const interval = typeof check.requestInterval === "number" ? check.requestInterval : ROUTE_CHECK_DEFAULTS.requestInterval;
    const threshold = typeof check.failureThreshold === "number" ? check.failureThreshold : ROUTE_CHECK_DEFAULTS.failureThreshold;
    return { seconds: interval * threshold, text: `failureThreshold ${threshold} × requestInterval ${interval} s` };
}

/** The checks a record's answer depends on: its own and, down calculated checks, their children. */
export function checksUnder(ix: StackIndex, record: PathResource): PathResource[] {
    const found: PathResource[] = [];
    const queue = ix.refs(record, "healthCheckId", HEALTH_CHECK);
    while (queue.length > 0) {
        const check = queue.shift()!;
        if (found.includes(check)) continue;
        found.push(check);
        if (check.props.type === "CALCULATED") queue.push(...ix.refs(check, "childHealthchecks", HEALTH_CHECK));
    }
    return found;
}

/** Names that always resolve to one of the stack's load balancers: its DNS name and simple records aliasing it. */
function balancerHosts(ix: StackIndex): Map<string, PathResource> {
    const hosts = new Map<string, PathResource>();
    for (const lb of ix.ofType(...LOAD_BALANCER)) {
        const name = host(lb.props.dnsName);
        if (name) hosts.set(name, lb);
    }
    for (const record of ix.ofType(RECORD)) {
        // A routed record (failover, weighted …) answers with another region once this one is unhealthy.
        if (record.props.setIdentifier !== undefined) continue;
        const lb = ((record.props.aliases ?? []) as Array<{ name?: string }>).map((a) => hosts.get(host(a.name) ?? "")).find((b) => b !== undefined);
        const name = host(record.props.name);
        if (lb && name) hosts.set(name, lb);
    }
    return hosts;
}

/** The health paths the stack's containers answer, for messages: `backend's /api/health/`. */
function healthPathsServed(ix: StackIndex): string[] {
    const paths = new Set<string>();
    for (const registered of registrations(ix).values()) {
        for (const r of registered) {
            const c = serviceContainer(ix, r.service, r.containerName);
            const s = c && served(c);
            if (s?.path) paths.add(`${c!.name}'s ${s.path}`);
        }
    }
    return [...paths];
}

/**
 * What the app's health contract says of a probe of `path` reaching `containers` (the registered
 * containers of the target groups the listener forwards it to): undefined when it requests a
 * container's health path, else what is missing.
 */
export function probedPathProblem(path: string, containers: Container[], elsewhere: string[]): string | undefined {
    const judged = containers.map((c) => ({ c, s: served(c) })).filter((x) => x.s !== undefined);
    if (judged.length === 0) return undefined;
    const withPath = judged.filter((x) => x.s!.path !== undefined);
    if (withPath.some((x) => x.s!.path === path)) return undefined;
    const hint = elsewhere.length > 0 ? ` (${elsewhere.join(", ")})` : "";
    if (withPath.length === 0) {
        return `a resourcePath that is a container's health path${hint}: ${path} reaches container ${judged.map((x) => x.c.name).join(", ")}, whose app names no health path ` +
            "(policy/lib/facts/appHealth.ts), so the check stays healthy while the services it depends on are down";
    }
    return `resourcePath ${withPath.map((x) => x.s!.path).join(" or ")} (the check requests ${path}, which reaches container ${withPath.map((x) => x.c.name).join(", ")}, ` +
        `whose health contract answers its state only on that path: another path is refused or answers without asking the app's dependencies)`;
}

/** Each Route 53 check a record depends on: how fast it fails and, for a probe of the stack's load balancer, what it probes. */
export function routeCheckPaths(ix: StackIndex): PathResult[] {
    const results: PathResult[] = [];
    const hosts = balancerHosts(ix);
    const byGroup = registrations(ix);
    const judged = new Set<PathResource>();
    let elsewhere: string[] | undefined;
    for (const record of ix.ofType(RECORD)) {
        for (const check of checksUnder(ix, record)) {
            if (judged.has(check) || check.props.type === "CALCULATED" || check.props.disabled === true) continue;
            judged.add(check);
            const { port, path } = target(check.props);
            const fqdn = host(check.props.fqdn);
            const label = `Route 53 health check ${check.props.name ?? check.name} (${fqdn ?? check.props.ipAddress ?? "?"}:${port}${path}) of record ${record.props.name ?? record.name} fails in time when what it probes does`;
            const detect = routeDetectSeconds(check.props);
            if (detect.seconds > REGION_FAILURE_DETECTION_SECONDS) {
                results.push(broken(label, `time to detect: Route 53 counts the endpoint unhealthy only after ${detect.text} = ${detect.seconds} s, longer than the ${REGION_FAILURE_DETECTION_SECONDS} s ` +
                    "a region's failure detection may take (policy/lib/facts/appHealth.ts), and the record keeps sending users there: lower failureThreshold or requestInterval (the program uses 3 × 30 s)", check));
                continue;
            }
            const lb = fqdn === undefined ? undefined : hosts.get(fqdn);
            // An inverted check watches a region's refusal (the peer's role probe), not an app's health.
            if (!lb || check.props.invertHealthcheck === true || !PATH_CHECKS.includes(String(check.props.type))) {
                results.push(ok(label));
                continue;
            }
            const listener = ix.ofType(LISTENER).find((l) => l.props.port === port && ix.refs(l, "loadBalancerArn", ...LOAD_BALANCER).includes(lb));
            const decision = listener && decide(probeListener(ix, listener), path, fqdn);
            // A forward names its group twice (targetGroupArn and forward.targetGroups): each counts once.
            const groups = new Set(decision ? forwardTargets(decision.action).flatMap((arn) => ix.named(arn, TARGET_GROUP)) : []);
            const containers = [...groups].flatMap((g) => (byGroup.get(g) ?? []).map((r) => serviceContainer(ix, r.service, r.containerName)))
                .filter((c): c is Container => c !== undefined);
            elsewhere ??= healthPathsServed(ix);
            const problem = probedPathProblem(path, containers, elsewhere);
            results.push(problem ? broken(label, problem, check) : ok(label));
        }
    }
    return results;
}
