import { PolicyResource } from "@pulumi/policy";

import { stackPolicy } from "../lib/define";
import { knownDeep, knownString, ofType, valueLinker } from "../lib/stack";
import { LISTENER, LISTENER_RULE } from "../lib/tokens";
import { CERTIFICATE, namesOf } from "./certificateNames";
import { GUIDE_ALB, ListenerAction } from "./loadBalancer";
import { covers, dnsName } from "./tlsNames";

/** Listener protocols whose clients already speak TLS: `#{protocol}` keeps it. */
const TLS_PROTOCOLS = ["HTTPS", "TLS"];

/**
 * Why a redirect sends the client away from TLS or off the stack's names, or undefined. AWS fills
 * an unset protocol and host with `#{protocol}` and `#{host}`: the request's own, which keep TLS
 * only on a TLS listener and the name only as the client sent it. A literal host must be one the
 * stack's certificates cover: elsewhere the client (its cookies and tokens with it) goes to a
 * server the stack does not run.
 */
export function redirectProblem(action: ListenerAction, listenerProtocol: string | undefined, ownNames: string[]): string | undefined {
    const redirect = action.redirect ?? {};
    const protocol = String(redirect.protocol ?? "#{protocol}").toUpperCase();
    const keepsTls = protocol === "HTTPS" || (protocol === "#{PROTOCOL}" && TLS_PROTOCOLS.includes(String(listenerProtocol ?? "").toUpperCase()));
    if (!keepsTls) {
        return `redirects to ${protocol === "#{PROTOCOL}" ? `the request's own protocol (${listenerProtocol ?? "unknown"})` : protocol}, not HTTPS`;
    }
    const host = String(redirect.host ?? "#{host}");
    if (host === "#{host}") {
        return undefined;
    }
    if (host.includes("#{")) {
        return `redirects to host ${host}, built from the request: the client chooses where it is sent`;
    }
    return ownNames.some(n => covers(n, host)) ? undefined
        : `redirects to host ${dnsName(host)}, which no certificate of the stack covers (${ownNames.join(", ") || "none"}): clients are sent to a server the stack does not run`;
}

/** The names the stack's certificates hold: the names it serves under TLS. */
export function certificateNames(resources: PolicyResource[]): string[] {
    return ofType(resources, [CERTIFICATE]).flatMap(c => namesOf(c) ?? []);
}

export const albHttpListenerRules = stackPolicy({
    name: "alb-http-listener-rules-redirect",
    description: "Listener rules on a plain-HTTP listener only redirect to HTTPS, so no path is served without TLS; every redirect (any listener's rules and default actions) keeps HTTPS and stays on a name the stack's certificates cover.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "high",
        guideSection: GUIDE_ALB,
        fsbpControl: "ELB.1",
        remediationSteps: "Attach path rules to the HTTPS listener; the HTTP listener keeps only its redirect. A redirect sets protocol HTTPS (or keeps #{protocol} on an HTTPS listener) and host #{host} or a name of the stack's certificate.",
    },
    types: [...LISTENER, ...LISTENER_RULE],
    validate: (resources, report) => {
        const listeners = ofType(resources, LISTENER);
        const listenerOf = valueLinker(listeners, ["arn"]);
        const own = certificateNames(resources);
        const judge = (source: PolicyResource, label: string, actions: ListenerAction[], protocol: string | undefined) => {
            for (const a of actions.filter(x => x.type === "redirect")) {
                const problem = redirectProblem(a, protocol, own);
                if (problem) {
                    report(`${label} ${problem}.`, source.urn);
                }
            }
        };
        for (const listener of listeners) {
            // Unknown actions can't be judged until the update.
            judge(listener, `listener ${listener.name}'s default action`, knownDeep(() => listener.props.defaultActions as ListenerAction[], []) ?? [], knownString(listener, "protocol"));
        }
        for (const rule of ofType(resources, LISTENER_RULE)) {
            const actions = knownDeep(() => rule.props.actions as ListenerAction[], []) ?? [];
            const parents = listenerOf(rule, "listenerArn");
            const protocol = parents.length > 0 ? knownString(parents[0], "protocol") : undefined;
            if (protocol === "HTTP" && actions.some(a => a.type !== "redirect")) {
                report(`listener rule ${rule.name} on an HTTP listener does ${actions.map(a => a.type).join(", ")} instead of redirecting to HTTPS.`, rule.urn);
            }
            judge(rule, `listener rule ${rule.name}`, actions, protocol);
        }
    },
});
