import { PolicyResource, ReportViolation } from "@pulumi/policy";

import { stackPolicy } from "../lib/define";
import { parsePattern } from "../lib/eventPattern";
import { known, knownDeep, knownString, linker, ofType } from "../lib/stack";
import {
    BUDGET, COST_ANOMALY_SUBSCRIPTION, EVENT_RULE, EVENT_TARGET, METRIC_ALARM, SNS_TOPIC, SNS_TOPIC_SUBSCRIPTION,
} from "../lib/tokens";
import { EndpointTrust, endpointTrust, subscriptionEndpointProblem, SUBSCRIBER_DOMAINS_PROPERTY } from "../sns/endpoints";
import { alarmMessage, subscriptionProblem } from "../sns/subscribers";
import { GUIDE_ALARMS } from "./alarmActions";
import { checkRequiredRoutes, sampleEventsOf } from "./eventRoutes";
import { patternNeverMatches } from "./patternsMatch";


/** A place that hands signals to SNS: the property and, for lists of objects, how to read ARNs out of it. */
interface Sender {
    resource: PolicyResource;
    property: string;
    /** The SNS ARNs the property names (known values only). */
    arns: string[];
}

const isSnsArn = (v: unknown): v is string => typeof v === "string" && v.startsWith("arn:aws:sns:");

function strings(value: unknown): string[] {
    return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === "string");
}

/** Every alarm action, event target, cost-anomaly and budget subscriber of the stack that goes to SNS. */
function senders(resources: PolicyResource[]): Sender[] {
    const out: Sender[] = [];
    const add = (resource: PolicyResource, property: string, arns: string[], always = false) => {
        const sns = arns.filter(isSnsArn);
        if (sns.length > 0 || (always && (resource.propertyDependencies[property] ?? []).length > 0)) {
            out.push({ resource, property, arns: sns });
        }
    };
    for (const alarm of ofType(resources, METRIC_ALARM)) {
        for (const property of ["alarmActions", "okActions", "insufficientDataActions"]) {
            add(alarm, property, strings(knownDeep(() => alarm.props[property], [])));
        }
    }
    for (const target of ofType(resources, EVENT_TARGET)) {
        add(target, "arn", strings(known(() => target.props.arn)), true);
    }
    for (const sub of ofType(resources, COST_ANOMALY_SUBSCRIPTION)) {
        const subscribers = knownDeep(() => sub.props.subscribers, []) as Array<{ type?: string; address?: string }> | undefined;
        add(sub, "subscribers", (subscribers ?? []).filter((s) => s?.type === "SNS").map((s) => s.address ?? ""), true);
    }
    for (const budget of ofType(resources, BUDGET)) {
        const notifications = knownDeep(() => budget.props.notifications, []) as Array<{ subscriberSnsTopicArns?: string[] }> | undefined;
        add(budget, "notifications", (notifications ?? []).flatMap((n) => n?.subscriberSnsTopicArns ?? []));
    }
    return out;
}

/** The stack's topics a sender names: by property dependency, or by ARN. */
function topicsOf(sender: Sender, topics: PolicyResource[], byArn: Map<string, PolicyResource>, link: ReturnType<typeof linker>): { found: PolicyResource[]; foreign: string[] } {
    const viaDependencies = link(sender.resource, sender.property);
    const found = new Set(viaDependencies);
    const foreign: string[] = [];
    for (const arn of sender.arns) {
        const topic = byArn.get(arn);
        if (topic) {
            found.add(topic);
        } else if (viaDependencies.every((t) => knownString(t, "arn") !== undefined)) {
            // No dependency, or one on a topic whose known ARN is not this value (a typo'd or stale ARN).
            foreign.push(arn);
        }
    }
    return { found: [...found].filter((t) => topics.includes(t)), foreign };
}

/** Rules whose events go nowhere: disabled, or without a target on their bus. */
function checkRules(resources: PolicyResource[], report: ReportViolation): void {
    const targets = ofType(resources, EVENT_TARGET);
    const arns = resources.map((r) => knownString(r, "arn")).filter((a): a is string => a !== undefined);
    const ruleOf = linker(ofType(resources, EVENT_RULE), ["name", "arn"]);
    const targeted = new Set(targets.flatMap((t) => ruleOf(t, "rule")));
    for (const rule of ofType(resources, EVENT_RULE)) {
        const name = knownString(rule, "name") ?? rule.name;
        const state = known(() => rule.props.state);
        const enabled = known(() => rule.props.isEnabled);
        if (state === "DISABLED" || enabled === false) {
            report(`EventBridge rule ${name} is disabled: the events it matches reach no one. Enable it (state ENABLED) or delete it.`, rule.urn);
        }
        if (!targeted.has(rule)) {
            report(`EventBridge rule ${name} has no target in the stack: the events it matches reach no one. Add an EventTarget (the alarm topic).`, rule.urn);
        }
        for (const problem of patternNeverMatches(parsePattern(known(() => rule.props.eventPattern, "{}")), arns)) {
            report(`EventBridge rule ${name}'s eventPattern can never match what AWS sends: ${problem}. Name the event type and the stack's resource as AWS emits them.`, rule.urn);
        }
    }
}

/** What each topic receives that a subscription filter can be judged on: alarm notifications and the sample events of its rules. */
function messagesByTopic(resources: PolicyResource[], topics: PolicyResource[]): Map<PolicyResource, unknown[]> {
    const link = linker(topics, ["arn"]);
    const ruleOf = linker(ofType(resources, EVENT_RULE), ["name", "arn"]);
    const out = new Map<PolicyResource, unknown[]>();
    const add = (topic: PolicyResource, messages: unknown[]) => out.set(topic, [...(out.get(topic) ?? []), ...messages]);
    for (const alarm of ofType(resources, METRIC_ALARM)) {
        link(alarm, "alarmActions").forEach((t) => add(t, [alarmMessage(alarm)]));
    }
    for (const target of ofType(resources, EVENT_TARGET)) {
        const events = ruleOf(target, "rule").flatMap(rule => sampleEventsOf(rule, resources));
        link(target, "arn").forEach((t) => add(t, events));
    }
    return out;
}

/**
 * Topics that receive signals need a subscription that is confirmed, lets them through and goes to
 * the on-call people; every subscription of such a topic goes to them (a second one to an outside
 * host leaks every alarm and can acknowledge them). In every environment: dr's standby alarms
 * (replica lag) matter before a failover, not after.
 */
function checkSubscribers(resources: PolicyResource[], topics: PolicyResource[], receiving: Set<PolicyResource>, trust: EndpointTrust, report: ReportViolation): void {
    const topicOfSubscription = linker(topics, ["arn"]);
    const messages = messagesByTopic(resources, topics);
    const subscriptions = ofType(resources, SNS_TOPIC_SUBSCRIPTION);
    for (const topic of receiving) {
        const topicName = knownString(topic, "name") ?? topic.name;
        const own = subscriptions.filter((s) => topicOfSubscription(s, "topic").includes(topic));
        const problems = own.map((s) => {
            const endpoint = subscriptionEndpointProblem(s, trust);
            if (endpoint !== undefined) {
                report(`subscription ${s.name} of topic ${topicName}, which receives the stack's alarms, ${endpoint}.`, s.urn);
            }
            return [s, endpoint ?? subscriptionProblem(s, messages.get(topic) ?? [])] as const;
        });
        if (problems.some(([, p]) => p === undefined)) continue;
        const why = problems.map(([s, p]) => `subscription ${knownString(s, "endpoint") ?? s.name} ${p}`).join("; ");
        report(`topic ${topicName} receives the stack's alarms but ${own.length === 0 ? "has no subscription" : `no subscription delivers them (${why})`}: ` +
            "every alarm would reach no one. Subscribe the on-call address (expertconnect:monitoring.alarmEmails), confirm it, and keep its filter policy letting alarms through.", topic.urn);
    }
}

export const monitoringSignalsDelivered = stackPolicy<{ subscriberDomains: string[] }>({
    name: "cloudwatch-signals-delivered",
    description: "Alarms, EventBridge rules, cost-anomaly and budget alerts reach someone: they name a topic of this stack, whose subscriptions (at least one, confirmed, with a filter policy that lets them through) all go to the on-call people: e-mail or https in the organization's domains (those of the stack's DNS names, and subscriberDomains), SMS, or a queue or function of the stack, never plain http (an https endpoint AWS runs, such as AWS Chatbot's, is fine); rules are enabled, have a target and a pattern that can match (detail-types their sources emit, the stack's own ARNs), and the signals the guide depends on, as AWS emits them on the default bus for the stack's own resources — GuardDuty HIGH findings, failed backup and restore jobs, failed rotations of the stack's secrets, failed deployments of its ECS services, Inspector2 HIGH and CRITICAL findings on its images — are routed to a topic, with their source switched on (ENHANCED registry scanning covering every repository).",
    enforcementLevel: "mandatory",
    environments: ["prod", "dr"],
    metadata: {
        severity: "high",
        guideSection: GUIDE_ALARMS,
        remediationSteps: "Point alarm actions, event targets and cost alerts at the stack's expertconnect-alarms topic (alarmTopic.arn), keep at least one confirmed subscription on it (expertconnect:monitoring.alarmEmails, addresses of the organization), subscribe nothing else outside the organization, and keep every EventBridge rule enabled with a target.",
    },
    config: {
        subscriberDomains: SUBSCRIBER_DOMAINS_PROPERTY,
    },
    validate: (resources, report, { config }) => {
        const topics = ofType(resources, SNS_TOPIC);
        const byArn = new Map<string, PolicyResource>();
        for (const t of topics) {
            const arn = knownString(t, "arn");
            if (arn) byArn.set(arn, t);
        }
        const link = linker(topics, ["arn"]);
        const receiving = new Set<PolicyResource>();
        for (const sender of senders(resources)) {
            const { found, foreign } = topicsOf(sender, topics, byArn, link);
            found.forEach((t) => receiving.add(t));
            for (const arn of foreign) {
                report(`${sender.resource.name}.${sender.property} sends to ${arn}, which is no topic of this stack: no one the stack knows receives it.`, sender.resource.urn);
            }
        }

        checkSubscribers(resources, topics, receiving, endpointTrust(resources, config.subscriberDomains), report);
        checkRules(resources, report);
        checkRequiredRoutes(resources, topics, report);
    },
});
