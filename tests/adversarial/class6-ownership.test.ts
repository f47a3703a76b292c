/** Class 6: fields that must name this stack's own resources, and resource policies' principals. */
import { ACCOUNT, add, Case, doc, edit, FOREIGN, named, suite, tags } from "./support";

const DB = "aws:rds/instance:Instance";
const BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy";
const staticBucket = (r: { inputs: Record<string, any> }) => r.inputs.bucket === "expertconnect-prod-static";
const appendStatement = (type: string, statement: object, where: (r: any) => boolean) => edit(type, p => {
    const policy = JSON.parse(p.policy);
    policy.Statement = [...[policy.Statement].flat(), statement];
    p.policy = JSON.stringify(policy);
}, where);
const keyPolicy = (statement: object) => appendStatement("aws:kms/key:Key", statement, named("database-key"));
const bucketPolicy = (statement: object) => appendStatement(BUCKET_POLICY, statement, staticBucket);

const violations: Case[] = [
    { name: "bucket policy * confined to the account with aws:PrincipalAccount may write static objects: every role of the account, the frontend's among them, may then write what only the backend's purpose writes", change: bucketPolicy({ Sid: "Account", Effect: "Allow", Principal: "*", Action: "s3:PutObject", Resource: "arn:aws:s3:::expertconnect-prod-static/*", Condition: { StringEquals: { "aws:PrincipalAccount": ACCOUNT } } }) },
    { name: "database encrypted with another account's key", change: edit(DB, p => { p.kmsKeyId = `arn:aws:kms:us-east-1:${FOREIGN}:key/0f4b8f0e-1111-2222-3333-444455556666`; }) },
    { name: "database key names a key that is not in the stack", change: edit(DB, p => { p.kmsKeyId = `arn:aws:kms:us-east-1:${ACCOUNT}:key/00000000-aaaa-bbbb-cccc-000000000000`; }) },
    { name: "replication to another account's bucket", change: edit("aws:s3/bucketReplicationConfig:BucketReplicationConfig", p => { p.rules = p.rules.map((r: any) => ({ ...r, destination: { ...r.destination, bucket: "arn:aws:s3:::exfil-bucket", account: FOREIGN } })); }) },
    { name: "an alarm notifying a topic that is not in the stack", change: edit("aws:cloudwatch/metricAlarm:MetricAlarm", p => { p.alarmActions = [`arn:aws:sns:us-east-1:${ACCOUNT}:old-alarms`]; }, r => r.inputs.metricName === "DatabaseConnections") },
    { name: "backup selection of another account's database", change: edit("aws:backup/selection:Selection", p => { p.resources = [...p.resources, `arn:aws:rds:us-east-1:${FOREIGN}:db:theirs`]; }) },
    { name: "backup copies to another account's vault", change: edit("aws:backup/plan:Plan", p => { p.rules = p.rules.map((r: any) => (r.copyActions ? { ...r, copyActions: [{ ...r.copyActions[0], destinationVaultArn: `arn:aws:backup:us-west-2:${FOREIGN}:backup-vault:collector` }] } : r)); }) },
    { name: "bucket policy grants another account's root", change: bucketPolicy({ Sid: "Partner", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${FOREIGN}:root` }, Action: "s3:GetObject", Resource: "arn:aws:s3:::expertconnect-prod-static/*" }) },
    { name: "bucket policy grants a bare foreign account id", change: bucketPolicy({ Sid: "Partner", Effect: "Allow", Principal: { AWS: [FOREIGN] }, Action: "s3:ListBucket", Resource: "arn:aws:s3:::expertconnect-prod-static" }) },
    { name: "key policy lets a foreign account decrypt", change: keyPolicy({ Sid: "Partner", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${FOREIGN}:role/reader` }, Action: "kms:Decrypt", Resource: "*" }) },
    { name: "key policy Allow with NotPrincipal", change: keyPolicy({ Sid: "AllButOne", Effect: "Allow", NotPrincipal: { AWS: `arn:aws:iam::${ACCOUNT}:role/blocked` }, Action: "kms:Decrypt", Resource: "*" }) },
    { name: "bucket policy * with a vacuous org condition", change: bucketPolicy({ Sid: "AnyOrg", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::expertconnect-prod-static/*", Condition: { StringLike: { "aws:PrincipalOrgID": "o-*" } } }) },
    { name: "topic policy * with an IfExists condition that absent keys satisfy", change: appendStatement("aws:sns/topicPolicy:TopicPolicy", { Sid: "Any", Effect: "Allow", Principal: { AWS: "*" }, Action: "sns:Publish", Resource: `arn:aws:sns:us-east-1:${ACCOUNT}:expertconnect-alarms`, Condition: { StringEqualsIfExists: { "aws:SourceAccount": ACCOUNT } } }, () => true) },
    { name: "task image pulled from another account's registry", change: edit("aws:ecs/taskDefinition:TaskDefinition", p => { p.containerDefinitions = p.containerDefinitions.replace(`${ACCOUNT}.dkr.ecr.us-east-1`, `${FOREIGN}.dkr.ecr.us-east-1`); }, named("backend-task")) },
    { name: "a secret policy granting a service without a source account", change: add("aws:secretsmanager/secretPolicy:SecretPolicy", "svc", { secretArn: `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:expertconnect/prod/jwt-signing-key-189879`, policy: doc({ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "secretsmanager:GetSecretValue", Resource: "*" }) }) },
    // Reclassified in round 12 (was allowed): the caller chooses the service it reads through, so kms:ViaService
    // confines nothing about who; every principal of the account decrypts through RDS (iam-resource-policy-principals).
    { name: "key policy * confined to this account through a service", change: keyPolicy({ Sid: "ViaRds", Effect: "Allow", Principal: { AWS: "*" }, Action: ["kms:Decrypt", "kms:DescribeKey"], Resource: "*", Condition: { StringEquals: { "kms:CallerAccount": ACCOUNT, "kms:ViaService": "rds.us-east-1.amazonaws.com" } } }) },
];

const compliant: Case[] = [
    { name: "bucket policy grants CloudFront with this account as source", change: bucketPolicy({ Sid: "Cdn", Effect: "Allow", Principal: { Service: "cloudfront.amazonaws.com" }, Action: "s3:GetObject", Resource: "arn:aws:s3:::expertconnect-prod-static/*", Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } } }) },
    { name: "key policy grants one of the stack's own roles", change: keyPolicy({ Sid: "Task", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/backend-roles-task-019c1c0` }, Action: "kms:Decrypt", Resource: "*" }) },
    { name: "a new alarm on the stack's own topic", change: add("aws:cloudwatch/metricAlarm:MetricAlarm", "db-freeable-memory", { name: "expertconnect-db-memory-low", namespace: "AWS/RDS", metricName: "FreeableMemory", dimensions: { DBInstanceIdentifier: "expertconnect-prod-db" }, statistic: "Average", period: 300, evaluationPeriods: 3, threshold: 100000000, comparisonOperator: "LessThanThreshold", actionsEnabled: true, alarmActions: [`arn:aws:sns:us-east-1:${ACCOUNT}:expertconnect-alarms`], okActions: [`arn:aws:sns:us-east-1:${ACCOUNT}:expertconnect-alarms`], tags: tags("monitoring") }) },
    // Reads by every principal of the account: refused since resource policies are judged by who may read data.
];

suite("adversarial class 6: whose resource is it", violations, compliant);
