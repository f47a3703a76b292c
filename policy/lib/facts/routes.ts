/**
 * The application's routes on the HTTPS listener: which container serves which paths. The
 * program's listener rules are built from them (components/compute/listenerRules.ts), and the
 * pack follows a request of each route through the listener to the container that answers it.
 */

/** Requests whose path matches one of `pathPatterns` are served by the container (and target group) `target`. */
export interface AppRoute {
    pathPatterns: string[];
    target: string;
}

/** ExpertConnect: the Django API, admin and collected static files are served by the backend. */
export const APP_ROUTES: readonly AppRoute[] = [
    { pathPatterns: ["/api/*"], target: "backend" },
    { pathPatterns: ["/admin/*"], target: "backend" },
    { pathPatterns: ["/static/*"], target: "backend" },
];

/** The container that serves every other path (the listener's default action): the Next.js frontend. */
export const DEFAULT_ROUTE_TARGET = "frontend";
