/**
 * What a Route 53 health check reports, worked out as Route 53 does: an HTTP(S) probe resolves
 * its fqdn, connects on its port and counts a 2xx/3xx answer healthy (a string-matching one also
 * needs the string in the body); an inverted check reports the opposite, a disabled one healthy;
 * a calculated check is healthy while at least `childHealthThreshold` children are. A probe of
 * this stack's load balancer follows the listener on its port (listenerAnswers.ts) to what
 * answers it. Pure over plain check properties.
 */
import { ROLE_PROBE_PATH } from "../lib/facts/roleProbe";
import { decide, Decision, ownStatus, ProbeListener } from "./listenerAnswers";

/** Health check types that request a path of the endpoint (a TCP check only sees the port open). */
export const PATH_CHECKS = ["HTTP", "HTTPS", "HTTP_STR_MATCH", "HTTPS_STR_MATCH"];

/**
 * What decides a probe's answer:
 * - `app`: the load balancer forwards it, so it is healthy while the app's targets are;
 * - `role`: the load balancer's own answer to the role probe path, healthy while the region serves;
 * - `peer-role`: the role probe of another name (the other region's), healthy while that region serves;
 * - `fixed`: an answer that does not change (another own answer of the load balancer, a closed port);
 * - `other`: a name outside this stack, taken as healthy (nothing here decides it).
 */
export type Leaf =
    | { kind: "app"; what: string }
    | { kind: "role"; what: string }
    | { kind: "peer-role"; what: string }
    | { kind: "fixed"; healthy: boolean; what: string }
    | { kind: "other"; what: string };

/** The states a failover is in: the region's app, what its role probe says, whether the other region serves. */
export interface World {
    appUp: boolean;
    ownServes: boolean;
    peerServes: boolean;
}

/** A check's plain properties (the `aws.route53.HealthCheck` inputs the evaluation reads). */
export type CheckProps = Record<string, unknown>;

/** What a probe of the stack's own load balancer reaches (hosts are lower case, without a final dot). */
export interface OwnEndpoint {
    /** Names that always resolve to this stack's load balancer. */
    hosts: Set<string>;
    /** Names of routed records (failover …) that resolve to it only while this region is healthy. */
    routed?: Set<string>;
    listeners?: Map<number, ProbeListener>;
}

/** A DNS name compared as Route 53 does: case-insensitive, with or without the final dot. */
export function host(name: unknown): string | undefined {
    return typeof name === "string" ? name.toLowerCase().replace(/\.$/, "") : undefined;
}

/** The port and path a check requests (Route 53's defaults: 80 or 443 by protocol, path `/`). */
export function target(check: CheckProps): { port: number; path: string; https: boolean } {
    const https = String(check.type).startsWith("HTTPS");
    // Listener path patterns and the apps' health paths match the path alone: a query string rides along.
    const path = (typeof check.resourcePath === "string" ? check.resourcePath : "/").split("?")[0] || "/";
    return { port: typeof check.port === "number" ? check.port : https ? 443 : 80, path, https };
}

/** The decision of the listener a check's probe reaches on the stack's own load balancer; undefined when not known. */
export function ownDecision(check: CheckProps, endpoint: OwnEndpoint): { listener?: ProbeListener; decision?: Decision } {
    const { port, path } = target(check);
    const listener = endpoint.listeners?.get(port);
    return { listener, decision: listener && decide(listener, path, host(check.fqdn)) };
}

/** What decides a non-calculated check's answer (see {@link Leaf}); undefined while it can't be told. */
export function leafOf(check: CheckProps, endpoint: OwnEndpoint): Leaf | undefined {
    const fqdn = host(check.fqdn);
    const { port, path, https } = target(check);
    const what = `${String(check.type)} ${fqdn ?? String(check.ipAddress ?? "?")}:${port}${PATH_CHECKS.includes(String(check.type)) ? path : ""}`;
    if (fqdn === undefined || !endpoint.hosts.has(fqdn)) {
        const peer = path === ROLE_PROBE_PATH && PATH_CHECKS.includes(String(check.type)) && !endpoint.routed?.has(fqdn ?? "");
        return peer ? { kind: "peer-role", what } : { kind: "other", what };
    }
    // No listener known at all (not in the stack, or unknown in preview): what answers can't be told.
    if (endpoint.listeners === undefined || endpoint.listeners.size === 0) return undefined;
    const listener = endpoint.listeners.get(port);
    if (!PATH_CHECKS.includes(String(check.type))) {
        return { kind: "fixed", healthy: listener !== undefined, what: `${what} (${listener ? "the port is open" : "no listener"})` };
    }
    if (listener === undefined) return { kind: "fixed", healthy: false, what: `${what} (no listener on ${port})` };
    if (listener.protocol !== undefined && (listener.protocol === "HTTPS") !== https) {
        return { kind: "fixed", healthy: false, what: `${what} (the listener speaks ${listener.protocol})` };
    }
    const decision = decide(listener, path, fqdn);
    if (decision === undefined) return undefined;
    const status = ownStatus(decision.action);
    if (status === undefined) return { kind: "app", what: `${what} (the ${decision.by} forwards to the app)` };
    if (path === ROLE_PROBE_PATH && decision.action.type === "fixed-response") return { kind: "role", what: `${what} (the role probe)` };
    const search = typeof check.searchString === "string" ? check.searchString : undefined;
    const body = decision.action.type === "fixed-response" ? decision.action.fixedResponse?.messageBody ?? "" : "";
    const healthy = status >= 200 && status < 400 && (search === undefined || !String(check.type).endsWith("STR_MATCH") || body.includes(search));
    return { kind: "fixed", healthy, what: `${what} (the ${decision.by} answers ${status})` };
}

/** A check and, for a calculated one, its children (undefined while they can't be resolved). */
export interface CheckNode {
    /** Undefined while the check's properties are not known. */
    props?: CheckProps;
    children?: CheckNode[];
}

/** What Route 53 reports for `node` in `world`: true healthy, false unhealthy, undefined not known. */
export function reports(node: CheckNode, world: World, leaf: (props: CheckProps) => Leaf | undefined): boolean | undefined {
    const { props } = node;
    if (props === undefined) return undefined;
    if (props.disabled === true) return true;
    let healthy: boolean | undefined;
    if (props.type === "CALCULATED") {
        if (node.children === undefined) return undefined;
        const verdicts = node.children.map(c => reports(c, world, leaf));
        const threshold = typeof props.childHealthThreshold === "number" ? props.childHealthThreshold : 0;
        const sure = verdicts.filter(v => v === true).length;
        const possible = verdicts.filter(v => v !== false).length;
        healthy = sure >= threshold ? true : possible < threshold ? false : undefined;
    } else {
        const l = leaf(props);
        if (l === undefined) return undefined;
        healthy = l.kind === "app" ? world.appUp : l.kind === "role" ? world.ownServes : l.kind === "peer-role" ? world.peerServes : l.kind === "fixed" ? l.healthy : true;
    }
    return healthy === undefined ? undefined : props.invertHealthcheck === true ? !healthy : healthy;
}

/** The failover states a region's record must answer as designed (components/dns/failoverHealth.ts). */
export interface Expectation {
    world: World;
    healthy: boolean;
    /** What goes wrong otherwise. */
    otherwise: string;
}

/**
 * The design's expectations: healthy while the app is up, the region's role probe says it serves
 * and (for the PRIMARY) the other region does not; unhealthy once the role probe says it does not
 * serve (fencing a region, or dr in standby, takes it out of DNS). App down and the peer serving
 * are judged by the checks' structure (failoverHealth.ts), with messages of their own.
 */
export function expectations(): Expectation[] {
    return [
        {
            world: { appUp: true, ownServes: true, peerServes: false }, healthy: true,
            otherwise: "with the app up and the region serving, Route 53 counts it unhealthy, so users are sent away from a working region",
        },
        {
            world: { appUp: true, ownServes: false, peerServes: false }, healthy: false,
            otherwise: "it stays healthy while the region's role probe says it does not serve, so Route 53 keeps sending users to a fenced or standby region " +
                "(keep a check of the region's role probe among the children)",
        },
    ];
}

/**
 * Why the load balancer's answer to the role probe is not what the region's phase needs, or
 * undefined when it is (or can't be told): its own 2xx while the region serves, its own error
 * status while it does not (the other region's inverted check and this region's record read it).
 */
export function roleAnswerProblem(endpoint: OwnEndpoint, hosts: Array<string | undefined>, serves: boolean): { problem: string; urn?: string } | undefined {
    for (const name of hosts) {
        const { listener, decision } = ownDecision({ type: "HTTPS", port: 443, fqdn: name, resourcePath: ROLE_PROBE_PATH }, endpoint);
        if (listener === undefined || decision === undefined) continue;
        const status = ownStatus(decision.action);
        const on = `the HTTPS listener's ${decision.by}, for ${ROLE_PROBE_PATH}${name ? ` on ${name}` : ""},`;
        if (status === undefined) {
            return { problem: `${on} forwards the role probe to the app, so it tells Route 53 whether the app is up, not whether the region serves: answer it with a fixed response (${serves ? "200" : "503"}) in a rule ahead of the path rules`, urn: decision.urn };
        }
        const healthy = status >= 200 && status < 400;
        if (healthy !== serves) {
            return {
                problem: `${on} answers ${status}, which Route 53 counts ${healthy ? "healthy" : "unhealthy"}, but the region ${serves ? "serves" : "does not serve"} in its current phase: ` +
                    (serves ? "this region's failover record goes unhealthy and users are sent to the other region" : "the other region's inverted check of it fails, taking the serving region out of DNS, and this region's record can become healthy") +
                    `. Answer it with a fixed ${serves ? "200" : "503"} (components/compute/LoadBalancer roleProbe, from the phase).`,
                urn: decision.urn,
            };
        }
    }
    return undefined;
}
