import { PolicyResource } from "@pulumi/policy";

import { stackPolicy } from "../lib/define";
import { HSTS_HEADER_VALUE, LISTENER_HEADER_PROPERTIES, listenerHeaderProblems } from "../lib/facts/edgeHeaders";
import { known, ofType } from "../lib/stack";
import { LISTENER } from "../lib/tokens";
import { CERTIFICATE } from "./certificateNames";
import { certificateNames } from "./httpListenerRules";
import { GUIDE_ALB } from "./loadBalancer";
import { covers } from "./tlsNames";

/** Whether `host` is a name the stack serves: one its certificates cover. */
export function ownHostPredicate(resources: PolicyResource[]): (host: string) => boolean {
    const own = certificateNames(resources);
    return (host) => own.some(n => covers(n, host));
}

export const albListenerHeaders = stackPolicy({
    name: "alb-listener-headers",
    description: "Headers a listener inserts into every response (routing.http.response.*, replacing the app's) are at least as strict as the design's baselines (policy/lib/facts/edgeHeaders.ts): " +
        "HSTS for a year with includeSubDomains, a Content-Security-Policy keeping scripts, workers, plugins and the base URL to the site's own origins (no *, scheme-wide or unsafe-* source), " +
        "CORS only for the site's own HTTPS origins (never * or null), X-Frame-Options DENY or SAMEORIGIN, X-Content-Type-Options nosniff; the load balancer's TLS request headers keep names no other header has.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "high",
        guideSection: GUIDE_ALB,
        remediationSteps: `Leave the routingHttpResponse…HeaderValue arguments unset (the app's headers pass) or set them to the baselines: routingHttpResponseStrictTransportSecurityHeaderValue "${HSTS_HEADER_VALUE}", ` +
            "a CSP whose script-src (or default-src) lists only 'self', nonces, hashes and the stack's own https names, Access-Control-Allow-Origin https://<a name of the stack's certificate>, " +
            "X-Frame-Options DENY or SAMEORIGIN; give routingHttpRequestXAmzn…HeaderName only names of its own (not Host, X-Forwarded-*, Authorization, Cookie…).",
    },
    types: [...LISTENER, CERTIFICATE],
    validate: (resources, report) => {
        const isOwnHost = ownHostPredicate(resources);
        for (const listener of ofType(resources, LISTENER)) {
            // Unknown values can't be judged until the update.
            const props = Object.fromEntries(LISTENER_HEADER_PROPERTIES.map(p => [p, known(() => listener.props[p] as unknown, undefined)]));
            for (const problem of listenerHeaderProblems(props, isOwnHost)) {
                report(`listener ${listener.name}: ${problem}.`, listener.urn);
            }
        }
    },
});
