/** Routing of the HTTPS listener, as plain data checked before anything is registered. */
import { APP_ROUTES, DEFAULT_ROUTE_TARGET } from "../../policy/lib/facts/routes";

/** Requests whose path matches one of `pathPatterns` go to the target group `target`. */
export interface PathRoute {
    pathPatterns: string[];
    target: string;
}

export interface PlannedRule extends PathRoute {
    priority: number;
}

/** ExpertConnect: the Django API, admin and collected static files are served by the backend (a fact the pack shares). */
export const expertConnectRoutes: PathRoute[] = APP_ROUTES.map((r) => ({ pathPatterns: [...r.pathPatterns], target: r.target }));

/** The target of every other path: the frontend. */
export const expertConnectDefaultTarget = DEFAULT_ROUTE_TARGET;

/** The port-80 listener's only action: permanent redirect to HTTPS, same host, path and query. */
export const httpsRedirect = { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } } as const;

/** Priorities in route order (first match wins), leaving gaps for rules added by hand in an incident. */
export function planListenerRules(routes: PathRoute[], targets: string[], defaultTarget: string, firstPriority = 100, step = 10): PlannedRule[] {
    if (!targets.includes(defaultTarget)) {
        throw new Error(`default target ${JSON.stringify(defaultTarget)} is not a target group; allowed: ${targets.join(", ")}`);
    }
    return routes.map((route, i) => {
        if (!targets.includes(route.target)) {
            throw new Error(`route ${route.pathPatterns.join(",")} → ${JSON.stringify(route.target)}: allowed targets: ${targets.join(", ")}`);
        }
        if (route.pathPatterns.length < 1 || route.pathPatterns.length > 5) {
            throw new Error(`route → ${route.target}: ${route.pathPatterns.length} path patterns; allowed: 1 to 5 per rule (ALB limit)`);
        }
        for (const p of route.pathPatterns) {
            if (!p.startsWith("/") || p.length > 128) throw new Error(`path pattern ${JSON.stringify(p)}: allowed: starts with / and at most 128 characters`);
        }
        return { ...route, priority: firstPriority + i * step };
    });
}
