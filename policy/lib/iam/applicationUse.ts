/**
 * What application code does to the resources it is given, as opposed to administering them.
 * The runtime paths (policy/paths/) exercise a workload's resources through a handful of
 * data-plane actions: tasks write objects to their buckets (s3:PutObject, s3:DeleteObject),
 * write their log streams (logs:CreateLogStream, logs:PutLogEvents), encrypt and decrypt with
 * the keys of the stores they use (kms:Decrypt, kms:GenerateDataKey), open their database
 * login (rds-db:connect). Every other change of a resource (its policy, its configuration, its
 * tags, its existence, the role it runs as, a shell in its containers) is administration: a
 * deployment's or an operator's job, never the application's.
 */
import { AccessLevel, globMatches } from "./catalog";

/** One data-plane action pattern an application role may hold on the stack's resources, and why. */
export interface ApplicationUse {
    action: string;
    why: string;
}

/**
 * The data-plane uses of the stack's resources (Write-level actions that use a resource's data,
 * not its configuration). Actions with no resource type (X-Ray, ssmmessages, PutMetricData,
 * PutRestoreValidationResult) never reach a stack resource and need no entry.
 */
export const APPLICATION_USES: readonly ApplicationUse[] = [
    { action: "s3:PutObject", why: "writes objects to a bucket it uses (uploads, backups)" },
    { action: "s3:DeleteObject", why: "removes objects it wrote (current versions; versioning keeps the data)" },
    { action: "s3:AbortMultipartUpload", why: "cleans up its own unfinished uploads" },
    { action: "s3:PutObjectTagging", why: "labels objects it writes" },
    { action: "logs:CreateLogStream", why: "opens its log stream" },
    { action: "logs:PutLogEvents", why: "writes its log events" },
    { action: "kms:Decrypt", why: "reads data encrypted under a key of a store it uses" },
    { action: "kms:Encrypt", why: "encrypts data for a store it uses" },
    { action: "kms:GenerateDataKey*", why: "encrypts objects and secrets it writes (envelope encryption)" },
    { action: "kms:ReEncrypt*", why: "re-encrypts data it holds" },
    { action: "kms:Sign", why: "signs with an asymmetric key it is given" },
    { action: "kms:Verify", why: "verifies signatures" },
    { action: "kms:GenerateMac", why: "computes MACs with an HMAC key it is given" },
    { action: "kms:VerifyMac", why: "verifies MACs" },
    { action: "sqs:SendMessage", why: "sends messages to a queue it uses" },
    { action: "sqs:DeleteMessage", why: "acknowledges messages it consumed" },
    { action: "sqs:ChangeMessageVisibility", why: "extends the processing time of a message it holds" },
    { action: "sns:Publish", why: "publishes notifications" },
    { action: "dynamodb:PutItem", why: "writes items" },
    { action: "dynamodb:UpdateItem", why: "writes items" },
    { action: "dynamodb:DeleteItem", why: "removes items" },
    { action: "dynamodb:BatchWriteItem", why: "writes items" },
    { action: "dynamodb:ConditionCheckItem", why: "transactional writes" },
    { action: "elasticache:Connect", why: "IAM login to a cache it uses" },
    { action: "rds-db:connect", why: "IAM login to a database it uses" },
    { action: "events:PutEvents", why: "emits application events" },
    { action: "firehose:PutRecord*", why: "streams records" },
    { action: "kinesis:PutRecord*", why: "streams records" },
    { action: "states:StartExecution", why: "starts a workflow it drives" },
    { action: "lambda:InvokeFunction", why: "runs a function of the stack as it is (its code and role unchanged; changing them is administration)" },
    { action: "secretsmanager:GetSecretValue", why: "reads a secret it is given (Read: listed for the KMS grant check)" },
];

/** The access levels that change a resource (what an application role must justify). */
export const CHANGE_LEVELS: readonly AccessLevel[] = ["Write", "Permissions management", "Tagging"];

/** Whether `action` is one of the uses (patterns match as IAM does: case-insensitive globs). */
export function isApplicationUse(action: string, uses: readonly string[]): boolean {
    const a = action.toLowerCase();
    return uses.some(u => globMatches(u.toLowerCase(), a));
}

/** The KMS operations a key's user needs; the rest (CreateGrant, PutKeyPolicy…) administer the key. */
export const KEY_USE_ACTIONS: readonly string[] = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*", "kms:Sign", "kms:Verify", "kms:GenerateMac", "kms:VerifyMac", "kms:DescribeKey", "kms:GetPublicKey"];
