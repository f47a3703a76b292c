import { PolicyResource } from "@pulumi/policy";

import { ACCOUNT_CONFIG, AccountConfig, trustedAccounts, trustedOrganizations } from "../lib/account";
import { stackPolicy } from "../lib/define";
import { isAccountId } from "../lib/iam/arn";
import { isPolicyError, parsePolicy } from "../lib/iam/document";
import { principalFindings } from "../lib/iam/principals";
import { knownDeep, knownString, stackNetworkIds } from "../lib/stack";
import { S3_BUCKET_ACL } from "../lib/tokens";
import { bucketAclFindings } from "./bucketAcl";
import { SERVICE_ACCOUNT_ACTIONS } from "./serviceAccounts";

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
const PERMISSION_TYPES = [LAMBDA_PERMISSION, LAYER_PERMISSION];
const BUCKET_ACL: readonly string[] = S3_BUCKET_ACL;

/**
 * KMS requests a service makes for a caller carry the caller's context, not aws:SourceAccount
 * (EventBridge and CloudWatch Logs document none for key use); key policies narrow service use
 * by encryption context or kms:ViaService instead, so service principals in key policies are
 * not required to carry a source condition.
 */
const NO_SOURCE_CONDITION_TYPES = new Set(["aws:kms/key:Key", "aws:kms/keyPolicy:KeyPolicy"]);

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

/** The resource policy document a resource carries, or undefined (none, or unknown in preview). */
function documentOf(r: PolicyResource): unknown {
    if (PERMISSION_TYPES.includes(r.type)) {
        const props = knownDeep(() => ({ ...r.props }));
        return props && typeof props.principal === "string" ? [permissionStatement(props)] : undefined;
    }
    const property = RESOURCE_POLICY_PROPERTIES[r.type];
    const value = property ? knownDeep(() => r.props[property]) : undefined;
    return value === "" || value === null ? undefined : value;
}

export const iamResourcePolicyPrincipals = stackPolicy<AccountConfig>({
    name: "iam-resource-policy-principals",
    description: "Resource policies (S3 bucket and access point, KMS key, SNS topic, SQS queue, Secrets Manager secret, ECR repository and registry, Backup vault, CloudWatch Logs, EventBridge bus, EFS, OpenSearch and Elasticsearch, DynamoDB, Kinesis, Redshift, MSK, Glacier, API Gateway, Lambda function and layer permissions, bucket ACLs) let in only this account's or trusted accounts' principals: no Principal \"*\" without a condition confining it to the account, our organization (config organizationId) or a VPC or VPC endpoint of the stack, no foreign or canonical-user principals, no NotPrincipal with Allow, AWS services only with aws:SourceAccount/aws:SourceArn naming this account.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "critical",
        guideSection: "Security Maintenance › AWS Security Best Practices › Review IAM permissions",
        remediationSteps: "Name the account's roles as principals, or confine \"*\" with aws:PrincipalAccount / aws:PrincipalOrgID naming our organization (set organizationId) / aws:SourceVpce; give service principals aws:SourceAccount and aws:SourceArn; list a partner account in trustedAccountIds only after review.",
    },
    config: ACCOUNT_CONFIG,
    types: [...Object.keys(RESOURCE_POLICY_PROPERTIES), ...PERMISSION_TYPES, ...BUCKET_ACL],
    validate: (resources, report, { config }) => {
        const trusted = trustedAccounts(resources, config);
        const networks = stackNetworkIds(resources);
        for (const r of resources) {
            if (BUCKET_ACL.includes(r.type)) {
                const props = knownDeep(() => ({ acl: r.props.acl, accessControlPolicy: r.props.accessControlPolicy }));
                bucketAclFindings(props ?? {}).forEach(f => report(`${r.name}: ${f}.`, r.urn));
                continue;
            }
            if (!(r.type in RESOURCE_POLICY_PROPERTIES) && !PERMISSION_TYPES.includes(r.type)) {
                continue;
            }
            const document = documentOf(r);
            if (document === undefined) {
                continue;
            }
            const label = knownString(r, "name") ? `${r.name} (${knownString(r, "name")})` : r.name;
            const policy = parsePolicy(document);
            if (isPolicyError(policy)) {
                report(`${label}: the policy ${policy.error}: AWS would reject it.`, r.urn);
                continue;
            }
            const sourceRequired = !NO_SOURCE_CONDITION_TYPES.has(r.type);
            for (const f of principalFindings(policy, { trustedAccounts: trusted, trust: false, requiresSourceCondition: () => sourceRequired, serviceAccounts: SERVICE_ACCOUNT_ACTIONS, organizations: trustedOrganizations(config), networks })) {
                report(`${label}: ${f.message}.`, r.urn);
            }
        }
    },
});
