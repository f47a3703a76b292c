/**
 * What a load balancer answers to a health probe without asking the app. Route 53 counts any 2xx
 * or 3xx status healthy, so a probe the listener redirects (the HTTP listener's redirect to
 * HTTPS), answers with a fixed response, or sends to sign in, stays healthy whatever the app does.
 * Pure over the listeners' and rules' known properties.
 */
import { PolicyResource } from "@pulumi/policy";

import { known, knownDeep, ofType, valueLinker } from "../lib/stack";

const LISTENER = ["aws:lb/listener:Listener", "aws:alb/listener:Listener"] as const;
const LISTENER_RULE = ["aws:lb/listenerRule:ListenerRule", "aws:alb/listenerRule:ListenerRule"] as const;
/** The types whose change can change what a probe gets. */
export const LISTENER_TYPES = [...LISTENER, ...LISTENER_RULE];

/** A listener action as the load balancer runs it (the first by `order` answers or forwards). */
export interface Action {
    type?: string;
    order?: number;
    fixedResponse?: { statusCode?: string; messageBody?: string };
    targetGroupArn?: string;
    forward?: { targetGroups?: Array<{ arn?: string; weight?: number }> };
    authenticateOidc?: { onUnauthenticatedRequest?: string };
    authenticateCognito?: { onUnauthenticatedRequest?: string };
}

/** A listener rule's condition (one key set): path and host patterns, method, headers, query, source. */
export type Condition = Record<string, { values?: string[] } | unknown>;

export interface ProbeListener {
    defaultActions: Action[];
    rules: Array<{ priority: number; conditions: Condition[]; actions: Action[]; urn?: string }>;
    /** `HTTP` or `HTTPS` (a Route 53 check of the other protocol fails its handshake). */
    protocol?: string;
    urn?: string;
}

/** The action that decides a request, and where it is (a rule's priority or the default action). */
export interface Decision {
    action: Action;
    /** `rule of priority N` or `default action`. */
    by: string;
    /** The rule or listener holding it. */
    urn?: string;
}

/**
 * What the load balancer itself answers to a request, when Route 53 counts that answer healthy
 * (any 2xx or 3xx): a redirect, a fixed 2xx/3xx response, or an authentication action sending an
 * unauthenticated request to its identity provider (302). Undefined when it reaches a target or
 * gets an error status.
 */
export function answersItself(actions: Action[]): string | undefined {
    const first = [...actions].sort((a, b) => (a.order ?? 0) - (b.order ?? 0))[0];
    if (first?.type === "redirect") {
        return "redirects (3xx)";
    }
    const status = first?.type === "fixed-response" ? first.fixedResponse?.statusCode ?? "" : "";
    if (/^[23]\d\d$/.test(status)) {
        return `returns a fixed ${status}`;
    }
    const auth = first?.type === "authenticate-oidc" ? first.authenticateOidc : first?.type === "authenticate-cognito" ? first.authenticateCognito : undefined;
    if (auth && (auth.onUnauthenticatedRequest ?? "authenticate") === "authenticate") {
        return "redirects unauthenticated requests to sign in (302)";
    }
    return undefined;
}

/** Whether `value` matches an ALB pattern (`*` any characters, `?` one). */
export function glob(pattern: string, value: string): boolean {
    const source = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
    return new RegExp(`^${source}$`).test(value);
}

/**
 * Whether a rule's conditions (all of them) match a Route 53 probe (a GET of `path` with Host
 * `host`): true, false, or undefined when a condition can't be told (headers, query, source address).
 */
export function ruleMatches(conditions: Condition[], path: string, host: string | undefined): boolean | undefined {
    let sure = true;
    for (const condition of conditions) {
        const values = (key: string) => ((condition[key] as { values?: string[] } | undefined)?.values ?? []);
        if (condition.pathPattern !== undefined) {
            if (!values("pathPattern").some(p => glob(p, path))) return false;
        } else if (condition.hostHeader !== undefined && host !== undefined) {
            if (!values("hostHeader").some(p => glob(p.toLowerCase(), host))) return false;
        } else if (condition.httpRequestMethod !== undefined) {
            if (!values("httpRequestMethod").includes("GET")) return false;
        } else {
            sure = false;
        }
    }
    return sure ? true : undefined;
}

/** The action a list runs first (by `order`); authentication that lets requests through hands over to the next. */
function firstAction(actions: Action[]): Action | undefined {
    const sorted = [...actions].sort((a, b) => (a.order ?? 0) - (b.order ?? 0));
    return sorted.find(a => {
        const auth = a.type === "authenticate-oidc" ? a.authenticateOidc : a.type === "authenticate-cognito" ? a.authenticateCognito : undefined;
        return auth === undefined || auth.onUnauthenticatedRequest !== "allow";
    });
}

/**
 * The action that decides a GET of `path` with Host `host` through `listener`: the first rule by
 * priority that matches, else the default action. A rule that may match (a condition the probe
 * can't be told against) decides only if it forwards (the request may reach the app); one that
 * would answer itself is passed over. Undefined when the deciding action is not known.
 */
export function decide(listener: ProbeListener, path: string, host: string | undefined): Decision | undefined {
    for (const rule of [...listener.rules].sort((a, b) => a.priority - b.priority)) {
        const match = ruleMatches(rule.conditions, path, host);
        if (match === false) continue;
        const action = firstAction(rule.actions);
        if (match === true || answersItself(rule.actions) === undefined) {
            return action && { action, by: `rule of priority ${rule.priority}`, urn: rule.urn };
        }
    }
    const action = firstAction(listener.defaultActions);
    return action && { action, by: "default action", urn: listener.urn };
}

/**
 * What the load balancer answers itself to a probe of `path` on `host` through `listener`,
 * following its rules by priority to the default action; undefined when the probe may reach a
 * target (a rule that may match forwards, or the action that decides does).
 */
export function probeAnswer(listener: ProbeListener, path: string, host: string | undefined): string | undefined {
    const decision = decide(listener, path, host);
    const answer = decision && answersItself([decision.action]);
    return answer && `${decision.by} ${answer}`;
}

/** The target groups a forward action sends to (weight 0 takes nothing). */
export function forwardTargets(action: Action): string[] {
    if (action.type !== "forward") return [];
    const weighted = (action.forward?.targetGroups ?? []).filter(t => (t.weight ?? 1) > 0).map(t => t.arn);
    return [action.targetGroupArn, ...weighted].filter((a): a is string => typeof a === "string");
}

/**
 * The HTTP status the load balancer itself gives: a redirect's code, a fixed response's, 302 for
 * sign-in, 401 for an authentication that denies; undefined when the action forwards.
 */
export function ownStatus(action: Action): number | undefined {
    if (action.type === "redirect") return Number(String((action as { redirect?: { statusCode?: string } }).redirect?.statusCode ?? "HTTP_302").replace("HTTP_", ""));
    if (action.type === "fixed-response") return Number(action.fixedResponse?.statusCode ?? 0);
    const auth = action.type === "authenticate-oidc" ? action.authenticateOidc : action.type === "authenticate-cognito" ? action.authenticateCognito : undefined;
    if (auth) return auth.onUnauthenticatedRequest === "deny" ? 401 : 302;
    return undefined;
}

/** The stack's listeners by port, with their rules (an unknown action counts as forwarding: can't judge). */
export function listenersByPort(resources: PolicyResource[]): Map<number, ProbeListener> {
    const listeners = ofType(resources, LISTENER);
    const listenerOf = valueLinker(listeners, ["arn"]);
    const forward = [{ type: "forward" }];
    const actions = (r: PolicyResource, property: string) => (knownDeep(() => r.props[property], forward) ?? []) as Action[];
    const byListener = new Map<PolicyResource, ProbeListener>(listeners.map(l => [l, {
        defaultActions: actions(l, "defaultActions"), rules: [], urn: l.urn, protocol: known(() => l.props.protocol as string | undefined),
    }]));
    for (const rule of ofType(resources, LISTENER_RULE)) {
        const priority = known(() => rule.props.priority as unknown);
        const conditions = (knownDeep(() => rule.props.conditions, [{ unknown: true }]) ?? []) as Condition[];
        for (const listener of listenerOf(rule, "listenerArn")) {
            byListener.get(listener)!.rules.push({ priority: typeof priority === "number" ? priority : 50000, conditions, actions: actions(rule, "actions"), urn: rule.urn });
        }
    }
    // Route 53's HTTP(S) probes are answered by an HTTP(S) listener: a network load balancer's
    // TCP or TLS listener on the same port (another balancer of the stack) never answers one.
    const http = (m: ProbeListener) => m.protocol === undefined || /^HTTPS?$/i.test(m.protocol);
    const ports = new Map<number, ProbeListener>();
    for (const [listener, model] of byListener) {
        const port = known(() => listener.props.port as unknown);
        const existing = typeof port === "number" ? ports.get(port) : undefined;
        if (typeof port === "number" && (existing === undefined || (http(model) && !http(existing)))) {
            ports.set(port, model);
        }
    }
    return ports;
}
