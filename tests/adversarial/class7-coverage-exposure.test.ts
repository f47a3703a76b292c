/**
 * Class 7: resource types the stacks do not use yet, added by a developer fully configured for
 * encryption, logs and backups, but open to the internet or to callers without credentials.
 */
import { ACCOUNT, add, all, Case, doc, FOREIGN, suite, tags } from "./support";

const PRIVATE = ["subnet-0c6b1e7d0a0126740", "subnet-03c130170ee574c6d", "subnet-0fb814e7d6a7167be"];
const SG_BACKEND = "sg-002904b010804e592";
const KEY_DATA = "arn:aws:kms:us-east-1:123456789012:key/3b950284-024f-4124-a7e2-9803e867a7db";
const FN_ARN = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:expertconnect-prod-db-tasks`;
const TABLE_ARN = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/expertconnect-sessions`;
const ALB_DNS = "expertconnect-prod-alb-3061060319.us-east-1.elb.amazonaws.com";
const CERT = `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/certificate-1b16089`;

const table = add("aws:dynamodb/table:Table", "sessions", {
    name: "expertconnect-sessions", billingMode: "PAY_PER_REQUEST", hashKey: "id", attributes: [{ name: "id", type: "S" }],
    pointInTimeRecovery: { enabled: true }, serverSideEncryption: { enabled: true, kmsKeyArn: KEY_DATA }, deletionProtectionEnabled: true, tags: tags("data"),
}, { protect: true });
const tablePolicy = (statement: object) => add("aws:dynamodb/resourcePolicy:ResourcePolicy", "sessions-policy", { resourceArn: TABLE_ARN, policy: doc(statement) });
const api = (route: Record<string, unknown>) => all(
    add("aws:apigatewayv2/api:Api", "ops-api", { name: "expertconnect-ops", protocolType: "HTTP", tags: tags("backend") }),
    add("aws:apigatewayv2/integration:Integration", "ops-int", { apiId: "a1b2c3d4e5", integrationType: "AWS_PROXY", integrationUri: FN_ARN, payloadFormatVersion: "2.0" }),
    add("aws:apigatewayv2/route:Route", "ops-route", { apiId: "a1b2c3d4e5", target: "integrations/int123", ...route }),
);
const cdn = (extra: Record<string, unknown>) => add("aws:cloudfront/distribution:Distribution", "cdn", {
    enabled: true, origins: [{ originId: "alb", domainName: ALB_DNS, customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy: "https-only", originSslProtocols: ["TLSv1.2"] } }],
    defaultCacheBehavior: { targetOriginId: "alb", viewerProtocolPolicy: "redirect-to-https", allowedMethods: ["GET", "HEAD"], cachedMethods: ["GET", "HEAD"] },
    loggingConfig: { bucket: "expertconnect-prod-alb-logs.s3.amazonaws.com", prefix: "cdn/" }, restrictions: { geoRestriction: { restrictionType: "none" } },
    viewerCertificate: { acmCertificateArn: CERT, sslSupportMethod: "sni-only", minimumProtocolVersion: "TLSv1.2_2021" }, tags: tags("load-balancer"), ...extra,
});
const kafka = (clientAuthentication: Record<string, unknown>) => add("aws:msk/cluster:Cluster", "events", {
    clusterName: "expertconnect-events", kafkaVersion: "3.6.0", numberOfBrokerNodes: 3,
    brokerNodeGroupInfo: { instanceType: "kafka.t3.small", clientSubnets: PRIVATE, securityGroups: [SG_BACKEND], storageInfo: { ebsStorageInfo: { volumeSize: 100 } } },
    encryptionInfo: { encryptionAtRestKmsKeyArn: KEY_DATA, encryptionInTransit: { clientBroker: "TLS", inCluster: true } }, clientAuthentication,
    loggingInfo: { brokerLogs: { cloudwatchLogs: { enabled: true, logGroup: "/ecs/expertconnect-prod-backend" } } }, tags: tags("data"),
});
const ports = (...portInfos: object[]) => add("aws:lightsail/instancePublicPorts:InstancePublicPorts", "legacy-box-ports", { instanceName: "expertconnect-legacy", portInfos });
const notebook = (props: Record<string, unknown>) => add("aws:sagemaker/notebookInstance:NotebookInstance", "analytics-nb", {
    name: "expertconnect-analytics", instanceType: "ml.t3.medium", roleArn: `arn:aws:iam::${ACCOUNT}:role/analytics`, kmsKeyId: KEY_DATA, subnetId: PRIVATE[0], securityGroups: [SG_BACKEND], tags: tags("data"), ...props,
});
const layer = (props: Record<string, unknown>) => add("aws:lambda/layerVersionPermission:LayerVersionPermission", "pgwire-share", { layerName: "expertconnect-pgwire", versionNumber: 1, statementId: "share", action: "lambda:GetLayerVersion", ...props });
const ssmDocument = (permissions?: object) => add("aws:ssm/document:Document", "db-maintenance", { name: "expertconnect-db-maintenance", documentType: "Command", content: "{}", ...(permissions ? { permissions } : {}), tags: tags("ops") });

const violations: Case[] = [
    // An organization condition confines "*" only when it names the stack's own organization
    // (policy config organizationId, unset for these stacks): any other id is anyone's organization.
    { name: "Lambda layer version shared with an organization the stack does not name", change: layer({ principal: "*", organizationId: "o-a1b2c3d4e5" }) },
    { name: "DynamoDB table (PITR, KMS, deletion protection) with a resource policy for Principal *",
      change: all(table, tablePolicy({ Effect: "Allow", Principal: "*", Action: ["dynamodb:GetItem", "dynamodb:Query"], Resource: TABLE_ARN })) },
    { name: "DynamoDB table policy granting a foreign account",
      change: all(table, tablePolicy({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${FOREIGN}:root` }, Action: "dynamodb:Scan", Resource: TABLE_ARN })) },
    { name: "HTTP API route ANY /{proxy+} with authorizationType NONE (APIGateway.8)", change: api({ routeKey: "ANY /{proxy+}", authorizationType: "NONE" }) },
    { name: "HTTP API $default route with authorization left unset", change: api({ routeKey: "$default" }) },
    { name: "HTTP API by quick create straight to the DB-tasks function",
      change: add("aws:apigatewayv2/api:Api", "ops-quick", { name: "expertconnect-ops", protocolType: "HTTP", target: FN_ARN, tags: tags("backend") }) },
    { name: "REST API method without authorization",
      change: add("aws:apigateway/method:Method", "ops-get", { restApi: "r1", resourceId: "res1", httpMethod: "GET", authorization: "NONE" }) },
    { name: "CloudFront https-only, TLS 1.2, logs, but no WAF web ACL (CloudFront.6)", change: cdn({}) },
    { name: "MSK with TLS and logs but unauthenticated clients admitted (MSK.6)", change: kafka({ unauthenticated: true, sasl: { iam: true } }) },
    { name: "MSK without any client authentication", change: kafka({}) },
    { name: "Lightsail instance with SSH and PostgreSQL open to 0.0.0.0/0",
      change: ports({ protocol: "tcp", fromPort: 22, toPort: 22, cidrs: ["0.0.0.0/0"] }, { protocol: "tcp", fromPort: 5432, toPort: 5432, cidrs: ["0.0.0.0/0"] }) },
    { name: "Lightsail instance left on the default firewall (SSH open to all)",
      change: add("aws:lightsail/instance:Instance", "legacy-box", { name: "expertconnect-legacy", availabilityZone: "us-east-1a", blueprintId: "ubuntu_22_04", bundleId: "small_3_0", tags: tags("compute") }) },
    { name: "Lightsail port listing no range", change: ports({ protocol: "tcp", fromPort: 3306, toPort: 3306 }) },
    { name: "Lightsail database publicly accessible",
      change: add("aws:lightsail/database:Database", "legacy-db", { relationalDatabaseName: "expertconnect-legacy-db", blueprintId: "postgres_16", bundleId: "micro_2_0", masterDatabaseName: "app", masterUsername: "app", publiclyAccessible: true, tags: tags("database") }) },
    { name: "Transfer Family server with FTP (Transfer.2)",
      change: add("aws:transfer/server:Server", "partner-sftp", { endpointType: "VPC", endpointDetails: { vpcId: "vpc-0e6ad3833cd78ec1f", subnetIds: [PRIVATE[0]] }, protocols: ["SFTP", "FTP"], identityProviderType: "SERVICE_MANAGED", tags: tags("data") }) },
    { name: "SageMaker notebook with direct internet access and root (SageMaker.2/.3)", change: notebook({ directInternetAccess: "Enabled", rootAccess: "Enabled" }) },
    { name: "SageMaker notebook left to its defaults (both on)", change: notebook({}) },
    { name: "EMR block public access off (EMR.2)", change: add("aws:emr/blockPublicAccessConfiguration:BlockPublicAccessConfiguration", "emr-bpa", { blockPublicSecurityGroupRules: false }) },
    { name: "legacy Elasticsearch domain: public endpoint, Principal * policy, unencrypted",
      change: add("aws:elasticsearch/domain:Domain", "legacy-search", { domainName: "expertconnect-legacy", elasticsearchVersion: "7.10",
          accessPolicies: doc({ Effect: "Allow", Principal: { AWS: "*" }, Action: "es:*", Resource: `arn:aws:es:us-east-1:${ACCOUNT}:domain/expertconnect-legacy/*` }),
          encryptAtRest: { enabled: false }, nodeToNodeEncryption: { enabled: false }, domainEndpointOptions: { enforceHttps: false }, tags: tags("search") }) },
    { name: "Lambda layer version public (principal *)", change: layer({ principal: "*" }) },
    { name: "SSM document shared with all accounts (SSM.4)", change: ssmDocument({ type: "Share", accountIds: "All" }) },
    {
        name: "an S3 access point on the backup bucket with its public access block off and a public policy",
        change: add("aws:s3/accessPoint:AccessPoint", "backup-ap", {
            bucket: "expertconnect-backup", name: "backup-share",
            publicAccessBlockConfiguration: { blockPublicAcls: true, blockPublicPolicy: false, ignorePublicAcls: true, restrictPublicBuckets: false },
            policy: doc({ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `arn:aws:s3:us-east-1:${ACCOUNT}:accesspoint/backup-share/object/*` }),
        }),
    },
];

const compliant: Case[] = [
    // Round 12: the backend's role by its real ARN (role/backend is no role of the stack, which ownership-references refuses).
    { name: "DynamoDB table policy for this account's backend role",
      change: all(table, tablePolicy({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/backend-roles-task-019c1c0` }, Action: "dynamodb:GetItem", Resource: TABLE_ARN })) },
    { name: "MSK with IAM client authentication only", change: kafka({ sasl: { iam: true } }) },
    { name: "SSM document kept private to the account", change: ssmDocument() },
    { name: "Lightsail instance serving HTTPS only",
      change: all(add("aws:lightsail/instance:Instance", "legacy-box", { name: "expertconnect-legacy", availabilityZone: "us-east-1a", blueprintId: "ubuntu_22_04", bundleId: "small_3_0", tags: tags("compute") }),
          ports({ protocol: "tcp", fromPort: 443, toPort: 443, cidrs: ["0.0.0.0/0"] })) },
    { name: "SageMaker notebook in the VPC without internet or root", change: notebook({ directInternetAccess: "Disabled", rootAccess: "Disabled" }) },
];

suite("adversarial class 7: types the stacks do not use yet, exposed", violations, compliant);
