/**
 * Request paths: a request of each route the application serves (policy/lib/facts/routes.ts)
 * goes through the HTTPS listener as the load balancer runs it (rules by priority, then the
 * default action; see dr/listenerAnswers.ts) and must reach a target group that an ECS service
 * registers the route's container with, health-checked on the port the container is registered
 * on. A fixed response (a maintenance page), a target group of another container, or one no
 * service registers with leaves the route unserved.
 *
 * The same requests as any client can write them: the Host, headers, query string and method
 * are the client's to choose, so a rule of an internet-facing load balancer gated only by them
 * (`X-Internal: true`, `Host: internal.…`) is a route anyone uses. Each such rule's paths must
 * reach the container the app's routes send them to; a source-ip condition narrower than the
 * internet, or an authentication action, is a gate and takes the rule out.
 */
import { APP_ROUTES, DEFAULT_ROUTE_TARGET } from "../lib/facts/routes";
import { LOAD_BALANCER } from "../lib/tokens";
import { Action, Condition, decide, forwardTargets, glob, ProbeListener } from "../dr/listenerAnswers";
import { widerThan } from "../network/addressSpace";
import { broken, ok, PathResource, PathResult, StackIndex } from "./model";
import { ECS_SERVICE } from "./tasks";

const LISTENER = "aws:lb/listener:Listener";
const LISTENER_RULE = "aws:lb/listenerRule:ListenerRule";
const TARGET_GROUP = "aws:lb/targetGroup:TargetGroup";

export interface Registration { service: PathResource; containerName?: string; containerPort?: number }

/** A request path a pattern matches (`*` and `?` stand for one letter): what a user of the route asks for. */
export function samplePath(pattern: string): string {
    return pattern.replace(/[*?]/g, "x");
}

/** The routes as requests: each pattern of each route, and `/` for the default target. */
export function routeRequests(): Array<{ pattern: string; path: string; target: string }> {
    return [
        ...APP_ROUTES.flatMap((r) => r.pathPatterns.map((pattern) => ({ pattern, path: samplePath(pattern), target: r.target }))),
        { pattern: "/ (every other path)", path: "/", target: DEFAULT_ROUTE_TARGET },
    ];
}

/** The HTTPS listener as the load balancer runs it, with its rules (priority unknown: last). */
export function probeListener(ix: StackIndex, listener: PathResource): ProbeListener {
    const rules = ix.ofType(LISTENER_RULE).filter((r) => ix.refs(r, "listenerArn", LISTENER).includes(listener));
    return {
        defaultActions: (listener.props.defaultActions ?? []) as Action[], urn: listener.urn, protocol: listener.props.protocol,
        rules: rules.map((r) => ({
            priority: typeof r.props.priority === "number" ? r.props.priority : 50000, urn: r.urn,
            // Unknown conditions or actions (preview) can't be followed: a condition nothing matches for sure, an action that forwards.
            conditions: (r.props.conditions ?? [{ unknown: true }]) as Condition[], actions: (r.props.actions ?? [{ type: "forward" }]) as Action[],
        })),
    };
}

/** Which ECS services register which container with each target group. */
export function registrations(ix: StackIndex): Map<PathResource, Registration[]> {
    const byGroup = new Map<PathResource, Registration[]>();
    for (const service of ix.ofType(ECS_SERVICE)) {
        for (const lb of (service.props.loadBalancers ?? []) as Array<{ targetGroupArn?: string; containerName?: string; containerPort?: number }>) {
            for (const group of new Set(ix.named(lb.targetGroupArn, TARGET_GROUP))) {
                byGroup.set(group, [...(byGroup.get(group) ?? []), { service, containerName: lb.containerName, containerPort: lb.containerPort }]);
            }
        }
    }
    return byGroup;
}

/**
 * What is missing for `group` to serve `target`'s requests, or undefined when a service registers
 * the container and the health check probes its port; `change` is the group when its own setting is
 * wrong (otherwise what sends the request there is).
 */
export function groupProblem(group: PathResource, registered: Registration[], target: string): { missing: string; change?: PathResource } | undefined {
    const own = registered.filter((r) => r.containerName === target);
    if (own.length === 0) {
        const others = registered.map((r) => `${r.containerName} of ${r.service.props.name ?? r.service.name}`);
        return {
            missing: `an ECS service registering container ${target} with target group ${group.props.name ?? group.name} ` +
                `(${others.length > 0 ? `it holds ${others.join(", ")}` : "no service registers with it"}): send the route to the ${target} target group, or keep the service's loadBalancers`,
        };
    }
    const port = group.props.healthCheck?.port;
    const ports = own.map((r) => r.containerPort).filter((p): p is number => typeof p === "number");
    if (port !== undefined && port !== "traffic-port" && ports.length > 0 && !ports.includes(Number(port))) {
        return { missing: `a health check on the port container ${target} is registered on (${ports.join(", ")}; it probes ${port}, so every target is unhealthy): set healthCheck.port to traffic-port`, change: group };
    }
    return undefined;
}

/** Rule conditions on values the client writes as it likes (the path aside): ALB matches them against the request as sent. */
const CLIENT_CONDITIONS = ["hostHeader", "httpHeader", "queryStrings", "queryString", "httpRequestMethod"] as const;

/** A source range wider than this is the internet, not a gate (a /8 holds 16 million addresses). */
const GATE_BOUND = { ipv4: 8, ipv6: 32 };

type Values = { values?: string[]; regexValues?: string[] };
const valuesOf = (c: Condition, key: string): string[] => ((c[key] as Values | undefined)?.values ?? []);
const regexesOf = (c: Condition, key: string): string[] => ((c[key] as Values | undefined)?.regexValues ?? []);

/** Whether a source-ip condition keeps most of the internet out. */
function sourceGates(c: Condition): boolean {
    const cidrs = valuesOf(c, "sourceIp");
    return cidrs.length > 0 && widerThan(cidrs, GATE_BOUND) === undefined;
}

/** Whether a path matches a path-pattern condition (its patterns, or its regular expressions). */
function pathMatches(c: Condition, path: string): boolean {
    return valuesOf(c, "pathPattern").some((p) => glob(p, path)) || regexesOf(c, "pathPattern").some((r) => { try { return new RegExp(r).test(path); } catch { return false; } });
}

/** A path a regular expression matches, from its literal parts (`^/internal/.*$` → `/internal/x`); undefined when that fails. */
function regexSample(regex: string): string | undefined {
    const sample = regex.replace(/^\^|\$$/g, "").replace(/\.[*+]|\[\^?[^\]]*\][*+]?|\\[wd][*+]?/g, "x").replace(/\\(.)/g, "$1").replace(/[()?]/g, "");
    try { return new RegExp(regex).test(sample) ? sample : undefined; } catch { return undefined; }
}

/** The paths a rule's requests can have: samples of its path patterns that match all of them; every route's sample when it has none. */
function rulePaths(conditions: Condition[]): string[] {
    const paths = conditions.filter((c) => c.pathPattern !== undefined);
    if (paths.length === 0) return routeRequests().map((r) => r.path);
    const samples = paths.flatMap((c) => [...valuesOf(c, "pathPattern").map(samplePath), ...regexesOf(c, "pathPattern").map(regexSample).filter((x): x is string => x !== undefined)]);
    return [...new Set(samples)].filter((path) => paths.every((c) => pathMatches(c, path)));
}

/** The container the app's routes send `path` to. */
function routedTarget(path: string): string {
    return APP_ROUTES.find((r) => r.pathPatterns.some((p) => glob(p, path)))?.target ?? DEFAULT_ROUTE_TARGET;
}

/** The client-written values a rule asks for, for messages: `header X-Internal: true`. */
function clientValues(conditions: Condition[]): string {
    return conditions.flatMap((c) => {
        const out: string[] = [];
        if (c.hostHeader !== undefined) out.push(`Host ${[...valuesOf(c, "hostHeader"), ...regexesOf(c, "hostHeader")].join(" or ")}`);
        const h = c.httpHeader as { httpHeaderName?: string } & Values | undefined;
        if (h) out.push(`header ${h.httpHeaderName}: ${[...(h.values ?? []), ...(h.regexValues ?? [])].join(" or ")}`);
        for (const q of [...((c.queryStrings ?? []) as Array<{ key?: string; value?: string }>), ...(((c.queryString as { values?: Array<{ key?: string; value?: string }> } | undefined)?.values) ?? [])]) {
            out.push(`query ${q.key ? `${q.key}=` : ""}${q.value}`);
        }
        if (c.httpRequestMethod !== undefined) out.push(`method ${valuesOf(c, "httpRequestMethod").join(" or ")}`);
        return out;
    }).join(", ");
}

/**
 * Whether an earlier rule takes every request a client makes to reach `later` with `path`: each of
 * its conditions holds whatever else the client sends (its paths match, its host, header, query
 * and method values are ones `later` demands too, its source range is the internet).
 */
function catches(earlier: Condition[], later: Condition[], path: string): boolean {
    const same = (c: Condition) => later.some((l) => JSON.stringify(l) === JSON.stringify(c));
    return earlier.length > 0 && earlier.every((c) => {
        if (c.pathPattern !== undefined) return pathMatches(c, path);
        if (c.sourceIp !== undefined) return !sourceGates(c);
        if (c.hostHeader !== undefined) {
            const asked = later.flatMap((l) => valuesOf(l, "hostHeader"));
            return asked.length > 0 && asked.every((h) => valuesOf(c, "hostHeader").some((p) => glob(p.toLowerCase(), h.toLowerCase())));
        }
        if (c.httpRequestMethod !== undefined) {
            const asked = later.flatMap((l) => valuesOf(l, "httpRequestMethod"));
            return asked.length > 0 && asked.every((m) => valuesOf(c, "httpRequestMethod").includes(m));
        }
        return same(c);
    });
}

/** The action a rule runs for a client that has not signed in: undefined behind an authentication that refuses or signs in. */
function anonymousAction(actions: Action[]): Action | undefined {
    for (const a of [...actions].sort((x, y) => (x.order ?? 0) - (y.order ?? 0))) {
        const auth = a.type === "authenticate-oidc" ? a.authenticateOidc : a.type === "authenticate-cognito" ? a.authenticateCognito : undefined;
        if (auth === undefined) return a;
        if (auth.onUnauthenticatedRequest !== "allow") return undefined;
    }
    return undefined;
}

/**
 * Each rule of an internet-facing load balancer's listeners that only client-written values
 * (Host, headers, query, method) gate: the containers its forward reaches with each of its paths
 * must be the one the app's routes send that path to.
 */
export function clientGatedRulePaths(ix: StackIndex, byGroup: Map<PathResource, Registration[]>): PathResult[] {
    const results: PathResult[] = [];
    for (const listener of ix.ofType(LISTENER)) {
        const balancers = ix.refs(listener, "loadBalancerArn", ...LOAD_BALANCER);
        if (balancers.length === 0 || balancers.some((b) => b.props.internal === true)) continue;
        const rules = probeListener(ix, listener).rules.sort((a, b) => a.priority - b.priority);
        for (const [i, rule] of rules.entries()) {
            const gated = rule.conditions.some((c) => CLIENT_CONDITIONS.some((k) => c[k] !== undefined));
            if (!gated || rule.conditions.some((c) => c.unknown !== undefined || (c.sourceIp !== undefined && sourceGates(c)))) continue;
            const action = anonymousAction(rule.actions);
            const arns = action ? forwardTargets(action) : [];
            if (arns.length === 0) continue;
            const where = ix.urn(rule.urn) ?? listener;
            const asks = clientValues(rule.conditions);
            for (const path of rulePaths(rule.conditions)) {
                if (rules.slice(0, i).some((e) => catches(e.conditions, rule.conditions, path))) continue;
                const target = routedTarget(path);
                const label = `request ${path} with ${asks} (values any client writes) through listener ${listener.name} reaches container ${target}, as the app's routes send it`;
                const reached = arns.flatMap((arn) => ix.named(arn, TARGET_GROUP)).flatMap((g) => (byGroup.get(g) ?? []).map((r) => `${r.containerName} (target group ${g.props.name ?? g.name})`));
                const others = reached.filter((r) => !r.startsWith(`${target} (`));
                results.push(others.length === 0 ? ok(label) : broken(label,
                    `a gate the client cannot pass: the rule of priority ${rule.priority} forwards it to ${others.join(", ")} for anyone who sends ${asks}, which is no access control; ` +
                    "add a sourceIp condition of the trusted range or an authenticate action to the rule, or route the path in policy/lib/facts/routes.ts", where));
            }
        }
    }
    return results;
}

/** Each route through each HTTPS listener of the stack, and each rule any client can open with the values it writes. */
export function routePaths(ix: StackIndex): PathResult[] {
    const results: PathResult[] = [];
    const byGroup = registrations(ix);
    for (const listener of ix.ofType(LISTENER).filter((l) => l.props.protocol === "HTTPS")) {
        const model = probeListener(ix, listener);
        for (const { pattern, path, target } of routeRequests()) {
            const decision = decide(model, path, undefined);
            if (decision === undefined) continue;
            const where = decision.urn ? ix.urn(decision.urn) ?? listener : listener;
            const label = `request ${pattern} through listener ${listener.name} reaches container ${target}`;
            if (decision.action.type === "fixed-response") {
                results.push(broken(label, `a forward to the ${target} target group (the ${decision.by} answers a fixed ${decision.action.fixedResponse?.statusCode ?? "response"} itself)`, where));
                continue;
            }
            const arns = forwardTargets(decision.action);
            if (decision.action.type !== "forward" || arns.length === 0) continue;
            const problems = arns.map((arn) => {
                const group = ix.named(arn, TARGET_GROUP)[0];
                return group ? groupProblem(group, byGroup.get(group) ?? [], target) : { missing: `a target group of this stack (the ${decision.by} forwards to ${arn})` };
            }).filter((p) => p !== undefined);
            results.push(problems.length === 0 ? ok(label) : broken(label, problems[0]!.missing, problems[0]!.change ?? where));
        }
    }
    return [...results, ...clientGatedRulePaths(ix, byGroup)];
}
