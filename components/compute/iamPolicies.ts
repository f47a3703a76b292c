import { policyDocument, PolicyStatement, serviceAssumeRolePolicy } from "../../lib/iam";
import { guardDutyAgentRepositoryArn } from "./guardDutyAgent";
import { BUCKET_VERB_ACTIONS, BucketVerb } from "../../policy/lib/facts/purposes";

/**
 * IAM documents of the two task roles, as pure functions. The execution role is what ECS uses
 * to start the task (pull, log, fetch secrets); the task role is what the application runs as.
 * Neither holds a `*` action, and `*` resources appear only where the action has no resource
 * level (ecr:GetAuthorizationToken, the ssmmessages channels, X-Ray, logs:DescribeLogGroups).
 */

/** Trust policy of both roles: ECS tasks of this account and region only. */
export function taskTrustPolicy(accountId: string, region: string): string {
    return serviceAssumeRolePolicy("ecs-tasks.amazonaws.com", accountId, `arn:aws:ecs:${region}:${accountId}:*`);
}

/**
 * The resource ARN IAM needs for a `valueFrom`: Secrets Manager references may append
 * `:json-key:version-stage:version-id`, which is not part of the secret's ARN.
 */
export function secretResourceArn(valueFrom: string): string {
    if (/^arn:aws[a-z-]*:secretsmanager:/.test(valueFrom)) return valueFrom.split(":").slice(0, 7).join(":");
    if (/^arn:aws[a-z-]*:ssm:[^:]+:\d{12}:parameter\//.test(valueFrom)) return valueFrom;
    throw new Error(`valueFrom ${JSON.stringify(valueFrom)}: allowed: a Secrets Manager secret ARN or an SSM parameter ARN`);
}

/** ECR repository ARN from its URL: `ACCOUNT.dkr.ecr.REGION.amazonaws.com/NAME` → `arn:aws:ecr:REGION:ACCOUNT:repository/NAME`. */
export function repositoryArnFromUrl(url: string): string {
    const match = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com\/(.+)$/.exec(url);
    if (!match) throw new Error(`repository URL ${JSON.stringify(url)}: allowed: ACCOUNT.dkr.ecr.REGION.amazonaws.com/NAME`);
    return `arn:aws:ecr:${match[2]}:${match[1]}:repository/${match[3]}`;
}

export interface ExecutionRoleInputs {
    /** Repository the application image is pulled from. */
    repositoryArn: string;
    /** Log group of the service (the awslogs driver writes with the execution role). */
    logGroupArn: string;
    /** `valueFrom` of every secret in the task definition. */
    secretValueFroms: string[];
    /** KMS keys that encrypt those secrets/parameters (customer-managed keys only). */
    secretKmsKeyArns: string[];
    region: string;
}

/**
 * Pull the image (and GuardDuty's runtime agent, which ECS adds to every task), write the
 * service's logs, read exactly the task's secrets and decrypt them.
 */
export function executionRolePolicy(i: ExecutionRoleInputs): string {
    const arns = [...new Set(i.secretValueFroms.map(secretResourceArn))].sort();
    const secrets = arns.filter((a) => a.split(":")[2] === "secretsmanager");
    const parameters = arns.filter((a) => a.split(":")[2] === "ssm");
    const statements: PolicyStatement[] = [
        { Sid: "EcrAuth", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
        {
            Sid: "PullImage",
            Effect: "Allow",
            Action: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
            Resource: i.repositoryArn,
        },
        {
            Sid: "PullGuardDutyAgent",
            Effect: "Allow",
            Action: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
            Resource: guardDutyAgentRepositoryArn(i.region),
        },
        { Sid: "WriteLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${i.logGroupArn}:*` },
    ];
    if (secrets.length) {
        statements.push({ Sid: "ReadSecrets", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: secrets });
    }
    if (parameters.length) {
        statements.push({ Sid: "ReadParameters", Effect: "Allow", Action: "ssm:GetParameters", Resource: parameters });
    }
    if (i.secretKmsKeyArns.length) {
        statements.push({
            Sid: "DecryptSecrets",
            Effect: "Allow",
            Action: "kms:Decrypt",
            Resource: [...new Set(i.secretKmsKeyArns)].sort(),
            Condition: { StringEquals: { "kms:ViaService": [`secretsmanager.${i.region}.amazonaws.com`, `ssm.${i.region}.amazonaws.com`] } },
        });
    }
    return policyDocument(statements);
}

export interface TaskRoleInputs {
    /** Log group the cluster sends ECS Exec session output to. */
    execLogGroupArn: string;
    /** KMS key that encrypts ECS Exec sessions. */
    execKmsKeyArn: string;
    /** Send traces to the X-Ray daemon sidecar. */
    xray: boolean;
    /** What the application itself may do. */
    statements: PolicyStatement[];
}

/** The actions ECS Exec needs on the task role (`aws ecs execute-command`). */
export const ecsExecActions = [
    "ssmmessages:CreateControlChannel",
    "ssmmessages:CreateDataChannel",
    "ssmmessages:OpenControlChannel",
    "ssmmessages:OpenDataChannel",
];

/** The application's own statements, ECS Exec channels and session logging, and X-Ray when on. */
export function taskRolePolicy(i: TaskRoleInputs): string {
    for (const s of i.statements) {
        const actions = [s.Action].flat();
        const resources = [s.Resource ?? "*"].flat();
        if (s.Effect === "Allow" && actions.some((a) => a === "*" || a.endsWith(":*")) && resources.includes("*")) {
            throw new Error(`task role statement ${s.Sid ?? JSON.stringify(actions)} allows every action of a service on every resource; ` +
                `allowed: named actions, or a wildcard action on named resources`);
        }
    }
    const statements: PolicyStatement[] = [
        ...i.statements,
        { Sid: "EcsExecChannels", Effect: "Allow", Action: ecsExecActions, Resource: "*" },
        { Sid: "EcsExecFindLogGroup", Effect: "Allow", Action: "logs:DescribeLogGroups", Resource: "*" },
        {
            Sid: "EcsExecWriteLogs",
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"],
            Resource: `${i.execLogGroupArn}:*`,
        },
        { Sid: "EcsExecDecryptSession", Effect: "Allow", Action: "kms:Decrypt", Resource: i.execKmsKeyArn },
    ];
    if (i.xray) {
        statements.push({
            Sid: "XRayDaemon",
            Effect: "Allow",
            Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets"],
            Resource: "*",
        });
    }
    return policyDocument(statements);
}

/** A bucket the application uses, the key its objects are encrypted with, and what it does there. */
export interface BucketAccess {
    bucketArn: string;
    kmsKeyArn: string;
    /**
     * The verbs of the workload's purpose on the bucket (policy/lib/facts/purposes.ts): the
     * backend lists, reads, writes and deletes static files and uploads, and only lists and
     * writes backups.
     */
    verbs: readonly BucketVerb[];
}

/** The object actions the program grants, in the order it writes them; each is granted for the verb it exercises. */
const OBJECT_ACTIONS = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"];

/**
 * The backend's S3 statements: per bucket the object actions of its purpose's verbs (the static
 * bucket, in dr prod's replica, read-write-delete; the backup bucket write-and-list: the guide's
 * `aws s3 sync s3://…-static s3://expertconnect-backup/…` reads the source and lists and writes
 * the destination), listing when the purpose lists, and each bucket's key for S3 only.
 */
export function bucketAccessStatements(buckets: BucketAccess[], region: string): PolicyStatement[] {
    return buckets.flatMap((b, i): PolicyStatement[] => [
        ...(b.verbs.includes("list") ? [{ Sid: `Bucket${i}List`, Effect: "Allow" as const, Action: ["s3:ListBucket", "s3:GetBucketLocation"], Resource: b.bucketArn }] : []),
        {
            Sid: `Bucket${i}Objects`,
            Effect: "Allow",
            Action: OBJECT_ACTIONS.filter((a) => b.verbs.some((v) => BUCKET_VERB_ACTIONS[v].includes(a))),
            Resource: `${b.bucketArn}/*`,
        },
        {
            Sid: `Bucket${i}Key`,
            Effect: "Allow",
            Action: ["kms:Decrypt", "kms:GenerateDataKey"],
            Resource: b.kmsKeyArn,
            Condition: { StringEquals: { "kms:ViaService": `s3.${region}.amazonaws.com` } },
        },
    ]);
}

/** Log in to the database as `user` with an IAM authentication token (`rds-db:connect`). */
export function databaseConnectStatement(databaseUserArn: string): PolicyStatement {
    return { Sid: "DatabaseIamLogin", Effect: "Allow", Action: "rds-db:connect", Resource: databaseUserArn };
}
