/**
 * Request paths: a request of each route the application serves (policy/lib/facts/routes.ts)
 * goes through the HTTPS listener as the load balancer runs it (rules by priority, then the
 * default action; see dr/listenerAnswers.ts) and must reach a target group that an ECS service
 * registers the route's container with, health-checked on the port the container is registered
 * on. A fixed response (a maintenance page), a target group of another container, or one no
 * service registers with leaves the route unserved.
 */
import { APP_ROUTES, DEFAULT_ROUTE_TARGET } from "../lib/facts/routes";
import { Action, Condition, decide, forwardTargets, ProbeListener } from "../dr/listenerAnswers";
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

/** Each route through each HTTPS listener of the stack. */
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
    return results;
}
