/**
 * Class 1 (IAM), conditions keyed on where a request comes from: a secret, key, bucket or
 * repository policy (or a role's own policy) that admits only some VPC endpoint, VPC or address
 * range breaks the application when its tasks' and functions' real calls come from elsewhere
 * (the stack's endpoint of that service, the S3 gateway endpoint, or for calls a service makes
 * on their behalf no network at all); an Allow to everyone confined only to a network the stack
 * does not own is a public grant. The stack's own endpoint, VPC and private addresses pass.
 */
import { ACCOUNT, add, Case, Change, doc, edit, named, suite } from "./support";

const SECRET_POLICY = "aws:secretsmanager/secretPolicy:SecretPolicy";
const KEY = "aws:kms/key:Key";
const BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const DJANGO = `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:expertconnect/prod/django-secret-key-1ffb64`;
const MASTER = `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:expertconnect/prod/database/master-69cf0a`;
const DR_CACHE = `arn:aws:secretsmanager:us-west-2:${ACCOUNT}:secret:expertconnect/dr/cache-auth-token-0d3b7e`;
const STATIC = ["arn:aws:s3:::expertconnect-prod-static", "arn:aws:s3:::expertconnect-prod-static/*"];
/** The stacks' networks, as their exports name them. */
const PROD = { vpc: "vpc-0e6ad3833cd78ec1f", secrets: "vpce-08adf54f836ee9339", s3: "vpce-0fbe5451f6f32d68d", ecrApi: "vpce-08d91fb22dea3936b", ecrDkr: "vpce-0e75816b381550204" };
const DR = { vpc: "vpc-0930806000dc1445c", secrets: "vpce-0a7f14ccec82bfbc7" };
const STRANGER_VPCE = "vpce-0123456789abcdef0";
const OTHER_VPC = "vpc-0aaaabbbbccccdddd";

const deny = (action: string, condition: object, resource: string | string[] = "*") => ({ Sid: "DenyOutsideNetwork", Effect: "Deny", Principal: "*", Action: action, Resource: resource, Condition: condition });
const secretPolicy = (name: string, secretArn: string, ...statements: object[]): Change => add(SECRET_POLICY, name, { secretArn, policy: doc(...statements) });
/** Appends statements to a policy document held in `policy`. */
const appended = (type: string, name: string, ...statements: object[]): Change => edit(type, p => {
    const d = JSON.parse(p.policy);
    d.Statement = [...d.Statement, ...statements];
    p.policy = JSON.stringify(d);
}, named(name));
const repositoryPolicy = (...statements: object[]): Change => add("aws:ecr/repositoryPolicy:RepositoryPolicy", "backend-repository-policy", { repository: "expertconnect-backend", policy: doc(...statements) });

const violations: Case[] = [
    { name: "Django secret denies every request not from a stranger's endpoint", change: secretPolicy("django-perimeter", DJANGO, deny("secretsmanager:GetSecretValue", { StringNotEquals: { "aws:SourceVpce": STRANGER_VPCE } })) },
    { name: "Django secret denies every request not from the S3 gateway endpoint (not the one Secrets Manager calls use)", change: secretPolicy("django-perimeter", DJANGO, deny("secretsmanager:*", { StringNotEquals: { "aws:SourceVpce": PROD.s3 } })) },
    { name: "Django secret denies every request not from dr's VPC", change: secretPolicy("django-perimeter", DJANGO, deny("secretsmanager:GetSecretValue", { StringNotEquals: { "aws:SourceVpc": DR.vpc } })) },
    { name: "Django secret denies requests not from the office range (calls through the endpoint carry no public address)", change: secretPolicy("django-perimeter", DJANGO, deny("secretsmanager:GetSecretValue", { NotIpAddress: { "aws:SourceIp": "203.0.113.0/24" } })) },
    { name: "master secret denies every request not from a stranger's endpoint (the maintenance function breaks)", change: secretPolicy("master-perimeter", MASTER, deny("secretsmanager:GetSecretValue", { StringNotEquals: { "aws:SourceVpce": STRANGER_VPCE } })) },
    { name: "app-settings key denies Decrypt not from another VPC", change: appended(KEY, "app-settings-key", deny("kms:Decrypt", { StringNotEquals: { "aws:SourceVpc": OTHER_VPC } })) },
    { name: "app-settings key denies Decrypt not from the Secrets Manager endpoint (Secrets Manager's calls to KMS carry none)", change: appended(KEY, "app-settings-key", deny("kms:Decrypt", { StringNotEquals: { "aws:SourceVpce": PROD.secrets } })) },
    { name: "static bucket denies requests not from the office range (S3 calls go through the gateway endpoint)", change: appended(BUCKET_POLICY, "data-static-policy", deny("s3:*", { NotIpAddress: { "aws:SourceIp": ["203.0.113.0/24"] } }, STATIC)) },
    { name: "static bucket denies reads not from a stranger's endpoint", change: appended(BUCKET_POLICY, "data-static-policy", deny("s3:GetObject", { StringNotEquals: { "aws:SourceVpce": STRANGER_VPCE } }, STATIC)) },
    { name: "static bucket denies private addresses outside one /24 of a subnet", change: appended(BUCKET_POLICY, "data-static-policy", deny("s3:GetObject", { NotIpAddress: { "aws:VpcSourceIp": "10.0.0.0/24" } }, STATIC)) },
    { name: "backend repository denies pulls not from the ECR API endpoint (image pulls use the registry endpoint)", change: repositoryPolicy(deny("ecr:BatchGetImage", { StringNotEquals: { "aws:SourceVpce": PROD.ecrApi } })) },
    { name: "execution role's own policy denies everything not from a stranger's endpoint", change: appended(ROLE_POLICY, "backend-roles-execution-policy", { Sid: "Perimeter", Effect: "Deny", Action: "*", Resource: "*", Condition: { StringNotEquals: { "aws:SourceVpce": STRANGER_VPCE } } }) },
    { name: "Django secret allows Principal * from a stranger's endpoint", change: secretPolicy("django-share", DJANGO, { Effect: "Allow", Principal: "*", Action: "secretsmanager:GetSecretValue", Resource: "*", Condition: { StringEquals: { "aws:SourceVpce": STRANGER_VPCE } } }) },
    { name: "static bucket allows Principal * from another VPC", change: appended(BUCKET_POLICY, "data-static-policy", { Sid: "PartnerVpc", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: STATIC[1], Condition: { StringEquals: { "aws:SourceVpc": OTHER_VPC } } }) },
    { name: "app-settings key allows Principal * from the stack's endpoint or a stranger's", change: appended(KEY, "app-settings-key", { Sid: "Partner", Effect: "Allow", Principal: "*", Action: "kms:Decrypt", Resource: "*", Condition: { StringEquals: { "aws:SourceVpce": [PROD.secrets, STRANGER_VPCE] } } }) },
    { name: "[dr] cache token denies every request not from prod's endpoint", stack: "dr", change: secretPolicy("cache-perimeter", DR_CACHE, deny("secretsmanager:GetSecretValue", { StringNotEquals: { "aws:SourceVpce": PROD.secrets } })) },
    { name: "[dr] cache token allows Principal * from prod's VPC (not a network of this stack)", stack: "dr", change: secretPolicy("cache-share", DR_CACHE, { Effect: "Allow", Principal: "*", Action: "secretsmanager:GetSecretValue", Resource: "*", Condition: { StringEquals: { "aws:SourceVpc": PROD.vpc } } }) },
    // Every role of the account that calls from inside the VPC (the frontend's task among them) reads it.
    { name: "Django secret readable by every principal of the account that calls from the stack's endpoint", change: secretPolicy("django-share", DJANGO, { Effect: "Allow", Principal: "*", Action: "secretsmanager:GetSecretValue", Resource: "*", Condition: { StringEquals: { "aws:SourceVpce": PROD.secrets, "aws:PrincipalAccount": ACCOUNT } } }) },
];

const compliant: Case[] = [
    { name: "Django secret denies every request not from the stack's Secrets Manager endpoint", change: secretPolicy("django-perimeter", DJANGO, deny("secretsmanager:GetSecretValue", { StringNotEquals: { "aws:SourceVpce": PROD.secrets } })) },
    { name: "Django secret denies every request not from the stack's VPC", change: secretPolicy("django-perimeter", DJANGO, deny("secretsmanager:GetSecretValue", { StringNotEquals: { "aws:SourceVpc": PROD.vpc } })) },
    { name: "master secret denies every request not from the stack's VPC (the function runs there)", change: secretPolicy("master-perimeter", MASTER, deny("secretsmanager:GetSecretValue", { StringNotEquals: { "aws:SourceVpc": PROD.vpc } })) },
    { name: "app-settings key: data perimeter on the VPC with the AWS-service exemption", change: appended(KEY, "app-settings-key", deny("kms:Decrypt", { StringNotEquals: { "aws:SourceVpc": PROD.vpc }, BoolIfExists: { "aws:ViaAWSService": "false" } })) },
    { name: "static bucket denies private addresses outside the VPC's block", change: appended(BUCKET_POLICY, "data-static-policy", deny("s3:GetObject", { NotIpAddress: { "aws:VpcSourceIp": "10.0.0.0/16" } }, STATIC)) },
    { name: "backend repository denies pulls not from the stack's two ECR endpoints", change: repositoryPolicy(deny("ecr:*", { StringNotEquals: { "aws:SourceVpce": [PROD.ecrApi, PROD.ecrDkr] } })) },
    { name: "[dr] cache token denies every request not from dr's endpoint", stack: "dr", change: secretPolicy("cache-perimeter", DR_CACHE, deny("secretsmanager:GetSecretValue", { StringNotEquals: { "aws:SourceVpce": DR.secrets } })) },
    { name: "[dr] cache token denies every request not from dr's VPC", stack: "dr", change: secretPolicy("cache-perimeter", DR_CACHE, deny("secretsmanager:GetSecretValue", { StringNotEquals: { "aws:SourceVpc": DR.vpc } })) },
];

suite("adversarial class 1: conditions keyed on where a request comes from", violations, compliant);
