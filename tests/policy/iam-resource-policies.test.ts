/**
 * iam-resource-policy-principals, adversarially: every resource type with a policy, opened to
 * the world or to another account in the ways AWS accepts, and the narrowings that really hold.
 */
import { iamResourcePolicyPrincipals } from "../../policy/iam/resourcePolicies";
import { stackTable } from "./support/cases";
import { ACCOUNT } from "./support/fixtures";
import { StackResourceInput } from "./support/harness";
import { adding, BUCKET_ARN, doc, find, FOREIGN, iamStack, KEY_ARN, REGION, SECRET_ARN, TOPIC_ARN } from "./support/iam";

const ROOT = `arn:aws:iam::${ACCOUNT}:root`;
const DEPLOYER = `arn:aws:iam::${ACCOUNT}:role/deployer`;
const TLS_ONLY = { Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [BUCKET_ARN, `${BUCKET_ARN}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } } };
const KEY_ADMIN = { Sid: "AccountAdministersKeyThroughIam", Effect: "Allow", Principal: { AWS: ROOT }, Action: "kms:*", Resource: "*" };
const TOPIC_OWNER = { Effect: "Allow", Principal: { AWS: ROOT }, Action: "sns:*", Resource: TOPIC_ARN };
const ALARMS_PUBLISH = { Effect: "Allow", Principal: { Service: "cloudwatch.amazonaws.com" }, Action: "sns:Publish", Resource: TOPIC_ARN, Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } } };

/** The stack with a bucket, key and topic policy as the program writes them. */
function stack(): StackResourceInput[] {
    return [
        ...iamStack(),
        { type: "aws:s3/bucketPolicy:BucketPolicy", name: "static-policy", props: { bucket: "expertconnect-prod-static", policy: doc(TLS_ONLY) } },
        { type: "aws:sns/topicPolicy:TopicPolicy", name: "alarms-policy", props: { arn: TOPIC_ARN, policy: doc(TOPIC_OWNER, ALARMS_PUBLISH) } },
        { type: "aws:kms/keyPolicy:KeyPolicy", name: "key-policy", props: { keyId: KEY_ARN, policy: doc(KEY_ADMIN) } },
    ];
}

const set = (name: string, property: string, ...statements: object[]) => (s: StackResourceInput[]) => { find(s, name).props[property] = doc(...statements); };
const bucketPolicy = (...statements: object[]) => set("static-policy", "policy", TLS_ONLY, ...statements);
const read = (Principal: unknown, Condition?: object) => ({ Effect: "Allow", Principal, Action: "s3:GetObject", Resource: `${BUCKET_ARN}/*`, ...(Condition ? { Condition } : {}) });
const withPolicy = (type: string, name: string, property: string, statement: object): StackResourceInput => ({ type, name, props: { [property]: doc(statement) } });
const permission = (props: object): StackResourceInput => ({ type: "aws:lambda/permission:Permission", name: "invoke", props: { action: "lambda:InvokeFunction", function: "expertconnect-rotation", ...props } });
const busPermission = (props: object): StackResourceInput => ({ type: "aws:cloudwatch/eventPermission:EventPermission", name: "bus-share", props: { statementId: "s", eventBusName: "default", ...props } });
const layerPermission = (props: object): StackResourceInput => ({ type: "aws:lambda/layerVersionPermission:LayerVersionPermission", name: "layer-share", props: { layerName: "pgwire", versionNumber: 1, statementId: "s", action: "lambda:GetLayerVersion", ...props } });
const AP_ARN = `arn:aws:s3:${REGION}:${ACCOUNT}:accesspoint/backup-share`;
/** An access point on the bucket, all its public access blocks on, with its own (inline) policy. */
const accessPoint = (statement: object): StackResourceInput => ({ type: "aws:s3/accessPoint:AccessPoint", name: "backup-share", props: { bucket: "expertconnect-prod-static", name: "backup-share",
    publicAccessBlockConfiguration: { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true }, policy: doc(statement) } });
const TABLE_ARN = `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/sessions`;
const OWN_VPC = "vpc-0e6ad3833cd78ec1f";
const KEY_USE = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"];
/** The key policy with one service statement besides the administration. */
const keyService = (Service: string, Condition?: object, Action: string[] = KEY_USE) =>
    set("key-policy", "policy", KEY_ADMIN, { Sid: "ServiceUse0", Effect: "Allow", Principal: { Service }, Action, Resource: "*", ...(Condition ? { Condition } : {}) });
const LOGS = `logs.${REGION}.amazonaws.com`;
const logsContext = (op: string, value: string) => ({ [op]: { "kms:EncryptionContext:aws:logs:arn": value } });
const OWN_VPCE = "vpce-0a1b2c3d4e5f67890";
/** The stack's VPC and endpoint, known (as in the analyzer) by their ARNs only; then `change`. */
const ownEndpoint = (change: (s: StackResourceInput[]) => void) => (s: StackResourceInput[]) => {
    s.push({ type: "aws:ec2/vpc:Vpc", name: "network", props: { arn: `arn:aws:ec2:${REGION}:${ACCOUNT}:vpc/${OWN_VPC}` } },
        { type: "aws:ec2/vpcEndpoint:VpcEndpoint", name: "endpoint", props: { arn: `arn:aws:ec2:${REGION}:${ACCOUNT}:vpc-endpoint/${OWN_VPCE}`, vpcId: OWN_VPC } });
    change(s);
};

/** The dr region's repository creation template, with `policy` as the policy of the repositories it creates. */
const template = (repositoryPolicy?: object): StackResourceInput => ({
    type: "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate", name: "dr-images-template",
    props: { prefix: "ROOT", appliedFors: ["REPLICATION"], imageTagMutability: "IMMUTABLE", region: "us-west-2", ...(repositoryPolicy ? { repositoryPolicy: doc(repositoryPolicy) } : {}) },
});
const PULL = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"];
/** ECR replication of the expertconnect- repositories to `destinations`. */
const replication = (...destinations: object[]): StackResourceInput => ({
    type: "aws:ecr/replicationConfiguration:ReplicationConfiguration", name: "dr-images-registry",
    props: { replicationConfiguration: { rules: [{ destinations, repositoryFilters: [{ filter: "expertconnect-", filterType: "PREFIX_MATCH" }] }] } },
});

describe("iam-resource-policy-principals", () => {
    stackTable(iamResourcePolicyPrincipals, stack(), {
        passes: {
            "a creation template without a repository policy": { change: adding(template()) },
            "a creation template whose repositories only this account's roles pull from": {
                change: adding(template({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/expertconnect-dr-backend-execution` }, Action: PULL })),
            },
            "ECR replication to this account's registry in the dr region": { change: adding(replication({ region: "us-west-2", registryId: ACCOUNT })) },
            "ECR replication to a partner account listed in trustedAccountIds": {
                change: adding(replication({ region: "us-west-2", registryId: ACCOUNT }, { region: "eu-west-1", registryId: FOREIGN })), config: { trustedAccountIds: [FOREIGN] },
            },
            "CloudTrail writes with aws:SourceArn naming this account's trail": {
                change: bucketPolicy({ Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "s3:PutObject", Resource: `${BUCKET_ARN}/AWSLogs/${ACCOUNT}/*`, Condition: { StringEquals: { "aws:SourceArn": `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/audit` } } }),
            },
            "Elastic Load Balancing's log-delivery account may only put objects": {
                change: bucketPolicy({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::127311923021:root" }, Action: "s3:PutObject", Resource: `${BUCKET_ARN}/alb/AWSLogs/${ACCOUNT}/*` }),
            },
            // Writes: a read by every principal that calls from the stack's network is refused as an account-wide reader.
            "Principal \"*\" confined to a VPC endpoint of the stack": { change: ownEndpoint(bucketPolicy({ ...read("*", { StringEquals: { "aws:SourceVpce": OWN_VPCE } }), Action: "s3:PutObject" })) },
            "Principal \"*\" confined to the stack's VPC (an id learned from its ARN)": { change: ownEndpoint(bucketPolicy({ ...read("*", { StringEquals: { "aws:SourceVpc": OWN_VPC } }), Action: "s3:PutObject" })) },
            "Principal \"*\" confined to one role of this account (aws:PrincipalArn)": { change: bucketPolicy(read({ AWS: "*" }, { StringEquals: { "aws:PrincipalAccount": ACCOUNT, "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT}:role/expertconnect-prod-backend-task` } })) },
            "Principal \"*\" confined to this account may write objects (not a read of the data)": {
                change: bucketPolicy({ Effect: "Allow", Principal: "*", Action: "s3:PutObject", Resource: `${BUCKET_ARN}/*`, Condition: { StringEquals: { "aws:PrincipalAccount": ACCOUNT } } }),
            },
            "the key policy delegates to IAM by the bare account id": {
                change: set("key-policy", "policy", { ...KEY_ADMIN, Principal: { AWS: ACCOUNT } }),
            },
            "the key policy delegates to IAM and names a deployer besides": {
                change: set("key-policy", "policy", KEY_ADMIN, { Effect: "Allow", Principal: { AWS: DEPLOYER }, Action: "kms:*", Resource: "*" }),
            },
            "a secret read delegated to IAM (the account root): only identities allowed by their own policies read it": {
                change: adding({ type: "aws:secretsmanager/secretPolicy:SecretPolicy", name: "secret-policy", props: { secretArn: SECRET_ARN, policy: doc({ Effect: "Allow", Principal: { AWS: ROOT }, Action: "secretsmanager:GetSecretValue", Resource: "*" }) } }),
            },
            "Principal \"*\" confined to one named role by aws:PrincipalArn, through Secrets Manager": {
                change: set("key-policy", "policy", KEY_ADMIN, { Effect: "Allow", Principal: { AWS: "*" }, Action: ["kms:Decrypt"], Resource: "*", Condition: { StringEquals: { "kms:CallerAccount": ACCOUNT, "kms:ViaService": `secretsmanager.${REGION}.amazonaws.com` }, ArnEquals: { "aws:PrincipalArn": DEPLOYER } } }),
            },
            "the key refuses data-key use except through S3 of its region (IAM still grants it that way)": {
                change: set("key-policy", "policy", KEY_ADMIN, { Effect: "Deny", Principal: "*", Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*"], Resource: "*", Condition: { StringNotEquals: { "kms:ViaService": `s3.${REGION}.amazonaws.com` } } }),
            },
            "the ELB log account writes under this account's folder of any prefix": {
                change: bucketPolicy({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::127311923021:root" }, Action: "s3:PutObject", Resource: `${BUCKET_ARN}/*/AWSLogs/${ACCOUNT}/*` }),
            },
            "a key grants CloudWatch Logs narrowed by encryption context (no source account in KMS requests)": {
                change: set("key-policy", "policy", KEY_ADMIN, { Effect: "Allow", Principal: { Service: `logs.${REGION}.amazonaws.com` }, Action: ["kms:Encrypt*", "kms:Decrypt*"], Resource: "*", Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:*` } } }),
            },
            "a key grants CloudWatch Logs one log group (ArnEquals on its encryption context)": { change: keyService(LOGS, logsContext("ArnEquals", `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/ecs/expertconnect-prod-backend`)) },
            "a key grants EventBridge without a condition (EventBridge sends no source context to KMS; the topic policy confines publishers)": { change: keyService("events.amazonaws.com") },
            "a key grants CloudWatch alarms with aws:SourceAccount": { change: keyService("cloudwatch.amazonaws.com", { StringEquals: { "aws:SourceAccount": ACCOUNT } }) },
            "a key grants CloudTrail by the trail's encryption context of this account (multi-region trail)": {
                change: keyService("cloudtrail.amazonaws.com", { StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": `arn:aws:cloudtrail:*:${ACCOUNT}:trail/*` } }, ["kms:GenerateDataKey*"]),
            },
            "a key lets CloudTrail describe it unconditioned (metadata only, as AWS's default key policy)": { change: keyService("cloudtrail.amazonaws.com", undefined, ["kms:DescribeKey"]) },
            "a key grants AWS Config with aws:SourceArn naming this account's recorder": {
                change: keyService("config.amazonaws.com", { StringEquals: { "aws:SourceArn": `arn:aws:config:${REGION}:${ACCOUNT}:config-recorder/default` } }, ["kms:Decrypt", "kms:GenerateDataKey"]),
            },
            "a lambda permission for EventBridge with the rule's ARN": {
                change: adding(permission({ principal: "events.amazonaws.com", sourceArn: `arn:aws:events:${REGION}:${ACCOUNT}:rule/rotate` })),
            },
            "an access point's own policy for this account's role": {
                change: adding(accessPoint({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/backend` }, Action: "s3:GetObject", Resource: `${AP_ARN}/object/*` })),
            },
            "a DynamoDB table policy for this account's role": {
                change: adding(withPolicy("aws:dynamodb/resourcePolicy:ResourcePolicy", "sessions-policy", "policy", { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/backend` }, Action: "dynamodb:GetItem", Resource: TABLE_ARN })),
            },
            "a layer version shared with our organization (configured)": { change: adding(layerPermission({ principal: "*", organizationId: "o-a1b2c3d4e5" })), config: { organizationId: "o-a1b2c3d4e5" } },
            "an image repository pulled by our organization (configured)": {
                change: adding(withPolicy("aws:ecr/repositoryPolicy:RepositoryPolicy", "repo-org", "policy", { Effect: "Allow", Principal: "*", Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"], Condition: { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } } })),
                config: { organizationId: "o-a1b2c3d4e5" },
            },
            "a layer version shared with this account": { change: adding(layerPermission({ principal: ACCOUNT })) },
            "the event bus open to our organization (configured)": {
                change: adding(busPermission({ principal: "*", condition: { key: "aws:PrincipalOrgID", type: "StringEquals", value: "o-a1b2c3d4e5" } })), config: { organizationId: "o-a1b2c3d4e5" },
            },
            "the event bus open to a partner account listed as trusted": { change: adding(busPermission({ principal: FOREIGN })), config: { trustedAccountIds: [FOREIGN] } },
            "a partner account trusted in pack config": { change: bucketPolicy(read({ AWS: FOREIGN })), config: { trustedAccountIds: [FOREIGN] } },
            "a private bucket ACL granting only the owner": {
                change: adding({ type: "aws:s3/bucketAcl:BucketAcl", name: "static-acl", props: { bucket: "expertconnect-prod-static", acl: "private", accessControlPolicy: { owner: { id: "owner" }, grants: [{ grantee: { type: "CanonicalUser", id: "owner" }, permission: "FULL_CONTROL" }] } } }),
            },
            "a Deny to everyone outside the organization": {
                change: bucketPolicy({ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: `${BUCKET_ARN}/*`, Condition: { StringNotEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } } }),
            },
        },
        violations: {
            "a key grants CloudWatch Logs without a condition (any account's log group can use the key)": { change: keyService(LOGS), message: /lets logs\.us-east-1\.amazonaws\.com use the key without kms:EncryptionContext:aws:logs:arn .*confused deputy/ },
            "a key's CloudWatch Logs context widened to every account (arn:aws:logs:*:*:log-group:*)": { change: keyService(LOGS, logsContext("ArnLike", "arn:aws:logs:*:*:log-group:*")), message: /naming this account and region us-east-1/ },
            "a key's CloudWatch Logs context with a wildcard account": { change: keyService(LOGS, logsContext("StringLike", `arn:aws:logs:${REGION}:*:log-group:*`)), message: /confused deputy/ },
            "a key's CloudWatch Logs context with a wildcard region": { change: keyService(LOGS, logsContext("ArnLike", `arn:aws:logs:*:${ACCOUNT}:log-group:*`)), message: /region us-east-1/ },
            "a key's CloudWatch Logs context only if it exists (…IfExists passes without it)": { change: keyService(LOGS, logsContext("ArnLikeIfExists", `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:*`)), message: /confused deputy/ },
            "a key's CloudWatch Logs context negated": { change: keyService(LOGS, logsContext("ArnNotLike", `arn:aws:logs:${REGION}:${FOREIGN}:log-group:*`)), message: /confused deputy/ },
            "a key's CloudWatch Logs statement confined by a condition Logs does not send for a group's data (transport)": { change: keyService(LOGS, { Bool: { "aws:SecureTransport": "true" } }), message: /confused deputy/ },
            "a key grants CloudWatch alarms without aws:SourceAccount": { change: keyService("cloudwatch.amazonaws.com"), message: /cloudwatch\.amazonaws\.com use the key without aws:SourceAccount or aws:SourceArn/ },
            "a key grants CloudTrail with a context of any account": {
                change: keyService("cloudtrail.amazonaws.com", { StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": "arn:aws:cloudtrail:*:*:trail/*" } }, ["kms:GenerateDataKey*"]), message: /cloudtrail\.amazonaws\.com use the key/,
            },
            "a key grants Budgets with another account's aws:SourceAccount": { change: keyService("budgets.amazonaws.com", { StringEquals: { "aws:SourceAccount": FOREIGN } }), message: /budgets\.amazonaws\.com/ },
            "a key grants S3 (event notifications) without a source condition": { change: keyService("s3.amazonaws.com", undefined, ["kms:GenerateDataKey", "kms:Decrypt"]), message: /s3\.amazonaws\.com use the key/ },
            "a bucket readable by everyone in another network's VPC endpoint": {
                change: ownEndpoint(bucketPolicy(read("*", { StringEquals: { "aws:SourceVpce": "vpce-0fedcba9876543210" } }))), message: /aws:SourceVpce vpce-0fedcba9876543210 is not a VPC or endpoint of this stack/,
            },
            "a bucket readable by everyone in another VPC": {
                change: ownEndpoint(bucketPolicy(read("*", { StringEquals: { "aws:SourceVpc": "vpc-0aaaabbbbccccdddd" } }))), message: /aws:SourceVpc vpc-0aaaabbbbccccdddd is not/,
            },
            "a secret readable by everyone in the stack's endpoint or a stranger's": {
                change: ownEndpoint(adding(withPolicy("aws:secretsmanager/secretPolicy:SecretPolicy", "share", "policy", { Effect: "Allow", Principal: "*", Action: "secretsmanager:GetSecretValue", Resource: SECRET_ARN, Condition: { StringEquals: { "aws:SourceVpce": [OWN_VPCE, "vpce-0fedcba9876543210"] } } }))),
                message: /vpce-0fedcba9876543210 is not a VPC or endpoint/,
            },
            "a bucket readable by everyone from an address range": { change: bucketPolicy(read("*", { IpAddress: { "aws:SourceIp": "198.51.100.0/24" } })), message: /Principal "\*"/ },
            "an image repository pulled by an organization that is not ours": {
                change: adding(withPolicy("aws:ecr/repositoryPolicy:RepositoryPolicy", "repo-org", "policy", { Effect: "Allow", Principal: "*", Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"], Condition: { StringEquals: { "aws:PrincipalOrgID": "o-7fq2k9xm4p" } } })),
                config: { organizationId: "o-a1b2c3d4e5" }, message: /Principal "\*" without a condition/,
            },
            "a bucket readable by any member of an organization when the stack has none": { change: bucketPolicy(read("*", { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } })), message: /Principal "\*"/ },
            "a bucket readable by an organization path of another organization": { change: bucketPolicy(read("*", { "ForAnyValue:StringEquals": { "aws:PrincipalOrgPaths": "o-7fq2k9xm4p/r-ab12/ou-ab12-11111111/" } })), config: { organizationId: "o-a1b2c3d4e5" }, message: /Principal "\*"/ },
            "a bucket readable by everyone": { change: bucketPolicy(read("*")), message: /static-policy.*Principal "\*"/ },
            "everyone, with aws:SourceAccount \"*\"": { change: bucketPolicy(read("*", { StringLike: { "aws:SourceAccount": "*" } })), message: /Principal "\*"/ },
            "everyone, with an IfExists account (anonymous requests carry none)": {
                change: bucketPolicy(read("*", { StringEqualsIfExists: { "aws:SourceAccount": ACCOUNT } })), message: /Principal "\*"/,
            },
            "the key policy's root statement replaced by a deployer-only statement, lockout check bypassed": {
                change: s => { set("key-policy", "policy", { Effect: "Allow", Principal: { AWS: DEPLOYER }, Action: "kms:*", Resource: "*" })(s); find(s, "key-policy").props.bypassPolicyLockoutSafetyCheck = true; },
                message: /key-policy: the key policy of key key .* keeps the account's IAM policies from granting kms:PutKeyPolicy, kms:CreateGrant, kms:DescribeKey, kms:Decrypt, kms:GenerateDataKey \(bypassPolicyLockoutSafetyCheck/,
            },
            "the key's own policy property without the root statement": {
                change: s => { find(s, "key").props.policy = doc({ Effect: "Allow", Principal: { AWS: DEPLOYER }, Action: "kms:*", Resource: "*" }); s.splice(s.findIndex(r => r.name === "key-policy"), 1); },
                message: /the key policy of key key .* keeps the account's IAM policies from granting kms:PutKeyPolicy/,
            },
            "the root statement kept but a Deny of kms:* to everyone but the deployer": {
                change: set("key-policy", "policy", KEY_ADMIN, { Effect: "Deny", Principal: "*", Action: "kms:*", Resource: "*", Condition: { StringNotEquals: { "aws:PrincipalArn": DEPLOYER } } }),
                message: /keeps the account's IAM policies from granting kms:PutKeyPolicy/,
            },
            "the root statement narrowed to key use only": {
                change: set("key-policy", "policy", { ...KEY_ADMIN, Action: ["kms:Decrypt", "kms:DescribeKey"] }), message: /granting kms:PutKeyPolicy, kms:CreateGrant, kms:GenerateDataKey:/,
            },
            "every principal of this account may read the objects (Principal \"*\" confined to the account)": {
                change: bucketPolicy(read({ AWS: "*" }, { StringEquals: { "aws:PrincipalAccount": ACCOUNT } })), message: /Principal "\*" lets every role and user of account 123456789012 s3:GetObject on Bucket expertconnect-prod-static/,
            },
            "every principal of this account may read the secret (aws:PrincipalAccount)": {
                change: adding({ type: "aws:secretsmanager/secretPolicy:SecretPolicy", name: "secret-policy", props: { secretArn: SECRET_ARN, policy: doc({ Effect: "Allow", Principal: { AWS: "*" }, Action: "secretsmanager:GetSecretValue", Resource: "*", Condition: { StringEquals: { "aws:PrincipalAccount": ACCOUNT } } }) } }),
                message: /secret-policy: Principal "\*" lets every role and user of account .* secretsmanager:GetSecretValue on Secret/,
            },
            "every principal of this account may decrypt through Secrets Manager (kms:CallerAccount and kms:ViaService: the caller chooses the service)": {
                change: set("key-policy", "policy", KEY_ADMIN, { Effect: "Allow", Principal: { AWS: "*" }, Action: ["kms:Decrypt"], Resource: "*", Condition: { StringEquals: { "kms:CallerAccount": ACCOUNT, "kms:ViaService": `secretsmanager.${REGION}.amazonaws.com` } } }),
                message: /key-policy: Principal "\*" lets every role and user .* kms:Decrypt on Key/,
            },
            "every principal of this account may decrypt from inside the VPC endpoint the policy names": {
                change: set("key-policy", "policy", KEY_ADMIN, { Effect: "Allow", Principal: { AWS: "*" }, Action: ["kms:Decrypt"], Resource: "*", Condition: { StringEquals: { "aws:PrincipalAccount": ACCOUNT, "aws:SourceVpce": "vpce-0a1b2c3d4e5f67890" } } }),
                message: /key-policy: Principal "\*" lets every role and user .* kms:Decrypt on Key/,
            },
            "every principal of this account may decrypt with the key (kms:CallerAccount, no service condition)": {
                change: set("key-policy", "policy", KEY_ADMIN, { Effect: "Allow", Principal: { AWS: "*" }, Action: ["kms:Decrypt", "kms:DescribeKey"], Resource: "*", Condition: { StringEquals: { "kms:CallerAccount": ACCOUNT } } }),
                message: /key-policy: Principal "\*" lets every role and user .* kms:Decrypt on Key/,
            },
            "every principal of this account may read the secret (NotAction spelling)": {
                change: adding({ type: "aws:secretsmanager/secretPolicy:SecretPolicy", name: "secret-policy", props: { secretArn: SECRET_ARN, policy: doc({ Effect: "Allow", Principal: "*", NotAction: "secretsmanager:DeleteSecret", Resource: "*", Condition: { StringEquals: { "aws:ResourceAccount": ACCOUNT } } }) } }),
                message: /secretsmanager:GetSecretValue/,
            },
            "everyone, with a negated account condition": { change: bucketPolicy(read("*", { StringNotEquals: { "aws:PrincipalAccount": FOREIGN } })), message: /Principal "\*"/ },
            "everyone, with a wildcard source ARN": { change: bucketPolicy(read({ AWS: "*" }, { ArnLike: { "aws:SourceArn": "arn:aws:cloudfront::*:distribution/*" } })), message: /Principal "\*"/ },
            "everyone, with a condition on the requester's own tag": { change: bucketPolicy(read("*", { StringEquals: { "aws:PrincipalTag/team": "web" } })), message: /Principal "\*"/ },
            "a foreign bare account": { change: bucketPolicy(read({ AWS: FOREIGN })), message: new RegExp(`account ${FOREIGN}`) },
            "a foreign account's role": { change: bucketPolicy(read({ AWS: `arn:aws:iam::${FOREIGN}:role/reader` })), message: new RegExp(FOREIGN) },
            "everyone in a foreign account (by condition)": { change: bucketPolicy(read("*", { StringEquals: { "aws:PrincipalAccount": FOREIGN } })), message: new RegExp(FOREIGN) },
            "NotPrincipal with Allow": { change: bucketPolicy({ Effect: "Allow", NotPrincipal: { AWS: ROOT }, Action: "s3:GetObject", Resource: `${BUCKET_ARN}/*` }), message: /NotPrincipal/ },
            "the ELB log account may write anywhere in the bucket (any customer's load balancers can log into it)": {
                change: bucketPolicy({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::127311923021:root" }, Action: "s3:PutObject", Resource: `${BUCKET_ARN}/*` }),
                message: /delivery account 127311923021 write to arn:aws:s3:::expertconnect-prod-static\/\*, where it writes the logs of any customer's load balancers/,
            },
            "the ELB log account may write under any account's AWSLogs folder": {
                change: bucketPolicy({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::127311923021:root" }, Action: "s3:PutObject", Resource: `${BUCKET_ARN}/alb/AWSLogs/*` }),
                message: /confused deputy/,
            },
            "the ELB log account may write everywhere but one prefix (NotResource)": {
                change: bucketPolicy({ Effect: "Allow", Principal: { AWS: "127311923021" }, Action: "s3:PutObject", NotResource: `${BUCKET_ARN}/private/*` }),
                message: /NotResource/,
            },
            "the ELB log account asks for more than PutObject": {
                change: bucketPolicy({ Effect: "Allow", Principal: { AWS: "127311923021" }, Action: ["s3:PutObject", "s3:GetObject"], Resource: `${BUCKET_ARN}/*` }), message: /127311923021/,
            },
            "a service writes to the bucket without a source condition": {
                change: bucketPolicy({ Effect: "Allow", Principal: { Service: "delivery.logs.amazonaws.com" }, Action: "s3:PutObject", Resource: `${BUCKET_ARN}/*` }), message: /confused deputy/,
            },
            "a canonical user (another account's identity)": { change: bucketPolicy(read({ CanonicalUser: "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be" })), message: /canonical user/ },
            "an access point's own policy lets everyone read its bucket": {
                change: adding(accessPoint({ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `${AP_ARN}/object/*` })), message: /backup-share.*Principal "\*"/,
            },
            "an access point's own policy lets a foreign account read its bucket": {
                change: adding(accessPoint({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${FOREIGN}:root` }, Action: "s3:GetObject", Resource: `${AP_ARN}/object/*` })), message: new RegExp(FOREIGN),
            },
            "the bucket's own policy property opens it": {
                change: s => { find(s, "static").props.policy = doc(read("*")); }, message: /static.*Principal "\*"/,
            },
            "a key policy lets everyone use the key": { change: set("key-policy", "policy", KEY_ADMIN, { Effect: "Allow", Principal: "*", Action: "kms:*", Resource: "*" }), message: /key-policy.*Principal "\*"/ },
            "a key policy on the key itself lets a foreign account decrypt": {
                change: s => { find(s, "key").props.policy = doc(KEY_ADMIN, { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${FOREIGN}:root` }, Action: "kms:Decrypt", Resource: "*" }); }, message: new RegExp(FOREIGN),
            },
            "a topic anyone may publish to": { change: set("alarms-policy", "policy", TOPIC_OWNER, { Effect: "Allow", Principal: { AWS: "*" }, Action: "sns:Publish", Resource: TOPIC_ARN }), message: /Principal "\*"/ },
            "a topic any account's alarms may publish to": {
                change: set("alarms-policy", "policy", TOPIC_OWNER, { ...ALARMS_PUBLISH, Condition: undefined }), message: /cloudwatch.amazonaws.com.*confused deputy/,
            },
            "a topic's inline policy subscribes a foreign account": {
                change: s => { find(s, "alarms").props.policy = doc({ Effect: "Allow", Principal: { AWS: FOREIGN }, Action: "sns:Subscribe", Resource: TOPIC_ARN }); }, message: new RegExp(FOREIGN),
            },
            "a queue policy open to all": { change: adding(withPolicy("aws:sqs/queuePolicy:QueuePolicy", "jobs-policy", "policy", { Effect: "Allow", Principal: "*", Action: "sqs:SendMessage", Resource: "*" })), message: /jobs-policy/ },
            "a queue's own policy for a foreign account": { change: adding(withPolicy("aws:sqs/queue:Queue", "jobs", "policy", { Effect: "Allow", Principal: { AWS: FOREIGN }, Action: "sqs:*", Resource: "*" })), message: new RegExp(FOREIGN) },
            "a secret policy for a foreign role": {
                change: adding({ type: "aws:secretsmanager/secretPolicy:SecretPolicy", name: "django-policy", props: { secretArn: SECRET_ARN, policy: doc({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${FOREIGN}:role/x` }, Action: "secretsmanager:GetSecretValue", Resource: "*" }) } }),
                message: new RegExp(FOREIGN),
            },
            "a secret's own policy open to all": { change: s => { find(s, "django").props.policy = doc({ Effect: "Allow", Principal: "*", Action: "secretsmanager:GetSecretValue", Resource: "*" }); }, message: /django/ },
            "a repository anyone may pull": {
                change: adding(withPolicy("aws:ecr/repositoryPolicy:RepositoryPolicy", "backend-repo-policy", "policy", { Effect: "Allow", Principal: "*", Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"] })), message: /backend-repo-policy/,
            },
            "a creation template gives the repositories it creates a policy letting a foreign account pull": {
                change: adding(template({ Sid: "VendorPull", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${FOREIGN}:root` }, Action: PULL })), message: new RegExp(`dr-images-template.*${FOREIGN}`),
            },
            "a creation template lets anyone pull": {
                change: adding(template({ Effect: "Allow", Principal: "*", Action: PULL })), message: /dr-images-template.*Principal "\*"/,
            },
            "ECR replication copies the images to a foreign account's registry": {
                change: adding(replication({ region: "us-west-2", registryId: ACCOUNT }, { region: "us-east-1", registryId: FOREIGN })),
                message: new RegExp(`dr-images-registry: replicationConfiguration.rules\\[0\\].destinations\\[1\\] copies the repositories starting with expertconnect-'s images to registry ${FOREIGN}`),
            },
            "ECR replication without a filter sends every repository to a foreign account": {
                change: s => { const r = replication({ region: "us-west-2", registryId: FOREIGN }); (r.props as any).replicationConfiguration.rules[0].repositoryFilters = []; s.push(r); },
                message: /copies every repository's images to registry 444455556666/,
            },
            "a registry policy replicating to a foreign account": {
                change: adding(withPolicy("aws:ecr/registryPolicy:RegistryPolicy", "registry", "policy", { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${FOREIGN}:root` }, Action: "ecr:ReplicateImage", Resource: "*" })), message: new RegExp(FOREIGN),
            },
            "a backup vault policy for a foreign account": {
                change: adding(withPolicy("aws:backup/vaultPolicy:VaultPolicy", "vault-policy", "policy", { Effect: "Allow", Principal: { AWS: FOREIGN }, Action: "backup:CopyIntoBackupVault", Resource: "*" })), message: new RegExp(FOREIGN),
            },
            "a log resource policy for a service without a source condition": {
                change: adding(withPolicy("aws:cloudwatch/logResourcePolicy:LogResourcePolicy", "es-logs", "policyDocument", { Effect: "Allow", Principal: { Service: "es.amazonaws.com" }, Action: ["logs:PutLogEvents", "logs:CreateLogStream"], Resource: "*" })),
                message: /es-logs.*confused deputy/,
            },
            "an EFS file system policy open to all": {
                change: adding(withPolicy("aws:efs/fileSystemPolicy:FileSystemPolicy", "efs-policy", "policy", { Effect: "Allow", Principal: { AWS: "*" }, Action: "elasticfilesystem:ClientMount", Resource: "*" })), message: /efs-policy/,
            },
            "an EventBridge bus policy for a foreign account": {
                change: adding(withPolicy("aws:cloudwatch/eventBusPolicy:EventBusPolicy", "bus", "policy", { Effect: "Allow", Principal: { AWS: FOREIGN }, Action: "events:PutEvents", Resource: "*" })), message: new RegExp(FOREIGN),
            },
            "a DynamoDB table policy open to all": {
                change: adding(withPolicy("aws:dynamodb/resourcePolicy:ResourcePolicy", "sessions-policy", "policy", { Effect: "Allow", Principal: "*", Action: ["dynamodb:GetItem", "dynamodb:Scan"], Resource: TABLE_ARN })), message: /sessions-policy.*Principal "\*"/,
            },
            "a Kinesis stream policy for a foreign account": {
                change: adding(withPolicy("aws:kinesis/resourcePolicy:ResourcePolicy", "stream-policy", "policy", { Effect: "Allow", Principal: { AWS: FOREIGN }, Action: "kinesis:GetRecords", Resource: "*" })), message: new RegExp(FOREIGN),
            },
            "an MSK cluster policy open to all": {
                change: adding(withPolicy("aws:msk/clusterPolicy:ClusterPolicy", "msk-policy", "policy", { Effect: "Allow", Principal: { AWS: "*" }, Action: "kafka:CreateVpcConnection", Resource: "*" })), message: /msk-policy/,
            },
            "a Redshift resource policy for a foreign account": {
                change: adding(withPolicy("aws:redshift/resourcePolicy:ResourcePolicy", "rs-policy", "policy", { Effect: "Allow", Principal: { AWS: FOREIGN }, Action: "redshift:AuthorizeInboundIntegration", Resource: "*" })), message: new RegExp(FOREIGN),
            },
            "a legacy Elasticsearch domain open to all": {
                change: adding(withPolicy("aws:elasticsearch/domain:Domain", "legacy-search", "accessPolicies", { Effect: "Allow", Principal: { AWS: "*" }, Action: "es:*", Resource: "*" })), message: /legacy-search/,
            },
            "a legacy Elasticsearch domain policy open to all": {
                change: adding(withPolicy("aws:elasticsearch/domainPolicy:DomainPolicy", "legacy-search-policy", "accessPolicies", { Effect: "Allow", Principal: "*", Action: "es:ESHttpGet", Resource: "*" })), message: /legacy-search-policy/,
            },
            "a layer version public to every account": { change: adding(layerPermission({ principal: "*" })), message: /layer-share.*Principal "\*"/ },
            "a layer version shared with a foreign account": { change: adding(layerPermission({ principal: FOREIGN })), message: new RegExp(FOREIGN) },
            "the event bus open to every account": { change: adding(busPermission({ principal: "*" })), message: /bus-share.*Principal "\*"/ },
            "the event bus open to every account of another organization": {
                change: adding(busPermission({ principal: "*", condition: { key: "aws:PrincipalOrgID", type: "StringEquals", value: "o-7fq2k9xm4p" } })), config: { organizationId: "o-a1b2c3d4e5" }, message: /bus-share.*Principal "\*"/,
            },
            "the event bus open to a foreign account": { change: adding(busPermission({ principal: FOREIGN })), message: new RegExp(`bus-share.*${FOREIGN}`) },
            "a lambda permission for everyone": { change: adding(permission({ principal: "*" })), message: /invoke.*Principal "\*"/ },
            "a lambda permission for a foreign account": { change: adding(permission({ principal: FOREIGN })), message: new RegExp(FOREIGN) },
            "a lambda permission for S3 without source account or ARN": { change: adding(permission({ principal: "s3.amazonaws.com" })), message: /confused deputy/ },
            "a lambda permission for S3 from a foreign account": { change: adding(permission({ principal: "s3.amazonaws.com", sourceAccount: FOREIGN })), message: new RegExp(FOREIGN) },
            "a lambda function URL without authentication": { change: adding(permission({ principal: "*", action: "lambda:InvokeFunctionUrl", functionUrlAuthType: "NONE" })), message: /Principal "\*"/ },
            "a principal ARN with a wildcard account": { change: bucketPolicy(read({ AWS: "arn:aws:iam::*:root" })), message: /names no account/ },
            "the principal key spelled in lower case": { change: bucketPolicy(read({ aws: "*" })), message: /Principal "\*"/ },
            "a bucket ACL that is public-read": { change: adding({ type: "aws:s3/bucketAcl:BucketAcl", name: "static-acl", props: { bucket: "expertconnect-prod-static", acl: "public-read" } }), message: /static-acl.*public-read/ },
            "a bucket ACL that is public-read, under v7's deprecated BucketAclV2 token": { change: adding({ type: "aws:s3/bucketAclV2:BucketAclV2", name: "static-acl", props: { bucket: "expertconnect-prod-static", acl: "public-read" } }), message: /static-acl.*public-read/ },
            "a bucket ACL readable by every AWS account": {
                change: adding({ type: "aws:s3/bucketAcl:BucketAcl", name: "static-acl", props: { bucket: "expertconnect-prod-static", accessControlPolicy: { owner: { id: "owner" }, grants: [{ grantee: { type: "Group", uri: "http://acs.amazonaws.com/groups/global/AuthenticatedUsers" }, permission: "READ" }] } } }),
                message: /AuthenticatedUsers/,
            },
            "a bucket ACL grant to another account's canonical user": {
                change: adding({ type: "aws:s3/bucketAcl:BucketAcl", name: "static-acl", props: { bucket: "expertconnect-prod-static", accessControlPolicy: { owner: { id: "owner" }, grants: [{ grantee: { type: "CanonicalUser", id: "someone-else" }, permission: "FULL_CONTROL" }] } } }),
                message: /canonical user someone-else/,
            },
            "a policy that is not JSON": { change: s => { find(s, "static-policy").props.policy = "{\"Statement\": ["; }, message: /not valid JSON/ },
        },
    });
});
