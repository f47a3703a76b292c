import { PolicyResource } from "@pulumi/policy";

import { known } from "../lib/stack";
import { filterAccepts, TopicMessage } from "./messages";

/**
 * Why a subscription delivers none of `messages` (what the topic receives, policy/sns/messages.ts),
 * or undefined when it delivers some of them, or its settings are not known yet: it is still
 * pending confirmation (SNS sends nothing until the endpoint confirms), or its filter policy drops
 * them all.
 */
export function subscriptionProblem(sub: PolicyResource, messages: TopicMessage[]): string | undefined {
    if (known(() => sub.props.endpoint, "?") === "") return "has no endpoint";
    if (known(() => sub.props.pendingConfirmation, false) === true) {
        return "is pending confirmation (its endpoint never confirmed it, so SNS delivers nothing to it)";
    }
    if (messages.length === 0 || messages.some(m => filterAccepts(sub, m))) return undefined;
    const scope = known(() => sub.props.filterPolicyScope, "MessageBody") ?? "MessageAttributes";
    return `has a filter policy (scope ${scope}) that drops every alarm and event the topic receives`;
}

/**
 * SNS protocols that put a message in front of a person: mail, text messages, mobile push and web
 * hooks (a pager's or a chat service's intake). Queues, functions and streams feed programs, whose
 * filters may route by content.
 */
const PERSON_PROTOCOLS = new Set(["email", "email-json", "sms", "http", "https", "application"]);

/** Whether a subscription delivers to a person (by its protocol; unknown counts as not). */
export function deliversToPerson(sub: PolicyResource): boolean {
    const protocol = known(() => sub.props.protocol, undefined);
    return typeof protocol === "string" && PERSON_PROTOCOLS.has(protocol.toLowerCase());
}
