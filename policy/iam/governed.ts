/**
 * The stack's resource-based policies, each with the resource it governs: a bucket policy and
 * its bucket (and the bucket's objects), a key's own policy or a separate KeyPolicy and the key,
 * a topic, queue, secret, ECR repository or vault policy, a Lambda permission and its function, a
 * repository creation template's policy and the repositories it creates.
 * Within the account, a resource policy that names a role (or `*`) grants that role by itself,
 * whatever the role's identity policies say: every check of "who may do what to this resource"
 * must read these documents too, through one list rather than one reader per service.
 */
import { PolicyResource } from "@pulumi/policy";

import { StackTarget } from "../lib/iam/applicationReach";
import { isPolicyError, NormalPolicy, parsePolicy } from "../lib/iam/document";
import { knownString } from "../lib/stack";
import { documentOf } from "./resourceDocuments";

/** One resource policy of the stack and the resource it governs. */
export interface GovernedPolicy {
    policy: NormalPolicy;
    /** The governed resource and the ARNs of what it holds. */
    target: StackTarget;
    /** Where the policy is written: the resource to change. */
    source: PolicyResource;
}

/**
 * For each resource type that carries a resource policy, the property naming the governed
 * resource (its ARN, name, id or URL) and the types it may name. Inline policies (a bucket's,
 * key's, topic's, queue's or secret's own `policy`) govern the resource itself (`arn`).
 */
const GOVERNS: Readonly<Record<string, { property: string; types: readonly string[] }>> = {
    "aws:s3/bucketPolicy:BucketPolicy": { property: "bucket", types: ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"] },
    "aws:s3/bucket:Bucket": { property: "arn", types: ["aws:s3/bucket:Bucket"] },
    "aws:s3control/accessPointPolicy:AccessPointPolicy": { property: "accessPointArn", types: ["aws:s3/accessPoint:AccessPoint"] },
    "aws:kms/key:Key": { property: "arn", types: ["aws:kms/key:Key"] },
    "aws:kms/keyPolicy:KeyPolicy": { property: "keyId", types: ["aws:kms/key:Key"] },
    "aws:sns/topic:Topic": { property: "arn", types: ["aws:sns/topic:Topic"] },
    "aws:sns/topicPolicy:TopicPolicy": { property: "arn", types: ["aws:sns/topic:Topic"] },
    "aws:sqs/queue:Queue": { property: "arn", types: ["aws:sqs/queue:Queue"] },
    "aws:sqs/queuePolicy:QueuePolicy": { property: "queueUrl", types: ["aws:sqs/queue:Queue"] },
    "aws:secretsmanager/secret:Secret": { property: "arn", types: ["aws:secretsmanager/secret:Secret"] },
    "aws:secretsmanager/secretPolicy:SecretPolicy": { property: "secretArn", types: ["aws:secretsmanager/secret:Secret"] },
    "aws:ecr/repositoryPolicy:RepositoryPolicy": { property: "repository", types: ["aws:ecr/repository:Repository"] },
    "aws:backup/vaultPolicy:VaultPolicy": { property: "backupVaultName", types: ["aws:backup/vault:Vault"] },
    "aws:cloudwatch/eventBusPolicy:EventBusPolicy": { property: "eventBusName", types: ["aws:cloudwatch/eventBus:EventBus"] },
    "aws:efs/fileSystemPolicy:FileSystemPolicy": { property: "fileSystemId", types: ["aws:efs/fileSystem:FileSystem"] },
    "aws:dynamodb/resourcePolicy:ResourcePolicy": { property: "resourceArn", types: ["aws:dynamodb/table:Table"] },
    "aws:kinesis/resourcePolicy:ResourcePolicy": { property: "resourceArn", types: ["aws:kinesis/stream:Stream"] },
    "aws:lambda/permission:Permission": { property: "function", types: ["aws:lambda/function:Function"] },
};

/** The resource types that carry a policy of their own governing a stack resource. */
export const GOVERNED_TYPES: readonly string[] = Object.keys(GOVERNS);

/** Values a resource is named by: its ARN, id, name, bucket, key id, URL (a queue policy names its queue by URL). */
const NAMES = ["arn", "id", "name", "bucket", "keyId", "url"];

/**
 * The stack's resource policies whose governed resource is a target (its ARN known, in the
 * account); a policy naming a resource outside the stack, or unknown in preview, is skipped.
 */
export function governedPolicies(resources: PolicyResource[], targets: StackTarget[], account: string): GovernedPolicy[] {
    const byArn = new Map(targets.map(t => [t.arn, t]));
    const byValue = new Map<string, StackTarget>();
    for (const r of resources.filter(x => Object.values(GOVERNS).some(g => g.types.includes(x.type)))) {
        const target = byArn.get(knownString(r, "arn") ?? "");
        for (const v of NAMES.map(n => knownString(r, n))) {
            if (target && typeof v === "string" && v !== "") {
                byValue.set(`${r.type}|${v}`, target);
            }
        }
    }
    return [...resources.flatMap(r => {
        const governs = GOVERNS[r.type];
        const ref = governs && knownString(r, governs.property);
        const target = ref === undefined ? undefined : governs.types.map(t => byValue.get(`${t}|${ref}`)).find(x => x !== undefined);
        const document = target && documentOf(r);
        const policy = document === undefined ? undefined : parsePolicy(document);
        return target && policy && !isPolicyError(policy) ? [{ policy, target, source: r }] : [];
    }), ...templatePolicies(resources, account)];
}

const CREATION_TEMPLATE = "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate";

/**
 * A repository creation template's `repositoryPolicy` governs every repository ECR creates from it
 * (by replication, pull through cache or push): the dr region's replicas, which the recovery
 * stack runs at failover. Its target stands for those repositories: one under the template's
 * prefix that exists nowhere yet.
 */
function templatePolicies(resources: PolicyResource[], account: string): GovernedPolicy[] {
    return resources.filter(r => r.type === CREATION_TEMPLATE).flatMap(r => {
        const region = knownString(r, "region");
        const prefix = knownString(r, "prefix");
        const policy = region && prefix !== undefined ? parsePolicy(documentOf(r)) : undefined;
        if (!policy || isPolicyError(policy)) return [];
        const arn = `arn:aws:ecr:${region}:${account}:repository/${prefix === "ROOT" ? "" : prefix}pack-probe-unnamed`;
        return [{ policy, target: { label: `repositories ECR creates from template ${prefix} in ${region}`, arn, children: [] }, source: r }];
    });
}
