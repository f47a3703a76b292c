/**
 * Where the stack's resource policies are written: the types that carry one and the property
 * holding it, and a Lambda permission read as the one statement AWS adds to the function's policy.
 */
import { PolicyResource } from "@pulumi/policy";

import { isAccountId } from "../lib/iam/arn";
import { knownDeep } from "../lib/stack";

/**
 * Resource types whose policy decides who reaches the resource, and the property holding it.
 * Inline policies (a bucket's, key's, topic's, queue's or secret's own `policy`) count as much
 * as the separate policy resources.
 */
export const RESOURCE_POLICY_PROPERTIES: Readonly<Record<string, string>> = {
    "aws:s3/bucketPolicy:BucketPolicy": "policy",
    "aws:s3/bucket:Bucket": "policy",
    "aws:s3control/accessPointPolicy:AccessPointPolicy": "policy",
    // An access point is another door to its bucket: its own policy lets in whom it names.
    "aws:s3/accessPoint:AccessPoint": "policy",
    "aws:kms/key:Key": "policy",
    "aws:kms/keyPolicy:KeyPolicy": "policy",
    "aws:sns/topic:Topic": "policy",
    "aws:sns/topicPolicy:TopicPolicy": "policy",
    "aws:sqs/queue:Queue": "policy",
    "aws:sqs/queuePolicy:QueuePolicy": "policy",
    "aws:secretsmanager/secret:Secret": "policy",
    "aws:secretsmanager/secretPolicy:SecretPolicy": "policy",
    "aws:ecr/repositoryPolicy:RepositoryPolicy": "policy",
    "aws:ecr/registryPolicy:RegistryPolicy": "policy",
    // The policy ECR gives every repository the template creates (the dr region's replicas).
    "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate": "repositoryPolicy",
    "aws:backup/vaultPolicy:VaultPolicy": "policy",
    "aws:cloudwatch/logResourcePolicy:LogResourcePolicy": "policyDocument",
    "aws:cloudwatch/logDestinationPolicy:LogDestinationPolicy": "accessPolicy",
    "aws:cloudwatch/eventBusPolicy:EventBusPolicy": "policy",
    "aws:efs/fileSystemPolicy:FileSystemPolicy": "policy",
    "aws:opensearch/domain:Domain": "accessPolicies",
    "aws:opensearch/domainPolicy:DomainPolicy": "accessPolicies",
    "aws:elasticsearch/domain:Domain": "accessPolicies",
    "aws:elasticsearch/domainPolicy:DomainPolicy": "accessPolicies",
    "aws:dynamodb/resourcePolicy:ResourcePolicy": "policy",
    "aws:kinesis/resourcePolicy:ResourcePolicy": "policy",
    "aws:redshift/resourcePolicy:ResourcePolicy": "policy",
    "aws:msk/clusterPolicy:ClusterPolicy": "policy",
    "aws:glacier/vault:Vault": "accessPolicy",
    "aws:apigateway/restApi:RestApi": "policy",
    "aws:apigateway/restApiPolicy:RestApiPolicy": "policy",
};

const LAMBDA_PERMISSION = "aws:lambda/permission:Permission";
/** A layer version permission: like a function permission, one statement AWS adds to the layer version's policy. */
const LAYER_PERMISSION = "aws:lambda/layerVersionPermission:LayerVersionPermission";
/**
 * An event bus permission: the one statement EventBridge adds to the bus's policy for `principal`
 * (an account id, or `*` for every account, narrowed only by its organization `condition`).
 */
const EVENT_PERMISSION = "aws:cloudwatch/eventPermission:EventPermission";
export const PERMISSION_TYPES = [LAMBDA_PERMISSION, LAYER_PERMISSION, EVENT_PERMISSION];
/**
 * A Lambda function or layer permission as the one-statement resource policy AWS adds to the
 * function or layer version (a layer's `organizationId` confines the grant like aws:PrincipalOrgID).
 */
export function permissionStatement(props: Record<string, unknown>): object {
    const principal = String(props.principal ?? "");
    const kind = principal === "*" || isAccountId(principal) || principal.startsWith("arn:") ? "AWS" : "Service";
    const condition: Record<string, Record<string, string>> = {};
    if (typeof props.sourceAccount === "string") condition.StringEquals = { "aws:SourceAccount": props.sourceAccount };
    if (typeof props.sourceArn === "string") condition.ArnLike = { "aws:SourceArn": props.sourceArn };
    const orgId = props.principalOrgId ?? props.organizationId;
    if (typeof orgId === "string" && orgId !== "") condition.StringEquals = { ...condition.StringEquals, "aws:PrincipalOrgID": orgId };
    return { Effect: "Allow", Principal: { [kind]: principal }, Action: props.action ?? "lambda:InvokeFunction", Resource: "*", ...(Object.keys(condition).length ? { Condition: condition } : {}) };
}

/** An event bus permission as the statement EventBridge writes into the bus's policy. */
export function eventPermissionStatement(props: Record<string, unknown>): object {
    const condition = props.condition as { key?: string; type?: string; value?: string } | undefined;
    return {
        Effect: "Allow", Principal: { AWS: String(props.principal ?? "") }, Action: props.action ?? "events:PutEvents", Resource: "*",
        ...(condition?.key && condition.type ? { Condition: { [condition.type]: { [condition.key]: condition.value ?? "" } } } : {}),
    };
}

/** The resource policy document a resource carries, or undefined (none, or unknown in preview). */
export function documentOf(r: PolicyResource): unknown {
    if (r.type === EVENT_PERMISSION) {
        const props = knownDeep(() => ({ ...r.props }));
        return props && typeof props.principal === "string" ? [eventPermissionStatement(props)] : undefined;
    }
    if (PERMISSION_TYPES.includes(r.type)) {
        const props = knownDeep(() => ({ ...r.props }));
        return props && typeof props.principal === "string" ? [permissionStatement(props)] : undefined;
    }
    const property = RESOURCE_POLICY_PROPERTIES[r.type];
    const value = property ? knownDeep(() => r.props[property]) : undefined;
    return value === "" || value === null ? undefined : value;
}
