import { PolicyResource, ReportViolation } from "@pulumi/policy";

import { stackPolicy } from "../lib/define";
import { parsePattern } from "../lib/eventPattern";
import { isManaged, known, knownDeep, knownString, linker, ofType, stackRegion } from "../lib/stack";
import {
    BUDGET, COST_ANOMALY_SUBSCRIPTION, EVENT_RULE, EVENT_TARGET, METRIC_ALARM, SNS_TOPIC, SNS_TOPIC_SUBSCRIPTION,
} from "../lib/tokens";
import { EndpointTrust, endpointTrust, subscriptionEndpointProblem, SUBSCRIBER_DOMAINS_PROPERTY } from "../sns/endpoints";
import { filterAccepts, messagesByTopic, reactsToEvents, ruleEvents, targetInputProblem, TopicMessage } from "../sns/messages";
import { deliversToPerson, subscriptionProblem } from "../sns/subscribers";
import { stackAccount } from "../lib/account";
import { GUIDE_ALARMS } from "./alarmActions";
import { checkRequiredRoutes } from "./eventRoutes";
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
    const arns = resources.filter(isManaged).map((r) => knownString(r, "arn")).filter((a): a is string => a !== undefined);
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
        if (problems.some(([, p]) => p === undefined)) {
            checkContent(topicName, topic, problems.filter(([s, p]) => p === undefined && deliversToPerson(s)).map(([s]) => s), messages.get(topic) ?? [], report);
            continue;
        }
        const why = problems.map(([s, p]) => `subscription ${knownString(s, "endpoint") ?? s.name} ${p}`).join("; ");
        report(`topic ${topicName} receives the stack's alarms but ${own.length === 0 ? "has no subscription" : `no subscription delivers them (${why})`}: ` +
            "every alarm would reach no one. Subscribe the on-call address (expertconnect:monitoring.alarmEmails), confirm it, and keep its filter policy letting alarms through.", topic.urn);
    }
}

/** A message in short for reports: its JSON (cut), or its text. */
const excerpt = (body: unknown) => {
    const text = typeof body === "string" ? body : JSON.stringify(body) ?? "";
    return text.length > 160 ? `${text.slice(0, 160)}…` : text;
};

/**
 * Every kind of signal a topic receives reaches a person: among the topic's confirmed subscriptions
 * to people (mail, SMS, push, a pager's hook), some filter policy must let it through, judged
 * against the message as its service publishes it (policy/sns/messages.ts). One person's
 * subscription may take a subset (an SMS pager for ALARM transitions) while another takes the rest.
 */
function checkContent(topicName: string, topic: PolicyResource, people: PolicyResource[], messages: TopicMessage[], report: ReportViolation): void {
    if (people.length === 0) return;
    const dropped = new Map<string, TopicMessage>();
    for (const m of messages) {
        if (m.shape.signal && !dropped.has(m.what) && !people.some(s => filterAccepts(s, m))) dropped.set(m.what, m);
    }
    if (dropped.size === 0) return;
    const filtered = people.filter(s => known(() => s.props.filterPolicy, undefined));
    const filters = filtered.map(s => `${knownString(s, "endpoint") ?? s.name} (scope ${known(() => s.props.filterPolicyScope, "MessageBody") ?? "MessageAttributes"}: ${known(() => s.props.filterPolicy)})`).join("; ");
    const examples = [...dropped.values()].slice(0, 3).map(m => `${m.what}, whose message reads ${excerpt(m.body)}`).join("; ");
    const whats = [...dropped.keys()];
    const listed = whats.length > 6 ? `${whats.slice(0, 6).join(", ")} and ${whats.length - 6} more` : whats.join(", ");
    report(`topic ${topicName} receives ${listed}, but the filter policy of every subscription to a person drops ${dropped.size === 1 ? "it" : "them"} (${filters}): ` +
        `${examples}. Write the filter against every publisher's message (alarm JSON, EventBridge events as their rules send them, budget text, anomaly JSON), or keep one person's subscription unfiltered.`,
        filtered.length === 1 ? filtered[0].urn : topic.urn);
}

/** Event targets to the stack's topics forward the event, or a transformation that still says which event happened. */
function checkTargetInputs(resources: PolicyResource[], topics: PolicyResource[], report: ReportViolation): void {
    const topicOf = linker(topics, ["arn"]);
    const ruleOf = linker(ofType(resources, EVENT_RULE), ["name", "arn"]);
    const cx = { resources, region: stackRegion(resources), account: stackAccount(resources) };
    for (const target of ofType(resources, EVENT_TARGET)) {
        const to = topicOf(target, "arn");
        if (to.length === 0) continue;
        const rules = ruleOf(target, "rule").filter(reactsToEvents);
        if (rules.length === 0) continue;
        const problem = targetInputProblem(target, rules.flatMap(r => ruleEvents(r, cx)));
        if (problem === undefined) continue;
        const rule = knownString(rules[0], "name") ?? rules[0].name;
        report(`event target ${target.name} of rule ${rule} to topic ${knownString(to[0], "name") ?? to[0].name} ${problem}. ` +
            "Send the event itself (no input settings), or an input transformer whose template carries the event's detail-type, detail and resources.", target.urn);
    }
}

export const monitoringSignalsDelivered = stackPolicy<{ subscriberDomains: string[] }>({
    name: "cloudwatch-signals-delivered",
    description: "Alarms, EventBridge rules, cost-anomaly and budget alerts reach someone: they name a topic of this stack, whose subscriptions (at least one, confirmed, with a filter policy that lets them through) all go to the on-call people: e-mail or https in the organization's domains (those of the stack's DNS names, and subscriberDomains), SMS, or a queue or function of the stack, never plain http (an https endpoint AWS runs, such as AWS Chatbot's, is fine); rules are enabled, have a target and a pattern that can match (detail-types their sources emit, the stack's own ARNs), and the signals the guide depends on, as AWS emits them on the default bus for the stack's own resources — GuardDuty HIGH findings, failed backup and restore jobs, failed rotations of the stack's secrets, failed deployments of its ECS services, Inspector2 HIGH and CRITICAL findings on its images — are routed to a topic, with their source switched on (ENHANCED registry scanning covering every repository). Every kind of message a topic receives (alarm JSON, EventBridge events as their targets send them, budget text, anomaly and RDS JSON, S3 records) passes the filter policy of some subscription to a person, judged as SNS evaluates it; event targets to a topic forward the event, or a transformation that keeps its detail or resources, never a constant.",
    enforcementLevel: "mandatory",
    environments: ["prod", "dr"],
    metadata: {
        severity: "high",
        guideSection: GUIDE_ALARMS,
        remediationSteps: "Point alarm actions, event targets and cost alerts at the stack's expertconnect-alarms topic (alarmTopic.arn), keep at least one confirmed subscription on it (expertconnect:monitoring.alarmEmails, addresses of the organization), subscribe nothing else outside the organization, keep every EventBridge rule enabled with a target, write a person's filter policy against every publisher's message (or keep one person's subscription unfiltered), and let event targets to the topic send the event (or a template of its detail-type, detail and resources).",
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
        checkTargetInputs(resources, topics, report);
        checkRequiredRoutes(resources, topics, report);
    },
});
