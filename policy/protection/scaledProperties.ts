/**
 * Deploys leave what an autoscaler owns: each resource an Application Auto Scaling target scales
 * ignores the property its dimension sets (policy/lib/facts/scaledProperties.ts), and an EC2 Auto
 * Scaling group a scaling policy drives ignores its desired capacity. Otherwise every `pulumi up`
 * sends the program's count back, at peak too.
 */
import { PolicyResource } from "@pulumi/policy";

import { stackPolicy } from "../lib/define";
import { SCALED_PROPERTIES, ScaledProperty } from "../lib/facts/scaledProperties";
import { knownString, ofType } from "../lib/stack";

const TARGET = "aws:appautoscaling/target:Target";
const ASG = "aws:autoscaling/group:Group";
const ASG_POLICY = "aws:autoscaling/policy:Policy";

/** EC2 Auto Scaling's own scaler: a scaling policy on a group sets its desired capacity. */
const ASG_CAPACITY: ScaledProperty = { type: ASG, property: "desiredCapacity" };

/** The scalable target's resource id of a resource (RegisterScalableTarget's ResourceId), when known. */
const RESOURCE_IDS: Readonly<Record<string, (r: PolicyResource) => string[]>> = {
    "aws:ecs/service:Service": (r) => {
        const name = knownString(r, "name");
        const cluster = knownString(r, "cluster")?.replace(/^arn:[^:]+:ecs:[^:]*:\d*:cluster\//, "");
        return name && cluster ? [`service/${cluster}/${name}`] : [];
    },
    // A table's id, and the prefix of its indexes' (`table/<name>/index/<index>`).
    "aws:dynamodb/table:Table": (r) => {
        const name = knownString(r, "name");
        return name ? [`table/${name}`] : [];
    },
    "aws:elasticache/replicationGroup:ReplicationGroup": (r) => {
        const id = knownString(r, "replicationGroupId");
        return id ? [`replication-group/${id}`] : [];
    },
};

/** Whether `ignoreChanges` covers `property`: the property itself, a path under it, or `*`. */
export function ignores(ignoreChanges: readonly string[] | undefined, property: string): boolean {
    return (ignoreChanges ?? []).some((path) => path === "*" || path === property || path.startsWith(`${property}.`) || path.startsWith(`${property}[`));
}

/** The resource of `type` a scalable target scales: by its resource id, else by the id's dependencies. */
function scaledBy(target: PolicyResource, type: string, byId: Map<string, PolicyResource>): PolicyResource | undefined {
    const id = knownString(target, "resourceId");
    if (id !== undefined) {
        const table = id.replace(/\/index\/[^/]+$/, "");
        return byId.get(id) ?? byId.get(table);
    }
    return (target.propertyDependencies.resourceId ?? []).find((r) => r.type === type);
}

export const scaledPropertiesIgnored = stackPolicy({
    name: "protection-scaled-properties-ignored",
    description: "A property an autoscaler owns is ignored by deploys: every resource an Application Auto Scaling target scales has the property its scalable dimension sets in ignoreChanges (an ECS service's desiredCount, a DynamoDB table's or index's capacity, a replication group's node groups or replicas; policy/lib/facts/scaledProperties.ts), and so has an EC2 Auto Scaling group driven by a scaling policy (desiredCapacity); otherwise each pulumi up sets the count back to the program's, undoing scale-out at peak.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "high",
        guideSection: "Scaling the Application › Horizontal Scaling › AWS Deployment (desiredCount ignored by later deploys so scaling is not undone)",
        fsbpControl: undefined,
        remediationSteps: "Pass ignoreChanges: ignoredByDeploys(<dimension>) (policy/lib/facts/scaledProperties.ts) to the scaled resource, as components/compute/Service.ts does for desiredCount; " +
            "change the count through the scalable target's minCapacity/maxCapacity instead.",
    },
    types: [TARGET, ASG, ASG_POLICY, ...new Set(Object.values(SCALED_PROPERTIES).map((s) => s.type))],
    validate: (resources, report) => {
        const byId = new Map<string, PolicyResource>();
        for (const [type, ids] of Object.entries(RESOURCE_IDS)) {
            for (const r of ofType(resources, [type])) for (const id of ids(r)) byId.set(id, r);
        }
        const owned: Array<{ resource: PolicyResource; owned: ScaledProperty; by: string }> = [];
        for (const target of ofType(resources, [TARGET])) {
            const dimension = knownString(target, "scalableDimension");
            const scaled = dimension === undefined ? undefined : SCALED_PROPERTIES[dimension];
            const resource = scaled && scaledBy(target, scaled.type, byId);
            if (scaled && resource?.type === scaled.type) owned.push({ resource, owned: scaled, by: `scalable target ${target.name} (${dimension})` });
        }
        const groups = ofType(resources, [ASG]);
        for (const policy of ofType(resources, [ASG_POLICY])) {
            const name = knownString(policy, "autoscalingGroupName");
            const group = groups.find((g) => name !== undefined && knownString(g, "name") === name)
                ?? (policy.propertyDependencies.autoscalingGroupName ?? []).find((g) => g.type === ASG);
            if (group) owned.push({ resource: group, owned: ASG_CAPACITY, by: `scaling policy ${policy.name}` });
        }
        const reported = new Set<string>();
        for (const { resource, owned: { property }, by } of owned) {
            const key = `${resource.urn} ${property}`;
            if (reported.has(key) || ignores(resource.opts.ignoreChanges, property)) continue;
            reported.add(key);
            report(`${resource.name} does not ignore ${property}, which ${by} sets: every deploy sends the program's value back and undoes the scaling (at peak, tasks or capacity removed mid-load). Add "${property}" to its ignoreChanges.`, resource.urn);
        }
    },
});
