/**
 * Which of the stack's spend its cost anomaly monitors watch. A monitor only evaluates the spend
 * in its scope (Cost Anomaly Detection, "Monitor types"): a DIMENSIONAL monitor on SERVICE tracks
 * every service the account bills, each on its own (a new service is picked up as it starts to
 * cost); on LINKED_ACCOUNT it tracks each account's whole spend. A CUSTOM monitor tracks, in
 * aggregate, the spend its MonitorSpecification (a Cost Explorer Expression) selects: a monitor
 * of EC2 compute alone never sees a NAT, RDS, Fargate or CloudWatch Logs spike.
 */
import { PolicyResource } from "@pulumi/policy";

import { known, knownDeep, knownString, regionOf } from "../lib/stack";

/**
 * The Cost Explorer SERVICE under which the stack's main billed resources are charged: where a
 * runaway bill (scaling, data processed, log ingestion, requests) shows. Fargate tasks bill under
 * ECS, NAT gateways' hours and data under "EC2 - Other".
 */
const BILLED_SERVICES: ReadonlyArray<{ types: string[]; service: string }> = [
    { types: ["aws:ecs/service:Service"], service: "Amazon Elastic Container Service" },
    { types: ["aws:rds/instance:Instance", "aws:rds/cluster:Cluster"], service: "Amazon Relational Database Service" },
    { types: ["aws:elasticache/replicationGroup:ReplicationGroup", "aws:elasticache/cluster:Cluster"], service: "Amazon ElastiCache" },
    { types: ["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"], service: "Amazon Elastic Load Balancing" },
    { types: ["aws:ec2/natGateway:NatGateway"], service: "EC2 - Other" },
    { types: ["aws:ec2/instance:Instance"], service: "Amazon Elastic Compute Cloud - Compute" },
    { types: ["aws:cloudwatch/logGroup:LogGroup"], service: "AmazonCloudWatch" },
    { types: ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"], service: "Amazon Simple Storage Service" },
    { types: ["aws:wafv2/webAcl:WebAcl"], service: "AWS WAF" },
    { types: ["aws:lambda/function:Function"], service: "AWS Lambda" },
];

/** One billed resource as a cost line Cost Explorer filters: its service, tags, region and account. */
interface CostLine {
    resource: PolicyResource;
    service: string;
    /** Undefined while unknown. */
    tags: Record<string, unknown> | undefined;
    region: string | undefined;
}

interface Selector { Key?: string; Values?: string[]; MatchOptions?: string[] }
interface Expression { And?: Expression[]; Or?: Expression[]; Not?: Expression; Dimensions?: Selector; Tags?: Selector; CostCategories?: Selector }

/** Whether a selector's value matches, as Cost Explorer compares them; undefined when this cannot tell. */
function matches(selector: Selector, value: string | undefined, absent: boolean): boolean | undefined {
    const options = selector.MatchOptions ?? ["EQUALS"];
    if (options.includes("ABSENT")) return absent;
    if (value === undefined) return absent ? false : undefined;
    const values = selector.Values ?? [];
    const fold = !options.includes("CASE_SENSITIVE");
    const v = fold ? value.toLowerCase() : value;
    return values.some(x => {
        const w = fold ? x.toLowerCase() : x;
        return options.includes("STARTS_WITH") ? v.startsWith(w) : options.includes("ENDS_WITH") ? v.endsWith(w) : options.includes("CONTAINS") ? v.includes(w) : v === w;
    });
}

/** Three-valued evaluation of an Expression on one cost line: undefined when it depends on what this cannot read (cost categories, unknown tags). */
function selects(e: Expression, line: CostLine, account: string | undefined): boolean | undefined {
    const all = (parts: Array<boolean | undefined>, stop: boolean): boolean | undefined =>
        (parts.includes(stop) ? stop : parts.includes(undefined) ? undefined : !stop);
    if (e.And) return all(e.And.map(x => selects(x, line, account)), false);
    if (e.Or) return all(e.Or.map(x => selects(x, line, account)), true);
    if (e.Not) {
        const inner = selects(e.Not, line, account);
        return inner === undefined ? undefined : !inner;
    }
    if (e.Dimensions) {
        const value = { SERVICE: line.service, REGION: line.region, LINKED_ACCOUNT: account }[e.Dimensions.Key ?? ""];
        return value === undefined ? undefined : matches(e.Dimensions, value, false);
    }
    if (e.Tags) {
        if (line.tags === undefined) return undefined;
        const tag = line.tags[e.Tags.Key ?? ""];
        return matches(e.Tags, typeof tag === "string" ? tag : undefined, tag === undefined);
    }
    return undefined;
}

/** The stack's billed resources as cost lines. */
function costLines(resources: PolicyResource[]): CostLine[] {
    return BILLED_SERVICES.flatMap(({ types, service }) => resources.filter(r => types.includes(r.type)).map(resource => {
        const own = knownDeep(() => resource.props.tags, "unknown") as Record<string, unknown> | undefined | "unknown";
        const all = knownDeep(() => resource.props.tagsAll, "unknown") as Record<string, unknown> | undefined | "unknown";
        const tags = own === "unknown" || all === "unknown" ? undefined : { ...(all ?? {}), ...(own ?? {}) };
        return { resource, service, tags, region: regionOf(resource) };
    }));
}

/** Whether a monitor watches a line: every line for a DIMENSIONAL SERVICE or LINKED_ACCOUNT monitor, else what a CUSTOM monitor's specification selects. */
function watches(monitor: PolicyResource, line: CostLine, account: string | undefined): boolean | undefined {
    const type = knownString(monitor, "monitorType");
    const dimension = knownString(monitor, "monitorDimension");
    if (type === undefined) return undefined;
    if (type === "DIMENSIONAL") {
        // TAG and COST_CATEGORY monitors track values of a key this does not resolve: not judged.
        return dimension === "SERVICE" || dimension === "LINKED_ACCOUNT" ? true : undefined;
    }
    const text = known(() => monitor.props.monitorSpecification);
    if (typeof text !== "string") return undefined;
    try {
        return selects(JSON.parse(text) as Expression, line, account);
    } catch {
        return false; // AWS refuses a specification that is not JSON: the monitor watches nothing.
    }
}

/**
 * The billed services of the stack no monitor of `monitors` watches (each with the resources it
 * bills for); a line some monitor may watch (unknown inputs) is not counted as left out.
 */
export function unwatchedServices(monitors: PolicyResource[], resources: PolicyResource[], account: string | undefined): Map<string, PolicyResource[]> {
    const out = new Map<string, PolicyResource[]>();
    for (const line of costLines(resources)) {
        if (monitors.every(m => watches(m, line, account) === false)) {
            out.set(line.service, [...(out.get(line.service) ?? []), line.resource]);
        }
    }
    return out;
}
