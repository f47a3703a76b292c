/**
 * AWS managed policies judged by what they grant. iam-data carries actions, not managed
 * policies, so the documents below are derived from AWS's managed policy reference
 * (docs.aws.amazon.com/aws-managed-policy/latest/reference/): the statements that make each
 * broad, written as AWS publishes them. A managed policy not listed is judged by its name when
 * the name says it is broad (…FullAccess, …Administrator…, PowerUser…); any other AWS managed
 * policy (service roles such as AmazonECSTaskExecutionRolePolicy) is not judged.
 */
const AWS_MANAGED_PREFIX = "arn:aws:iam::aws:policy/";

const all = (Action: string | string[], extra: object = {}) => ({ Effect: "Allow", Action, Resource: "*", ...extra });

const DOCUMENTS: Record<string, object[]> = {
    AdministratorAccess: [all("*")],
    PowerUserAccess: [
        { Effect: "Allow", NotAction: ["iam:*", "organizations:*", "account:*"], Resource: "*" },
        all(["iam:CreateServiceLinkedRole", "iam:DeleteServiceLinkedRole", "iam:ListRoles", "organizations:DescribeOrganization", "account:ListRegions", "account:GetAccountInformation"]),
    ],
    IAMFullAccess: [all(["iam:*", "organizations:DescribeAccount", "organizations:DescribeOrganization", "organizations:ListRoots"])],
    AmazonS3FullAccess: [all(["s3:*", "s3-object-lambda:*"])],
    AmazonEC2FullAccess: [all(["ec2:*", "elasticloadbalancing:*", "cloudwatch:*", "autoscaling:*"])],
    SecretsManagerReadWrite: [all(["secretsmanager:*", "kms:DescribeKey", "kms:ListAliases", "kms:ListKeys", "tag:GetResources"])],
    AWSLambda_FullAccess: [all(["lambda:*", "cloudformation:DescribeStacks", "logs:DescribeLogGroups"]),
        all("iam:PassRole", { Condition: { StringEquals: { "iam:PassedToService": "lambda.amazonaws.com" } } })],
    AmazonRDSFullAccess: [all(["rds:*", "ec2:DescribeVpcs", "cloudwatch:GetMetricStatistics"])],
    AmazonDynamoDBFullAccess: [all(["dynamodb:*", "dax:*"])],
    AmazonSSMFullAccess: [all(["ssm:*", "ec2messages:*", "ssmmessages:*", "ds:CreateComputer"])],
    AmazonECS_FullAccess: [all(["ecs:*", "elasticloadbalancing:DescribeLoadBalancers", "logs:CreateLogGroup"])],
    AmazonSNSFullAccess: [all("sns:*")],
    AmazonSQSFullAccess: [all("sqs:*")],
    CloudWatchLogsFullAccess: [all(["logs:*", "cloudwatch:GenerateQuery"])],
    AWSCloudFormationFullAccess: [all("cloudformation:*")],
    AWSKeyManagementServicePowerUser: [all(["kms:CreateAlias", "kms:CreateKey", "kms:DeleteAlias", "kms:Describe*", "kms:GenerateRandom", "kms:Get*", "kms:List*", "kms:TagResource", "kms:UntagResource", "iam:ListGroups", "iam:ListRoles", "iam:ListUsers"])],
    AmazonEC2ContainerRegistryFullAccess: [all(["ecr:*", "cloudtrail:LookupEvents"])],
    AWSBackupFullAccess: [all(["backup:*", "backup-storage:*"])],
    // Read-only policies that read the data itself on every resource (objects, log events, items).
    ReadOnlyAccess: [all(["s3:Get*", "s3:List*", "logs:Get*", "logs:FilterLogEvents", "logs:StartQuery", "dynamodb:Get*", "dynamodb:Query", "dynamodb:Scan", "sqs:ReceiveMessage", "ec2:Describe*"])],
    AmazonS3ReadOnlyAccess: [all(["s3:Get*", "s3:List*", "s3:Describe*", "s3-object-lambda:Get*", "s3-object-lambda:List*"])],
    CloudWatchLogsReadOnlyAccess: [all(["logs:Describe*", "logs:Get*", "logs:List*", "logs:StartQuery", "logs:StopQuery", "logs:TestMetricFilter", "logs:FilterLogEvents", "logs:StartLiveTail", "logs:StopLiveTail", "cloudwatch:GenerateQuery"])],
    AmazonDynamoDBReadOnlyAccess: [all(["dynamodb:BatchGetItem", "dynamodb:Describe*", "dynamodb:List*", "dynamodb:GetItem", "dynamodb:Query", "dynamodb:Scan", "dynamodb:PartiQLSelect"])],
};

/** Names that say a managed policy is broad when the pack carries no document for it. */
const BROAD_NAME = /(FullAccess|Administrator|PowerUser)/;

/** What the pack knows about an AWS managed policy. */
export type ManagedVerdict =
    | { kind: "document"; name: string; statements: object[] }
    | { kind: "broad-by-name"; name: string }
    | { kind: "not-judged"; name: string };

/** Whether an ARN names an AWS managed policy. */
export function isAwsManaged(arn: string): boolean {
    return arn.startsWith(AWS_MANAGED_PREFIX);
}

/** The document or name verdict of an AWS managed policy ARN (path included, e.g. job-function/…). */
export function managedVerdict(arn: string): ManagedVerdict {
    const path = arn.slice(AWS_MANAGED_PREFIX.length);
    const name = path.split("/").pop() ?? path;
    const statements = DOCUMENTS[name];
    if (statements) {
        return { kind: "document", name, statements };
    }
    return BROAD_NAME.test(name)
        ? { kind: "broad-by-name", name: path }
        : { kind: "not-judged", name: path };
}

/**
 * The services whose actions the runtime roles' usual AWS managed policies grant, by name (AWS
 * managed policy reference): what a path may assume they do not grant, where the pack holds no
 * document for them. AWSLambdaBasicExecutionRole writes logs; AWSLambdaVPCAccessExecutionRole
 * adds the network interfaces Lambda manages; AmazonECSTaskExecutionRolePolicy pulls images and
 * writes logs; CloudWatchLambdaInsightsExecutionRolePolicy writes Lambda Insights' logs;
 * AWSXRayDaemonWriteAccess sends traces. None of them publishes metrics.
 */
const MANAGED_POLICY_SERVICES: Readonly<Record<string, readonly string[]>> = {
    AWSLambdaBasicExecutionRole: ["logs"],
    AWSLambdaVPCAccessExecutionRole: ["logs", "ec2"],
    AmazonECSTaskExecutionRolePolicy: ["ecr", "logs"],
    CloudWatchLambdaInsightsExecutionRolePolicy: ["logs"],
    AWSXRayDaemonWriteAccess: ["xray"],
};

/** Whether an AWS managed policy may grant `action` (`service:Action`): false only when the pack knows the services it grants and the action's is not among them. */
export function managedMayGrant(arn: string, action: string): boolean {
    const name = arn.slice(AWS_MANAGED_PREFIX.length).split("/").pop() ?? arn;
    const services = MANAGED_POLICY_SERVICES[name];
    return services === undefined || services.includes(action.split(":")[0].toLowerCase());
}
