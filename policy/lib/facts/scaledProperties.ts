/**
 * Properties an autoscaler owns. Once an Application Auto Scaling target scales a resource, the
 * scaler sets the property its scalable dimension names (an ECS service's desired count, a
 * table's provisioned capacity); a deploy that still sends the program's value sets it back, at
 * peak too, and fights the scaler on every `pulumi up`. So the resource's `ignoreChanges` names
 * the property: the program's value is the count at creation only. The operators' guide asks for
 * it in so many words ("desiredCount ignored by later deploys so scaling is not undone").
 *
 * Not listed, because the provider leaves them alone already: an RDS instance's `allocatedStorage`
 * under storage autoscaling (`maxAllocatedStorage` set: the AWS provider ignores its differences).
 * An Aurora cluster's `rds:cluster:ReadReplicaCount` adds instances the program does not declare.
 * Facts modules import nothing: the program reads this one from the pack's folder.
 */

/** The resource a scalable dimension scales and the input the scaler sets on it. */
export interface ScaledProperty {
    /** Pulumi type token of the scaled resource. */
    type: string;
    /** The input the scaler owns (a top-level property: `ignoreChanges` names it or a path under it). */
    property: string;
}

/** The ECS service dimension the program scales (components/compute/Service.ts). */
export const ECS_DESIRED_COUNT = "ecs:service:DesiredCount";

/** Application Auto Scaling's scalable dimensions (RegisterScalableTarget) and what each owns. */
export const SCALED_PROPERTIES: Readonly<Record<string, ScaledProperty>> = {
    [ECS_DESIRED_COUNT]: { type: "aws:ecs/service:Service", property: "desiredCount" },
    "dynamodb:table:ReadCapacityUnits": { type: "aws:dynamodb/table:Table", property: "readCapacity" },
    "dynamodb:table:WriteCapacityUnits": { type: "aws:dynamodb/table:Table", property: "writeCapacity" },
    "dynamodb:index:ReadCapacityUnits": { type: "aws:dynamodb/table:Table", property: "globalSecondaryIndexes" },
    "dynamodb:index:WriteCapacityUnits": { type: "aws:dynamodb/table:Table", property: "globalSecondaryIndexes" },
    "elasticache:replication-group:NodeGroups": { type: "aws:elasticache/replicationGroup:ReplicationGroup", property: "numNodeGroups" },
    "elasticache:replication-group:Replicas": { type: "aws:elasticache/replicationGroup:ReplicationGroup", property: "replicasPerNodeGroup" },
};

/** What a deploy of the resource scaled on `dimension` must ignore (none for a dimension not listed). */
export function ignoredByDeploys(dimension: string): string[] {
    const owned = SCALED_PROPERTIES[dimension];
    return owned ? [owned.property] : [];
}
