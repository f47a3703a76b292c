/**
 * Where a resource sends data that is not written as an account-bearing ARN: a URL (a delivery
 * stream's HTTP endpoint, an EventBridge API destination, a connection's OAuth endpoint), an IP
 * address (a Route 53 Resolver forwarding rule's targets), or a rule another account shares (a
 * resolver rule association). ARNs and bucket names are judged by ownership-references' own
 * reference walk; these destinations carry no account, so they are resolved here by what they
 * point at: a host of the organization's domains, a configured external service or AWS itself; an
 * address inside the stack's VPCs; a rule of the stack.
 */
import { PolicyResource } from "@pulumi/policy";

import { Arn } from "../lib/iam/arn";
import { knownDeep, knownString, ofType } from "../lib/stack";
import { VPC } from "../lib/tokens";
import { awsServiceHost, inDomain } from "../sns/endpoints";
import { inCidr } from "../waf/traffic";

/**
 * JSON text, by type, that is no IAM document but names where data goes: an account-wide log
 * subscription policy's `DestinationArn` (every log group of the account streams there).
 */
export const TYPE_JSON_PROPERTIES: Readonly<Record<string, readonly string[]>> = {
    "aws:cloudwatch/logAccountPolicy:LogAccountPolicy": ["policyDocument"],
    "aws:cloudwatch/logDataProtectionPolicy:LogDataProtectionPolicy": ["policyDocument"],
};

/**
 * Keys, by type, that must name one of the stack's resources like MUST_RESOLVE's: an event
 * target (an API destination, stream or function outside the stack sends the events wherever its
 * owner points it) and the role an RDS instance uses for S3 import and export (its permissions
 * decide which buckets the database writes to, and only the stack's roles are judged); the same
 * for a pipe's and a schedule's target, a delivery stream's search domain, a function's
 * asynchronous-invocation destinations, a bucket's notified functions and a topic's subscribed
 * endpoints (functions, streams; URLs are judged by host below).
 */
export const TYPE_MUST_RESOLVE: Readonly<Record<string, readonly string[]>> = {
    "aws:cloudwatch/eventTarget:EventTarget": ["arn"],
    "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig": ["destinationConfig.onSuccess.destination", "destinationConfig.onFailure.destination"],
    "aws:s3/bucketNotification:BucketNotification": ["lambdaFunctions[].lambdaFunctionArn"],
    "aws:sns/topicSubscription:TopicSubscription": ["endpoint"],
    "aws:pipes/pipe:Pipe": ["target"],
    "aws:scheduler/schedule:Schedule": ["target.arn"],
    "aws:rds/roleAssociation:RoleAssociation": ["roleArn"],
    "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream": ["elasticsearchConfiguration.domainArn", "opensearchConfiguration.domainArn"],
};

/**
 * The bucket an S3 bucket or object ARN names (`arn:aws:s3:::bucket/key`); undefined for other
 * ARNs and for S3 ARNs that carry an account (access points, which the account check judges).
 */
export function bucketOfArn(arn: Arn): string | undefined {
    return arn.service === "s3" && arn.account === "" && arn.region === "" ? arn.resource.split("/")[0] : undefined;
}

/**
 * Targets of the account that keep what they receive inside it, for the TYPE_MUST_RESOLVE keys:
 * a log group or a queue forwards nothing by itself, and a function of the account (a Slack
 * notifier, a remediation function) runs under a role of the account, judged by the pack where
 * that function is deployed. An API destination, a stream or another bus carries data further,
 * so one of those outside the stack is refused.
 */
export function retainsInAccount(arn: Arn): boolean {
    return (arn.service === "logs" && arn.resource.startsWith("log-group:")) || arn.service === "sqs" || (arn.service === "lambda" && arn.resource.startsWith("function:"));
}

/** Properties (dotted paths, `[]` for list items) holding a URL the resource sends data to. */
export const SINK_URLS: Readonly<Record<string, readonly string[]>> = {
    "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream": ["httpEndpointConfiguration.url", "splunkConfiguration.hecEndpoint", "snowflakeConfiguration.accountUrl"],
    "aws:cloudwatch/eventApiDestination:EventApiDestination": ["invocationEndpoint"],
    "aws:cloudwatch/eventConnection:EventConnection": ["authParameters.oauth.authorizationEndpoint"],
};

const TOPIC_SUBSCRIPTION = "aws:sns/topicSubscription:TopicSubscription";

/**
 * A topic subscription's endpoint when it is a URL or a mailbox (any topic: what a topic fed by
 * the stack's events or notifications publishes leaves with it); ARN endpoints are judged by
 * their account in the reference walk, SMS carries no domain.
 */
function subscriptionSink(r: PolicyResource, domains: readonly string[]): SinkFinding | undefined {
    const protocol = String(knownString(r, "protocol") ?? "").toLowerCase();
    const endpoint = knownString(r, "endpoint");
    if (endpoint === undefined) return undefined;
    const mailbox = protocol === "email" || protocol === "email-json";
    if (!mailbox && protocol !== "http" && protocol !== "https") return undefined;
    const why = urlProblem(mailbox ? `mailto://${endpoint.slice(endpoint.lastIndexOf("@") + 1)}` : endpoint, domains);
    return why ? { resource: r, path: "endpoint", value: endpoint, why } : undefined;
}

/** Properties holding IP addresses the resource sends queries to. */
export const SINK_ADDRESSES: Readonly<Record<string, readonly string[]>> = {
    "aws:route53/resolverRule:ResolverRule": ["targetIps[].ip", "targetIps[].ipv6"],
};

const RESOLVER_RULE = "aws:route53/resolverRule:ResolverRule";
const RESOLVER_RULE_ASSOCIATION = "aws:route53/resolverRuleAssociation:ResolverRuleAssociation";
const VPC_CIDR_ASSOCIATION = "aws:ec2/vpcIpv4CidrBlockAssociation:VpcIpv4CidrBlockAssociation";

/** A destination that does not resolve to the stack, an AWS endpoint or a configured service. */
export interface SinkFinding {
    resource: PolicyResource;
    path: string;
    value: string;
    why: string;
}

/** The known string values at a dotted path (`a.b[].c`). */
export function valuesAt(value: unknown, path: string): string[] {
    const [head, ...rest] = path.split(".");
    const list = head.endsWith("[]");
    const key = list ? head.slice(0, -2) : head;
    const next = typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined;
    const items = list ? (Array.isArray(next) ? next : []) : [next];
    return items.flatMap(v => rest.length === 0 ? (typeof v === "string" && v !== "" ? [v] : []) : valuesAt(v, rest.join(".")));
}

/** The host a destination URL (or bare host, as Splunk's HEC endpoint may be given) names. */
export function hostOf(value: string): string | undefined {
    try {
        return new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `https://${value}`).hostname.toLowerCase();
    } catch {
        return undefined;
    }
}

/**
 * Why data sent to `url` leaves for someone the stack does not know, or undefined when the host
 * is AWS's own service endpoint (by structure, see awsServiceHost) or lies in one of `domains`
 * (the organization's and the configured external services').
 */
export function urlProblem(url: string, domains: readonly string[]): string | undefined {
    const host = hostOf(url);
    if (host === undefined) {
        return "is no URL";
    }
    if (awsServiceHost(host) || domains.some(d => inDomain(host, d))) {
        return undefined;
    }
    return `sends to host ${host}, which is neither the organization's (${domains.join(", ") || "no domain known"}) nor an external service listed in subscriberDomains: whoever runs it receives the data`;
}

/** Why an address the stack forwards to is outside it, or undefined when one of the stack's VPC blocks holds it. */
export function addressProblem(ip: string, cidrs: readonly string[]): string | undefined {
    return cidrs.some(c => inCidr(ip, c)) ? undefined
        : `forwards to ${ip}, outside the stack's VPC address blocks (${cidrs.join(", ") || "none known"}): every query it matches (names of internal hosts, and whatever a resolver on that address answers) goes to whoever holds it`;
}

/** The stack's VPC address blocks (primary and associated, IPv4 and IPv6). */
export function vpcBlocks(resources: PolicyResource[]): string[] {
    const out: string[] = [];
    for (const r of [...ofType(resources, VPC), ...ofType(resources, [VPC_CIDR_ASSOCIATION])]) {
        for (const key of ["cidrBlock", "ipv6CidrBlock"]) {
            const v = knownString(r, key);
            if (v) out.push(v);
        }
    }
    return out;
}

/**
 * The stack's resources that send to a URL or an address outside it, and the resolver rules it
 * associates without holding them (a rule shared from another account forwards wherever that
 * account says).
 */
export function foreignSinks(resources: PolicyResource[], domains: readonly string[]): SinkFinding[] {
    const out: SinkFinding[] = [];
    const cidrs = vpcBlocks(resources);
    for (const r of resources) {
        const subscription = r.type === TOPIC_SUBSCRIPTION ? subscriptionSink(r, domains) : undefined;
        if (subscription) out.push(subscription);
        const urls = SINK_URLS[r.type] ?? [];
        const addresses = SINK_ADDRESSES[r.type] ?? [];
        if (urls.length + addresses.length === 0) continue;
        const props = knownDeep(() => ({ ...r.props }), {}) as Record<string, unknown>;
        for (const path of urls) {
            valuesAt(props, path).forEach(value => {
                const why = urlProblem(value, domains);
                if (why) out.push({ resource: r, path, value, why });
            });
        }
        for (const path of addresses) {
            valuesAt(props, path).forEach(value => {
                const why = addressProblem(value, cidrs);
                if (why) out.push({ resource: r, path, value, why });
            });
        }
    }
    const rules = new Set(ofType(resources, [RESOLVER_RULE]).flatMap(r => [knownString(r, "id"), knownString(r, "arn")]).filter((v): v is string => !!v));
    for (const a of ofType(resources, [RESOLVER_RULE_ASSOCIATION])) {
        const id = knownString(a, "resolverRuleId");
        if (id !== undefined && !rules.has(id)) {
            out.push({ resource: a, path: "resolverRuleId", value: id, why: "is no resolver rule of this stack: the VPC's queries would be forwarded wherever that rule (possibly shared by another account) says" });
        }
    }
    return out;
}
