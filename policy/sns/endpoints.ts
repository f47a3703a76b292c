import { PolicyResource } from "@pulumi/policy";

import { known, knownDeep, knownString, ofType } from "../lib/stack";

/** The resource types whose names are DNS names the stack owns (in its own hosted zone, or on its certificate). */
const DNS_NAMED: ReadonlyArray<{ types: readonly string[]; properties: readonly string[] }> = [
    { types: ["aws:acm/certificate:Certificate"], properties: ["domainName", "subjectAlternativeNames"] },
    { types: ["aws:route53/record:Record"], properties: ["name"] },
    { types: ["aws:route53/zone:Zone"], properties: ["name"] },
];

/**
 * Second-level labels under which registries sell names (`company.co.uk`): the organization's
 * domain is then three labels long, not two. Enough for the common country registries; an
 * organization elsewhere lists its domain in subscriberDomains.
 */
const SECOND_LEVEL_SUFFIXES = new Set(["co", "com", "net", "org", "gov", "ac", "edu", "ne", "or"]);

/** The organization's domain of a DNS name: its last two labels (three under a country's co./com./…). */
export function organizationDomain(name: string): string | undefined {
    const labels = name.toLowerCase().replace(/\.$/, "").split(".").filter((l) => l !== "" && l !== "*");
    if (labels.length < 2) return undefined;
    const tld = labels[labels.length - 1];
    const second = labels[labels.length - 2];
    const size = tld.length === 2 && SECOND_LEVEL_SUFFIXES.has(second) ? 3 : 2;
    return labels.length < size ? undefined : labels.slice(-size).join(".");
}

/** Whether `host` is `domain` or one of its subdomains. */
export function inDomain(host: string, domain: string): boolean {
    const h = host.toLowerCase().replace(/\.$/, "");
    const d = domain.toLowerCase().replace(/^\.|\.$/g, "");
    return h === d || h.endsWith(`.${d}`);
}

/**
 * The organization domains of the DNS names the stack owns (its certificates, its records and
 * zones): addresses and hosts under them belong to the organization that runs the stack.
 */
export function stackDomains(resources: PolicyResource[]): string[] {
    const out = new Set<string>();
    for (const { types, properties } of DNS_NAMED) {
        for (const r of ofType(resources, types)) {
            for (const p of properties) {
                const v = knownDeep(() => r.props[p]);
                for (const name of Array.isArray(v) ? v : [v]) {
                    const domain = typeof name === "string" ? organizationDomain(name) : undefined;
                    if (domain) out.add(domain);
                }
            }
        }
    }
    return [...out];
}

/**
 * The external services the stack may send to, stated once: the `subscriberDomains` property of
 * every policy that judges where data or alarms go (alarm subscriptions, delivery streams, API
 * destinations). Hosts and mailboxes under these domains, besides the organization's own, are
 * services the operators chose.
 */
export const SUBSCRIBER_DOMAINS_PROPERTY = {
    type: "array",
    items: { type: "string", pattern: "^[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+$" },
    uniqueItems: true,
    default: ["pagerduty.com", "opsgenie.com"],
    description: "Domains, besides the organization's (those of the stack's certificates, records and zones), of the external services the stack may send to: mailboxes and https hosts subscribed to the alarm topic, " +
        "delivery streams' and EventBridge API destinations' endpoints (default pagerduty.com, opsgenie.com: the paging services the on-call people use).",
} as const;

/** Who may receive what an alarm topic publishes. */
export interface EndpointTrust {
    /** Domains whose mailboxes and https hosts may receive it (the stack's and the configured ones). */
    domains: string[];
    /** The stack's accounts (those of its ARNs), whose queues, functions and streams a subscription may deliver to. */
    accounts: Set<string>;
}

/**
 * Labels of the AWS DNS zones under which customers' own resources get host names (a bucket, an
 * API Gateway stage, a load balancer, an instance, a database, a search domain, an interface
 * endpoint, an IoT endpoint): such a host is whoever owns the resource, not AWS.
 */
const CUSTOMER_HOST_ZONES = /^(?:s3|s3-.*|execute-api|elb|compute|compute-1|rds|cache|es|aoss|vpce|appsync-api|iot|kafka|mq|redshift|redshift-serverless|docdb|neptune|emr|sagemaker|server|transfer|mediastore|mediapackage|grafana-workspace|dax|dax-clusters|lambda-url|vpc-lattice-svcs|elasticbeanstalk)$/;

/**
 * Whether a host is an endpoint AWS itself runs (a service's relay, such as AWS Chatbot's SNS
 * intake), by its structure: under amazonaws.com (or .amazonaws.com.cn, api.aws), with no label
 * of a zone that names customers' resources and no account id among its labels (what a
 * customer-addressed endpoint carries). Delivery there goes to the AWS service, which routes it
 * by the subscription's own configuration in the account.
 */
export function awsServiceHost(host: string): boolean {
    const labels = host.toLowerCase().replace(/\.$/, "").split(".");
    const root = labels.slice(-2).join(".") === "amazonaws.com" ? 2 : labels.slice(-3).join(".") === "amazonaws.com.cn" ? 3 : labels.slice(-2).join(".") === "api.aws" ? 2 : 0;
    if (root === 0 || labels.length <= root + 1) return false;
    return labels.slice(0, -root).every((l) => !CUSTOMER_HOST_ZONES.test(l) && !/^\d{12}$/.test(l));
}

/** SNS protocols whose endpoint is an AWS resource's ARN. */
const ARN_PROTOCOLS = new Set(["sqs", "lambda", "firehose", "application"]);

/**
 * Why a subscription's endpoint is not one the stack's on-call people read, or undefined when it
 * is (or is not known yet). Plain http sends alarm contents unencrypted to whoever answers on the
 * path; a mailbox or https host outside the organization's domains is someone else's (a personal
 * address, an unknown relay); a queue or function of another account is read by no one the stack
 * knows (the account's own ticketing queue or notifier function is fine). An https endpoint AWS
 * itself runs (a service's relay, see awsServiceHost) is fine. SMS goes to a phone number, which carries no domain to judge.
 */
export function endpointProblem(protocol: unknown, endpoint: unknown, trust: EndpointTrust): string | undefined {
    if (typeof protocol !== "string" || typeof endpoint !== "string" || endpoint === "") return undefined;
    const p = protocol.toLowerCase();
    if (p === "http") {
        return `delivers over plain http to ${endpoint}: alarm contents travel unencrypted to whoever answers there. Use https to a host of the organization, or the on-call e-mail`;
    }
    const outside = (host: string, what: string) => trust.domains.length > 0 && !trust.domains.some((d) => inDomain(host, d))
        ? `delivers to ${what} ${host}, outside the organization's domains (${trust.domains.join(", ")}): someone other than the on-call people receives the alarms and acknowledges them. ` +
          "Subscribe an address of expertconnect:monitoring.alarmEmails (or list a paging service's domain in subscriberDomains)"
        : undefined;
    if (p === "email" || p === "email-json") {
        const at = endpoint.lastIndexOf("@");
        return at < 0 ? `has the e-mail endpoint ${endpoint}, which is no address` : outside(endpoint.slice(at + 1), "the mailbox of");
    }
    if (p === "https") {
        let host: string;
        try {
            host = new URL(endpoint).hostname;
        } catch {
            return `has the https endpoint ${endpoint}, which is no URL`;
        }
        return awsServiceHost(host) ? undefined : outside(host, "the host");
    }
    if (ARN_PROTOCOLS.has(p)) {
        const account = endpoint.split(":")[4];
        return trust.accounts.size === 0 || trust.accounts.has(account) ? undefined
            : `delivers to ${endpoint}, a ${p} endpoint outside the stack's account: no one the stack knows reads it. Subscribe a queue or function of the account, or the on-call e-mail`;
    }
    if (p === "sms") return undefined;
    return `uses the protocol ${protocol}, which SNS does not deliver with`;
}

/**
 * The trust the stack's resources give, plus the configured domains. A stack without DNS names
 * of its own (no dns config) says nothing about the organization's domain: its mailboxes and
 * hosts are then not judged (plain http and foreign queues still are).
 */
export function endpointTrust(resources: PolicyResource[], configured: string[]): EndpointTrust {
    const accounts = new Set<string>();
    for (const r of resources) {
        const arn = known(() => r.props.arn);
        const account = typeof arn === "string" ? arn.split(":")[4] : undefined;
        if (account) accounts.add(account);
    }
    const own = stackDomains(resources);
    return { domains: own.length === 0 ? [] : [...new Set([...own, ...configured.map((d) => d.toLowerCase())])], accounts };
}

/** The problem of one subscription resource's endpoint (see endpointProblem). */
export function subscriptionEndpointProblem(sub: PolicyResource, trust: EndpointTrust): string | undefined {
    return endpointProblem(known(() => sub.props.protocol), knownString(sub, "endpoint"), trust);
}
