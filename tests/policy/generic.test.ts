/**
 * Every resource type judged by concern: resources added beside the components (an Aurora
 * cluster, a cache cluster, a queue, an OpenSearch domain …) are caught when they store data
 * unencrypted, speak clear text, face the internet, keep no backups, can be deleted with their
 * data, or log nothing; the compliant form of each passes.
 */
import { dataEncryptedAtRest } from "../../policy/generic/atRest";
import { dataBackupsRetained } from "../../policy/generic/backups";
import { dataNoDebugMode } from "../../policy/generic/debugMode";
import { dataDeletionProtection } from "../../policy/generic/deletionProtection";
import { networkEncryptedInTransit } from "../../policy/generic/inTransit";
import { loggingEnabled } from "../../policy/generic/logging";
import { networkNotPublic } from "../../policy/generic/notPublic";
import { resourceTable } from "./support/cases";
import { ResourceInput, UNKNOWN } from "./support/harness";

const AURORA = "aws:rds/cluster:Cluster";
const CACHE_CLUSTER = "aws:elasticache/cluster:Cluster";
/** An Aurora PostgreSQL cluster configured the way the pack wants. */
const aurora: ResourceInput = {
    type: AURORA, name: "aurora",
    props: {
        engine: "aurora-postgresql", storageEncrypted: true, kmsKeyId: "arn:aws:kms:us-east-1:123456789012:key/k", backupRetentionPeriod: 14,
        deletionProtection: true, finalSnapshotIdentifier: "aurora-final", enabledCloudwatchLogsExports: ["postgresql"],
    },
};
/** Replaces the fixture with another type's resource. */
const as = (type: string, props: Record<string, unknown>) => (r: ResourceInput) => { r.type = type; r.props = props; };

describe("data-encrypted-at-rest", () => {
    resourceTable(dataEncryptedAtRest, aurora, {
        passes: {
            "a secret under a customer-managed key": { change: as("aws:secretsmanager/secret:Secret", { name: "expertconnect/prod/x", kmsKeyId: "arn:aws:kms:us-east-1:123456789012:key/k" }) },
            "a SecureString under a customer-managed key": { change: as("aws:ssm/parameter:Parameter", { name: "/x", type: "SecureString", value: "v", keyId: "alias/expertconnect" }) },
            "a plain String parameter (no key to name)": { change: as("aws:ssm/parameter:Parameter", { name: "/x", type: "String", value: "5432" }) },
            "a cache cluster that is a member of an encrypted replication group": { change: as(CACHE_CLUSTER, { engine: "redis", replicationGroupId: "rg" }) },
            "an EFS file system with encryption": { change: as("aws:efs/fileSystem:FileSystem", { encrypted: true }) },
            "an SQS queue with the default SSE-SQS": { change: as("aws:sqs/queue:Queue", {}) },
            "ECS Exec logs to CloudWatch with encryption required": {
                change: as("aws:ecs/cluster:Cluster", { configuration: { executeCommandConfiguration: { logging: "OVERRIDE", logConfiguration: { cloudWatchLogGroupName: "/ecs/exec", cloudWatchEncryptionEnabled: true, s3BucketName: "exec-logs", s3EncryptionEnabled: true } } } }),
            },
            "an SQS queue with a KMS key instead of SSE-SQS": { change: as("aws:sqs/queue:Queue", { sqsManagedSseEnabled: false, kmsMasterKeyId: "alias/q" }) },
            "an EC2 instance whose disks are encrypted": { change: as("aws:ec2/instance:Instance", { rootBlockDevice: { encrypted: true }, ebsBlockDevices: [{ encrypted: true }] }) },
            "a Redshift cluster left to its default encryption": { change: as("aws:redshift/cluster:Cluster", {}) },
            "a log group under a customer-managed key": { change: as("aws:cloudwatch/logGroup:LogGroup", { name: "/app", kmsKeyId: "arn:aws:kms:us-east-1:123456789012:key/1" }) },
        },
        violations: {
            "a secret names the AWS managed alias": { change: as("aws:secretsmanager/secret:Secret", { name: "x", kmsKeyId: "alias/aws/secretsmanager" }), message: /kmsKeyId is "alias\/aws\/secretsmanager": that is the AWS managed key/ },
            "a secret is under the AWS managed key": { change: as("aws:secretsmanager/secret:Secret", { name: "expertconnect/prod/x" }), message: /kmsKeyId is not set: the secret is under the AWS managed key/ },
            "a SecureString parameter is under the AWS managed key": {
                change: as("aws:ssm/parameter:Parameter", { name: "/expertconnect/prod/x", type: "SecureString", value: "v" }), message: /keyId is not set: the SecureString is under the AWS managed key aws\/ssm/,
            },
            "an Aurora cluster is unencrypted": { change: r => { r.props.storageEncrypted = false; }, message: /storageEncrypted is false/ },
            "ECS Exec logs to CloudWatch without requiring encryption": {
                change: as("aws:ecs/cluster:Cluster", { configuration: { executeCommandConfiguration: { logging: "OVERRIDE", logConfiguration: { cloudWatchLogGroupName: "/ecs/exec", cloudWatchEncryptionEnabled: false } } } }),
                message: /cloudWatchEncryptionEnabled is not true/,
            },
            "ECS Exec logs to S3 without requiring encryption": {
                change: as("aws:ecs/cluster:Cluster", { configuration: { executeCommandConfiguration: { logging: "OVERRIDE", logConfiguration: { s3BucketName: "exec-logs" } } } }),
                message: /s3EncryptionEnabled is not true/,
            },
            "an Aurora cluster does not say it is encrypted": { change: r => { delete r.props.storageEncrypted; }, message: /storageEncrypted is not set/ },
            "a standalone Redis cache cluster is added beside the components": { change: as(CACHE_CLUSTER, { engine: "redis", numCacheNodes: 1 }), message: /standalone cache cluster cannot encrypt/ },
            "an EFS file system is unencrypted": { change: as("aws:efs/fileSystem:FileSystem", {}), message: /encrypted is not set/ },
            "a log group is left to the key AWS owns": { change: as("aws:cloudwatch/logGroup:LogGroup", { name: "/app", retentionInDays: 90 }), message: /kmsKeyId is not set/ },
            "an OpenSearch domain is unencrypted": { change: as("aws:opensearch/domain:Domain", { encryptAtRest: { enabled: false } }), message: /encryptAtRest.enabled is false/ },
            "an Elasticsearch domain is unencrypted": { change: as("aws:elasticsearch/domain:Domain", { encryptAtRest: { enabled: false } }), message: /encryptAtRest.enabled is false/ },
            "an SQS queue switches SSE off without a key": { change: as("aws:sqs/queue:Queue", { sqsManagedSseEnabled: false }), message: /stored unencrypted/ },
            "a Kinesis stream is unencrypted": { change: as("aws:kinesis/stream:Stream", { encryptionType: "NONE" }), message: /encryptionType is "NONE"/ },
            "an EBS volume is unencrypted": { change: as("aws:ebs/volume:Volume", { size: 10 }), message: /encrypted is not set/ },
            "an EC2 instance's second disk is unencrypted": {
                change: as("aws:ec2/instance:Instance", { rootBlockDevice: { encrypted: true }, ebsBlockDevices: [{ encrypted: false }] }), message: /ebsBlockDevices\[0\]\.encrypted is false/,
            },
            "a launch template's volume is unencrypted": { change: as("aws:ec2/launchTemplate:LaunchTemplate", { blockDeviceMappings: [{ ebs: { volumeSize: 8 } }] }), message: /blockDeviceMappings\[0\]\.ebs.encrypted/ },
            "a DocumentDB cluster is unencrypted": { change: as("aws:docdb/cluster:Cluster", {}), message: /storageEncrypted/ },
            "a Redshift cluster turns encryption off": { change: as("aws:redshift/cluster:Cluster", { encrypted: false }), message: /encrypted is false/ },
        },
    });
});

describe("network-encrypted-in-transit", () => {
    const proxy: ResourceInput = { type: "aws:rds/proxy:Proxy", name: "proxy", props: { requireTls: true } };
    resourceTable(networkEncryptedInTransit, proxy, {
        passes: {
            "a standalone cache cluster with TLS": { change: as(CACHE_CLUSTER, { engine: "valkey", transitEncryptionEnabled: true }) },
            "an MSK cluster left to its TLS defaults": { change: as("aws:msk/cluster:Cluster", {}) },
            "a Transfer Family server left to SFTP only": { change: as("aws:transfer/server:Server", {}) },
            "a Transfer Family server with SFTP and FTPS": { change: as("aws:transfer/server:Server", { protocols: ["SFTP", "FTPS"], certificate: "arn:aws:acm:us-east-1:123456789012:certificate/1" }) },
            "a CloudFront distribution that redirects to HTTPS": {
                change: as("aws:cloudfront/distribution:Distribution", { defaultCacheBehavior: { viewerProtocolPolicy: "redirect-to-https" }, origins: [{ customOriginConfig: { originProtocolPolicy: "https-only" } }] }),
            },
        },
        violations: {
            "an RDS proxy does not require TLS": { change: r => { r.props.requireTls = false; }, message: /requireTls is false/ },
            "a cache cluster added beside the components speaks clear text": { change: as(CACHE_CLUSTER, { engine: "redis" }), message: /transitEncryptionEnabled is not set/ },
            "an OpenSearch domain accepts HTTP": {
                change: as("aws:opensearch/domain:Domain", { nodeToNodeEncryption: { enabled: true }, domainEndpointOptions: { enforceHttps: false } }), message: /enforceHttps is false/,
            },
            "an MSK cluster lets clients use plaintext": {
                change: as("aws:msk/cluster:Cluster", { encryptionInfo: { encryptionInTransit: { clientBroker: "TLS_PLAINTEXT" } } }), message: /clientBroker is "TLS_PLAINTEXT"/,
            },
            "a MemoryDB cluster turns TLS off": { change: as("aws:memorydb/cluster:Cluster", { tlsEnabled: false }), message: /tlsEnabled is false/ },
            "a CloudFront behaviour allows HTTP": {
                change: as("aws:cloudfront/distribution:Distribution", { defaultCacheBehavior: { viewerProtocolPolicy: "https-only" }, orderedCacheBehaviors: [{ viewerProtocolPolicy: "allow-all" }] }),
                message: /orderedCacheBehaviors\[0\]\.viewerProtocolPolicy is "allow-all"/,
            },
            "CloudFront reaches its origin over HTTP": {
                change: as("aws:cloudfront/distribution:Distribution", { defaultCacheBehavior: { viewerProtocolPolicy: "https-only" }, origins: [{ customOriginConfig: { originProtocolPolicy: "http-only" } }] }),
                message: /originProtocolPolicy is "http-only"/,
            },
            "CloudFront negotiates TLS 1.0 with its origin": {
                change: as("aws:cloudfront/distribution:Distribution", { defaultCacheBehavior: { viewerProtocolPolicy: "https-only" }, origins: [{ customOriginConfig: { originProtocolPolicy: "https-only", originSslProtocols: ["TLSv1", "TLSv1.2"] } }] }),
                message: /originSslProtocols includes "TLSv1"/,
            },
            "a Transfer Family server accepts FTP": { change: as("aws:transfer/server:Server", { protocols: ["SFTP", "FTP"] }), message: /protocols includes "FTP"/ },
            "an Elasticsearch domain accepts HTTP": {
                change: as("aws:elasticsearch/domain:Domain", { nodeToNodeEncryption: { enabled: true }, domainEndpointOptions: { enforceHttps: false } }), message: /enforceHttps is false/,
            },
            "a Classic Load Balancer listens on HTTP": { change: as("aws:elb/loadBalancer:LoadBalancer", { listeners: [{ lbProtocol: "http", lbPort: 80 }] }), message: /lbProtocol is "http"/ },
        },
    });
});

/** Runtime settings as a task's environment, a function's, and a parameter the task maps. */
const TASK = "aws:ecs/taskDefinition:TaskDefinition";
const FUNCTION = "aws:lambda/function:Function";
const task = (environment: object[]) => ({ containerDefinitions: JSON.stringify([{ name: "backend", image: "backend:v1", environment }]) });
const fn = (variables: Record<string, string>) => ({ runtime: "nodejs22.x", environment: { variables } });
const param = (name: string, value: string) => ({ name, type: "String", value });

describe("network-encrypted-in-transit: runtime settings and ECS Exec sessions", () => {
    const secretJson = (fields: Record<string, string>) => ({ secretId: "arn:secret", secretStringWo: JSON.stringify(fields) });
    const exec = (config: object) => ({ name: "expertconnect-prod-cluster", configuration: { executeCommandConfiguration: config } });
    const execOk = { kmsKeyId: "arn:aws:kms:us-east-1:123456789012:key/exec", logging: "OVERRIDE", logConfiguration: { cloudWatchLogGroupName: "/ecs/exec", cloudWatchEncryptionEnabled: true } };
    const PARAMETER = "aws:ssm/parameter:Parameter";
    const SECRET = "aws:secretsmanager/secretVersion:SecretVersion";
    const CLUSTER = "aws:ecs/cluster:Cluster";
    resourceTable(networkEncryptedInTransit, { type: TASK, name: "backend-task", props: task([{ name: "PGSSLMODE", value: "verify-full" }, { name: "HEALTH_CHECK_PATH", value: "/api/health/" }]) }, {
        passes: {
            "a function trusts an extra CA bundle": { change: as(FUNCTION, fn({ NODE_EXTRA_CA_CERTS: "/var/runtime/ca-cert.pem", NODE_TLS_REJECT_UNAUTHORIZED: "1" })) },
            "a parameter requires TLS (sslmode require)": { change: as(PARAMETER, param("/expertconnect/prod/database/sslmode", "require")) },
            "a URL to PostgreSQL verifies the server": { change: as(TASK, task([{ name: "DATABASE_URL", value: "postgres://db.internal:5432/app?sslmode=verify-full" }])) },
            "a cache URL uses rediss://": { change: as(TASK, task([{ name: "REDIS_URL", value: "rediss://cache.internal:6379/0" }])) },
            "an SDK endpoint over https": { change: as(FUNCTION, fn({ AWS_ENDPOINT_URL_S3: "https://s3.us-east-1.amazonaws.com" })) },
            "a secret's connection fields": { change: as(SECRET, secretJson({ engine: "postgres", host: "db.internal", sslmode: "verify-full" })) },
            "a cluster with ECS Exec under a customer key": { change: as(CLUSTER, exec(execOk)) },
            "a cluster that configures no ECS Exec": { change: as(CLUSTER, { name: "batch" }) },
            "ECS Exec's key is unknown during preview": { change: as(CLUSTER, exec({ ...execOk, kmsKeyId: UNKNOWN })) },
        },
        violations: {
            "a container sets PGSSLMODE=disable": { change: as(TASK, task([{ name: "PGSSLMODE", value: "disable" }])), message: /environment PGSSLMODE turns TLS off.*libpq/ },
            "a container lets libpq fall back to clear text (prefer)": { change: as(TASK, task([{ name: "DB_SSL_MODE", value: "prefer" }])), message: /DB_SSL_MODE turns TLS off/ },
            "a function sets NODE_TLS_REJECT_UNAUTHORIZED=0": { change: as(FUNCTION, fn({ NODE_TLS_REJECT_UNAUTHORIZED: "0" })), message: /NODE_TLS_REJECT_UNAUTHORIZED turns TLS off.*any certificate/ },
            "a function allows TLS 1.0 through NODE_OPTIONS": { change: as(FUNCTION, fn({ NODE_OPTIONS: "--enable-source-maps --tls-min-v1.0" })), message: /NODE_OPTIONS.*TLS 1\.0/ },
            "a parameter the task maps to PGSSLMODE says disable": { change: as(PARAMETER, param("/expertconnect/prod/database/sslmode", "disable")), message: /parameter \/expertconnect\/prod\/database\/sslmode value turns TLS off/ },
            "Python's HTTPS verification is off": { change: as(TASK, task([{ name: "PYTHONHTTPSVERIFY", value: "0" }])), message: /PYTHONHTTPSVERIFY/ },
            "requests reads an empty CA bundle": { change: as(TASK, task([{ name: "CURL_CA_BUNDLE", value: "" }])), message: /requests/ },
            "the AWS SDK is pointed at an http:// endpoint": { change: as(FUNCTION, fn({ AWS_ENDPOINT_URL_SECRETS_MANAGER: "http://secretsmanager.us-east-1.amazonaws.com" })), message: /AWS SDKs/ },
            "a DATABASE_URL disables TLS": { change: as(TASK, task([{ name: "DATABASE_URL", value: "postgresql://db.internal/app?sslmode=disable" }])), message: /PostgreSQL URL/ },
            "a cache URL speaks clear text": { change: as(TASK, task([{ name: "CACHE_LOCATION", value: "redis://master.cache.internal:6379/1" }])), message: /redis:\/\/ URL/ },
            "an application TLS switch is off (REDIS_SSL=False)": { change: as(TASK, task([{ name: "REDIS_SSL", value: "False" }])), message: /REDIS_SSL/ },
            "a secret's JSON says sslmode disable (value not quoted)": { change: as(SECRET, secretJson({ host: "db.internal", sslmode: "disable" })), message: /secret JSON key sslmode turns TLS off/ },
            "ECS Exec's kmsKeyId is removed": { change: as(CLUSTER, exec({ ...execOk, kmsKeyId: undefined })), message: /kmsKeyId is not set/ },
            "ECS Exec's key is the AWS managed one": { change: as(CLUSTER, exec({ ...execOk, kmsKeyId: "alias/aws/ssm" })), message: /AWS managed key/ },
        },
    });
});

describe("data-no-debug-mode", () => {
    const CANARY = "aws:synthetics/canary:Canary";
    const SECRET = "aws:secretsmanager/secretVersion:SecretVersion";
    resourceTable(dataNoDebugMode, { type: TASK, name: "backend-task", props: task([{ name: "DJANGO_DEBUG", value: "False" }, { name: "DJANGO_SETTINGS_MODULE", value: "expertconnect.settings.production" }]) }, {
        passes: {
            "the frontend runs in production mode": { change: as(TASK, task([{ name: "NODE_ENV", value: "production" }])) },
            "a function debugs nothing (DEBUG=0)": { change: as(FUNCTION, fn({ DEBUG: "0", NODE_OPTIONS: "--enable-source-maps" })) },
            "Node's debug module namespaces (not a framework switch)": { change: as(TASK, task([{ name: "DEBUG", value: "express:router" }])) },
            "a parameter with the debug switch off": { change: as("aws:ssm/parameter:Parameter", param("/expertconnect/prod/django/debug", "false")) },
            "a log level of DEBUG (what is logged, not shown to requesters)": { change: as(TASK, task([{ name: "LOG_LEVEL", value: "DEBUG" }])) },
        },
        violations: {
            "the backend sets DJANGO_DEBUG=True": { change: as(TASK, task([{ name: "DJANGO_DEBUG", value: "True" }])), message: /DJANGO_DEBUG switches debug mode on \(Django: .*technical 500 page/ },
            "the backend sets DEBUG=1": { change: as(TASK, task([{ name: "DEBUG", value: "1" }])), message: /environment DEBUG switches debug mode on/ },
            "the backend runs the development settings module": { change: as(TASK, task([{ name: "DJANGO_SETTINGS_MODULE", value: "expertconnect.settings.dev" }])), message: /development settings module/ },
            "the debug toolbar is switched on": { change: as(TASK, task([{ name: "ENABLE_DEBUG_TOOLBAR", value: "yes" }])), message: /Django Debug Toolbar/ },
            "the frontend runs Next.js in development mode": { change: as(TASK, task([{ name: "NODE_ENV", value: "development" }])), message: /NODE_ENV switches debug mode on.*stack traces/ },
            "Node's inspector listens on every interface": { change: as(FUNCTION, fn({ NODE_OPTIONS: "--inspect=0.0.0.0:9229" })), message: /inspector/ },
            "Werkzeug's debugger through FLASK_DEBUG": { change: as(FUNCTION, fn({ FLASK_DEBUG: "1" })), message: /interactive debugger/ },
            "a parameter the task maps as DJANGO_DEBUG says true": { change: as("aws:ssm/parameter:Parameter", param("/expertconnect/prod/django/debug", "true")), message: /parameter \/expertconnect\/prod\/django\/debug value switches debug mode on/ },
            "a secret's JSON carries DEBUG true": { change: as(SECRET, { secretId: "arn:secret", secretStringWo: JSON.stringify({ DEBUG: "true" }) }), message: /secret JSON key DEBUG/ },
            "a canary's environment switches Node to development": { change: as(CANARY, { runConfig: { environmentVariables: { NODE_ENV: "development" } } }), message: /runConfig.environmentVariables NODE_ENV/ },
        },
    });
});

describe("network-not-public", () => {
    const instance: ResourceInput = { type: "aws:rds/clusterInstance:ClusterInstance", name: "aurora-1", props: { publiclyAccessible: false } };
    resourceTable(networkNotPublic, instance, {
        passes: {
            "an OpenSearch domain inside the VPC": { change: as("aws:opensearch/domain:Domain", { vpcOptions: { subnetIds: ["subnet-1"] } }) },
            "an EKS cluster with a private endpoint only": { change: as("aws:eks/cluster:Cluster", { vpcConfig: { endpointPublicAccess: false, subnetIds: ["s"] } }) },
            "a function URL that requires IAM": { change: as("aws:lambda/functionUrl:FunctionUrl", { authorizationType: "AWS_IAM" }) },
            "a manual snapshot kept private": { change: as("aws:rds/snapshot:Snapshot", { dbInstanceIdentifier: "db", dbSnapshotIdentifier: "s1" }) },
            "a cluster snapshot shared with one named account": { change: as("aws:rds/clusterSnapshot:ClusterSnapshot", { dbClusterIdentifier: "c", dbClusterSnapshotIdentifier: "s1", sharedAccounts: ["123456789012"] }) },
            "an instance that requires IMDSv2 tokens": { change: as("aws:ec2/instance:Instance", { ami: "ami-1", metadataOptions: { httpTokens: "required" } }) },
            "a launch template with the metadata endpoint off": { change: as("aws:ec2/launchTemplate:LaunchTemplate", { metadataOptions: { httpEndpoint: "disabled" } }) },
            "an AMI shared with one named account": { change: as("aws:ec2/amiLaunchPermission:AmiLaunchPermission", { imageId: "ami-1", accountId: "123456789012" }) },
            "the account's AMI block public access blocks new sharing": { change: as("aws:ec2/imageBlockPublicAccess:ImageBlockPublicAccess", { state: "block-new-sharing" }) },
            "the account's snapshot block public access blocks all sharing": { change: as("aws:ebs/snapshotBlockPublicAccess:SnapshotBlockPublicAccess", { state: "block-all-sharing" }) },
            "an App Runner service reached only through a VPC endpoint": {
                change: as("aws:apprunner/service:Service", { serviceName: "admin", networkConfiguration: { ingressConfiguration: { isPubliclyAccessible: false } } }),
            },
            "a bucket with ACLs disabled": { change: as("aws:s3/bucketOwnershipControls:BucketOwnershipControls", { bucket: "b", rule: { objectOwnership: "BucketOwnerEnforced" } }) },
            "an access point with the default public access block (unset is on)": { change: as("aws:s3/accessPoint:AccessPoint", { bucket: "expertconnect-backup", name: "reports" }) },
            "the account's four public access blocks on": {
                change: as("aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock", { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true }),
            },
            "an ACL admits HTTPS from the internet and SSH from the VPC": {
                change: as("aws:ec2/networkAcl:NetworkAcl", { vpcId: "vpc-1", ingress: [
                    { ruleNo: 100, action: "allow", protocol: "tcp", cidrBlock: "0.0.0.0/0", fromPort: 443, toPort: 443 },
                    { ruleNo: 110, action: "allow", protocol: "tcp", cidrBlock: "10.0.0.0/16", fromPort: 22, toPort: 22 },
                    { ruleNo: 120, action: "deny", protocol: "-1", cidrBlock: "0.0.0.0/0", fromPort: 0, toPort: 0 },
                ] }),
            },
            "an ACL denies SSH and RDP from anywhere before allowing all traffic": {
                change: as("aws:ec2/networkAcl:NetworkAcl", { vpcId: "vpc-1", ingress: [
                    { ruleNo: 200, action: "allow", protocol: "-1", cidrBlock: "0.0.0.0/0", fromPort: 0, toPort: 0 },
                    { ruleNo: 100, action: "deny", protocol: "tcp", cidrBlock: "0.0.0.0/0", fromPort: 22, toPort: 22 },
                    { ruleNo: 110, action: "deny", protocol: "tcp", cidrBlock: "0.0.0.0/0", fromPort: 3389, toPort: 3389 },
                ] }),
            },
            "an HTTP API route with IAM authorization": { change: as("aws:apigatewayv2/route:Route", { apiId: "a", routeKey: "ANY /{proxy+}", authorizationType: "AWS_IAM" }) },
            "a CORS preflight route without authorization": { change: as("aws:apigatewayv2/route:Route", { apiId: "a", routeKey: "OPTIONS /{proxy+}", authorizationType: "NONE" }) },
            "a WebSocket message route (authorized at $connect)": { change: as("aws:apigatewayv2/route:Route", { apiId: "a", routeKey: "sendMessage" }) },
            "a REST method behind a Cognito authorizer": { change: as("aws:apigateway/method:Method", { restApi: "r", resourceId: "x", httpMethod: "GET", authorization: "COGNITO_USER_POOLS", authorizerId: "z" }) },
            "a CloudFront distribution behind a web ACL": { change: as("aws:cloudfront/distribution:Distribution", { webAclId: "arn:aws:wafv2:us-east-1:123456789012:global/webacl/cdn/1" }) },
            "an MSK cluster with IAM client authentication": { change: as("aws:msk/cluster:Cluster", { clientAuthentication: { sasl: { iam: true } } }) },
            "an MSK cluster with mutual TLS": { change: as("aws:msk/cluster:Cluster", { clientAuthentication: { tls: { certificateAuthorityArns: ["arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/1"] } } }) },
            "Lightsail HTTPS open to all, SSH from one range": {
                change: as("aws:lightsail/instancePublicPorts:InstancePublicPorts", { instanceName: "i", portInfos: [
                    { protocol: "tcp", fromPort: 443, toPort: 443, cidrs: ["0.0.0.0/0"] }, { protocol: "tcp", fromPort: 22, toPort: 22, cidrs: ["203.0.113.0/24"] }] }),
            },
            "a private Lightsail database": { change: as("aws:lightsail/database:Database", { relationalDatabaseName: "d", publiclyAccessible: false }) },
            "a SageMaker notebook in the VPC without root": { change: as("aws:sagemaker/notebookInstance:NotebookInstance", { subnetId: "s", directInternetAccess: "Disabled", rootAccess: "Disabled" }) },
            "EMR block public access on": { change: as("aws:emr/blockPublicAccessConfiguration:BlockPublicAccessConfiguration", { blockPublicSecurityGroupRules: true }) },
            "an SSM document shared with one account": { change: as("aws:ssm/document:Document", { content: "{}", documentType: "Command", permissions: { type: "Share", accountIds: "123456789012" } }) },
            "an Elasticsearch domain inside the VPC": { change: as("aws:elasticsearch/domain:Domain", { vpcOptions: { subnetIds: ["subnet-1"] } }) },
            "an HTTP API declared without quick create": { change: as("aws:apigatewayv2/api:Api", { name: "ops", protocolType: "HTTP" }) },
            "a quick-create API whose execute-api endpoint is disabled": { change: as("aws:apigatewayv2/api:Api", { protocolType: "HTTP", target: "arn:aws:lambda:us-east-1:123456789012:function:f", disableExecuteApiEndpoint: true }) },
            "a serverless collection reachable through a VPC endpoint only": {
                change: as("aws:opensearch/serverlessSecurityPolicy:ServerlessSecurityPolicy", { type: "network", policy: JSON.stringify([{ Rules: [{ ResourceType: "collection", Resource: ["collection/logs"] }], AllowFromPublic: false, SourceVPCEs: ["vpce-1"] }]) }),
            },
            "a SageMaker domain on VpcOnly": { change: as("aws:sagemaker/domain:Domain", { domainName: "d", appNetworkAccessType: "VpcOnly" }) },
            "a private DMS replication instance": { change: as("aws:dms/replicationInstance:ReplicationInstance", { replicationInstanceId: "r", publiclyAccessible: false }) },
            "an outbound ACL rule to anywhere on 22": { change: as("aws:ec2/networkAclRule:NetworkAclRule", { networkAclId: "a", ruleNumber: 100, egress: true, protocol: "tcp", ruleAction: "allow", cidrBlock: "0.0.0.0/0", fromPort: 22, toPort: 22 }) },
        },
        violations: {
            "an Aurora instance is public": { change: r => { r.props.publiclyAccessible = true; }, message: /publiclyAccessible is true/ },
            "a Redshift cluster is public": { change: as("aws:redshift/cluster:Cluster", { publiclyAccessible: true }), message: /publiclyAccessible is true/ },
            "an OpenSearch domain has a public endpoint": { change: as("aws:opensearch/domain:Domain", {}), message: /public endpoint/ },
            "an MSK cluster has public brokers": {
                change: as("aws:msk/cluster:Cluster", { brokerNodeGroupInfo: { connectivityInfo: { publicAccess: { type: "SERVICE_PROVIDED_EIPS" } } } }), message: /SERVICE_PROVIDED_EIPS/,
            },
            "an EKS cluster keeps the default public endpoint": { change: as("aws:eks/cluster:Cluster", { vpcConfig: { subnetIds: ["s"] } }), message: /endpointPublicAccess/ },
            "a function URL is open to anyone": { change: as("aws:lambda/functionUrl:FunctionUrl", { authorizationType: "NONE" }), message: /authorizationType is "NONE"/ },
            "a manual snapshot is shared with all accounts": { change: as("aws:rds/snapshot:Snapshot", { dbSnapshotIdentifier: "s1", sharedAccounts: ["all"] }), message: /snapshot is public/ },
            "a snapshot copy is shared with all accounts among others": { change: as("aws:rds/snapshotCopy:SnapshotCopy", { targetDbSnapshotIdentifier: "c1", sharedAccounts: ["123456789012", "all"] }), message: /snapshot is public/ },
            "a cluster snapshot copy is public": { change: as("aws:rds/clusterSnapshotCopy:ClusterSnapshotCopy", { targetDbClusterSnapshotIdentifier: "c1", sharedAccounts: ["all"] }), message: /snapshot is public/ },
            "an Amazon MQ broker is public": { change: as("aws:mq/broker:Broker", { publiclyAccessible: true }), message: /publiclyAccessible is true/ },
            "an instance answers IMDSv1": { change: as("aws:ec2/instance:Instance", { ami: "ami-1", metadataOptions: { httpTokens: "optional" } }), message: /metadataOptions.httpTokens is "optional": IMDSv1 answers any request/ },
            "a launch template leaves the token setting unset": { change: as("aws:ec2/launchTemplate:LaunchTemplate", {}), message: /httpTokens is "not set"/ },
            "an AMI is launchable by all accounts": { change: as("aws:ec2/amiLaunchPermission:AmiLaunchPermission", { imageId: "ami-1", group: "all" }), message: /the image is public/ },
            "a bucket keeps ACLs (ObjectWriter)": {
                change: as("aws:s3/bucketOwnershipControls:BucketOwnershipControls", { bucket: "b", rule: { objectOwnership: "ObjectWriter" } }), message: /objectOwnership is "ObjectWriter": ACLs stay enabled/,
            },
            "a bucket keeps ACLs (BucketOwnerPreferred)": {
                change: as("aws:s3/bucketOwnershipControls:BucketOwnershipControls", { bucket: "b", rule: { objectOwnership: "BucketOwnerPreferred" } }), message: /ACLs stay enabled/,
            },
            "the account's public access block is declared with a switch off": {
                change: as("aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock", { blockPublicAcls: true, blockPublicPolicy: false, ignorePublicAcls: true, restrictPublicBuckets: true }),
                message: /blockPublicPolicy is false; it must be true/,
            },
            "an access point's public access block has a switch off": {
                change: as("aws:s3/accessPoint:AccessPoint", { bucket: "expertconnect-backup", name: "reports", publicAccessBlockConfiguration: { blockPublicPolicy: false, restrictPublicBuckets: false } }),
                message: /publicAccessBlockConfiguration.blockPublicPolicy is false; it must be true/,
            },
            "the account's AMI block public access is unblocked": {
                change: as("aws:ec2/imageBlockPublicAccess:ImageBlockPublicAccess", { state: "unblocked" }), message: /state is "unblocked": any AMI of the account can be made public/,
            },
            "the account's snapshot block public access is unblocked": {
                change: as("aws:ebs/snapshotBlockPublicAccess:SnapshotBlockPublicAccess", { state: "unblocked" }), message: /state is "unblocked": any EBS snapshot of the account can be made public/,
            },
            "an App Runner service publicly accessible": {
                change: as("aws:apprunner/service:Service", { serviceName: "admin", networkConfiguration: { ingressConfiguration: { isPubliclyAccessible: true } } }), message: /isPubliclyAccessible is true: the service answers the internet/,
            },
            "an App Runner service without network configuration (public by default)": {
                change: as("aws:apprunner/service:Service", { serviceName: "admin" }), message: /isPubliclyAccessible is "not set \(true\)"/,
            },
            "the account's public access block is declared with switches unset": {
                change: as("aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock", { blockPublicAcls: true }), message: /restrictPublicBuckets is not set; it must be true/,
            },
            "an ACL rule admits SSH from anywhere": {
                change: as("aws:ec2/networkAclRule:NetworkAclRule", { networkAclId: "a", ruleNumber: 100, protocol: "tcp", ruleAction: "allow", cidrBlock: "0.0.0.0/0", fromPort: 22, toPort: 22 }),
                message: /allows 0.0.0.0\/0 in to port 22 \(SSH\)/,
            },
            "an ACL rule admits a port range holding RDP from anywhere over IPv6": {
                change: as("aws:ec2/networkAclRule:NetworkAclRule", { networkAclId: "a", ruleNumber: 100, protocol: "6", ruleAction: "allow", ipv6CidrBlock: "::/0", fromPort: 1024, toPort: 65535 }),
                message: /allows ::\/0 in to port 3389 \(RDP\)/,
            },
            "an ACL's SSH deny comes after the allow that matches first": {
                change: as("aws:ec2/networkAcl:NetworkAcl", { vpcId: "vpc-1", ingress: [
                    { ruleNo: 300, action: "deny", protocol: "tcp", cidrBlock: "0.0.0.0/0", fromPort: 22, toPort: 22 },
                    { ruleNo: 100, action: "allow", protocol: "tcp", cidrBlock: "0.0.0.0/0", fromPort: 0, toPort: 65535 },
                ] }),
                message: /allows 0.0.0.0\/0 in to port 22 \(SSH\)/,
            },
            "an HTTP API route without authorization": { change: as("aws:apigatewayv2/route:Route", { apiId: "a", routeKey: "ANY /{proxy+}", authorizationType: "NONE" }), message: /authorizationType is "NONE": anyone can call route/ },
            "an HTTP API catch-all route leaving authorization unset": { change: as("aws:apigatewayv2/route:Route", { apiId: "a", routeKey: "$default" }), message: /authorizationType is "not set"/ },
            "a WebSocket $connect route without authorization": { change: as("aws:apigatewayv2/route:Route", { apiId: "a", routeKey: "$connect", authorizationType: "NONE" }), message: /\$connect/ },
            "a REST method without authorization (an API key is not authentication)": {
                change: as("aws:apigateway/method:Method", { restApi: "r", resourceId: "x", httpMethod: "POST", authorization: "NONE", apiKeyRequired: true }), message: /authorization is "NONE": anyone can call POST/,
            },
            "a CloudFront distribution without a web ACL": { change: as("aws:cloudfront/distribution:Distribution", {}), message: /webAclId is not set/ },
            "an MSK cluster admitting unauthenticated clients beside IAM": {
                change: as("aws:msk/cluster:Cluster", { clientAuthentication: { unauthenticated: true, sasl: { iam: true } } }), message: /unauthenticated is true/,
            },
            "an MSK cluster with no client authentication (AWS then admits anyone)": { change: as("aws:msk/cluster:Cluster", {}), message: /admits unauthenticated clients/ },
            "Lightsail SSH open to all": {
                change: as("aws:lightsail/instancePublicPorts:InstancePublicPorts", { instanceName: "i", portInfos: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrs: ["0.0.0.0/0"] }] }), message: /portInfos\[0\] opens tcp 22-22 to every address/,
            },
            "a Lightsail port listing no range (AWS opens it to all)": {
                change: as("aws:lightsail/instancePublicPorts:InstancePublicPorts", { instanceName: "i", portInfos: [{ protocol: "tcp", fromPort: 5432, toPort: 5432 }] }), message: /no cidrs given/,
            },
            "Lightsail every protocol open over IPv6": {
                change: as("aws:lightsail/instancePublicPorts:InstancePublicPorts", { instanceName: "i", portInfos: [{ protocol: "all", fromPort: 0, toPort: 65535, ipv6Cidrs: ["::/0"] }] }), message: /opens all 0-65535/,
            },
            "a public Lightsail database": { change: as("aws:lightsail/database:Database", { relationalDatabaseName: "d", publiclyAccessible: true }), message: /publiclyAccessible is true/ },
            "a SageMaker notebook left to its defaults": { change: as("aws:sagemaker/notebookInstance:NotebookInstance", {}), message: /directInternetAccess is "Enabled".*internet/ },
            "a SageMaker notebook with root access": { change: as("aws:sagemaker/notebookInstance:NotebookInstance", { directInternetAccess: "Disabled", rootAccess: "Enabled" }), message: /rootAccess is "Enabled"/ },
            "EMR block public access off": { change: as("aws:emr/blockPublicAccessConfiguration:BlockPublicAccessConfiguration", { blockPublicSecurityGroupRules: false }), message: /blockPublicSecurityGroupRules is false/ },
            "an SSM document shared with all accounts": {
                change: as("aws:ssm/document:Document", { content: "{}", documentType: "Command", permissions: { type: "Share", accountIds: "123456789012,All" } }), message: /the document is public/,
            },
            "an Elasticsearch domain with a public endpoint": { change: as("aws:elasticsearch/domain:Domain", {}), message: /public endpoint/ },
            "an HTTP API made by quick create": {
                change: as("aws:apigatewayv2/api:Api", { protocolType: "HTTP", target: "arn:aws:lambda:us-east-1:123456789012:function:f" }), message: /target is set \(quick create\)/,
            },
            "a serverless collection open to the public": {
                change: as("aws:opensearch/serverlessSecurityPolicy:ServerlessSecurityPolicy", { type: "network", policy: JSON.stringify([{ Rules: [{ ResourceType: "collection", Resource: ["collection/logs"] }], AllowFromPublic: true }]) }),
                message: /policy\[0\]\.AllowFromPublic is true/,
            },
            "a SageMaker domain left on PublicInternetOnly": { change: as("aws:sagemaker/domain:Domain", { domainName: "d" }), message: /appNetworkAccessType is "PublicInternetOnly"/ },
            "a public DMS replication instance": { change: as("aws:dms/replicationInstance:ReplicationInstance", { replicationInstanceId: "r", publiclyAccessible: true }), message: /publiclyAccessible is true/ },
            "the default ACL admits every protocol from anywhere": {
                change: as("aws:ec2/defaultNetworkAcl:DefaultNetworkAcl", { defaultNetworkAclId: "acl-1", ingress: [{ ruleNo: 100, action: "allow", protocol: "-1", cidrBlock: "0.0.0.0/0", fromPort: 0, toPort: 0 }] }),
                message: /allows 0.0.0.0\/0 in to port 3389 \(RDP\)/,
            },
        },
    });
});

describe("data-backups-retained", () => {
    resourceTable(dataBackupsRetained, aurora, {
        passes: {
            "a memcached cluster (nothing to snapshot)": { change: as(CACHE_CLUSTER, { engine: "memcached" }) },
            "a Redis replication group keeping a week of snapshots": { change: as("aws:elasticache/replicationGroup:ReplicationGroup", { engine: "redis", snapshotRetentionLimit: 7 }) },
            "a DynamoDB table with point-in-time recovery": { change: as("aws:dynamodb/table:Table", { pointInTimeRecovery: { enabled: true } }) },
            "a raised minimum the cluster meets": { config: { minimumRetentionDays: 14 } },
        },
        violations: {
            "an Aurora cluster keeps the default single day": { change: r => { delete r.props.backupRetentionPeriod; }, message: /backupRetentionPeriod is not set; the minimum is 7 days/ },
            "an Aurora cluster keeps 3 days": { change: r => { r.props.backupRetentionPeriod = 3; }, message: /is 3; the minimum is 7/ },
            "the replication group keeps no snapshots": { change: as("aws:elasticache/replicationGroup:ReplicationGroup", { engine: "redis", snapshotRetentionLimit: 0 }), message: /snapshotRetentionLimit is 0/ },
            "a Redis cache cluster added beside the components keeps no snapshots": { change: as(CACHE_CLUSTER, { engine: "redis" }), message: /snapshotRetentionLimit is not set/ },
            "a serverless cache keeps no snapshots": { change: as("aws:elasticache/serverlessCache:ServerlessCache", { engine: "valkey" }), message: /snapshotRetentionLimit/ },
            "a DynamoDB table has no point-in-time recovery": { change: as("aws:dynamodb/table:Table", {}), message: /pointInTimeRecovery.enabled is not set/ },
            "a Redshift cluster keeps one day": { change: as("aws:redshift/cluster:Cluster", { automatedSnapshotRetentionPeriod: 1 }), message: /automatedSnapshotRetentionPeriod is 1/ },
            "the cluster misses a raised minimum": { config: { minimumRetentionDays: 21 }, message: /the minimum is 21 days/ },
        },
    });
});

describe("data-deletion-protection", () => {
    resourceTable(dataDeletionProtection, aurora, {
        passes: {
            "a DynamoDB table with deletion protection": { change: as("aws:dynamodb/table:Table", { deletionProtectionEnabled: true }) },
            "a secret with the default recovery window": { change: as("aws:secretsmanager/secret:Secret", { name: "db" }) },
            "a secret with a 7-day recovery window": { change: as("aws:secretsmanager/secret:Secret", { name: "db", recoveryWindowInDays: 7 }) },
        },
        violations: {
            "an Aurora cluster has no deletion protection": { change: r => { r.props.deletionProtection = false; }, message: /deletionProtection is false/ },
            "an Aurora cluster skips its final snapshot": { change: r => { r.props.skipFinalSnapshot = true; }, message: /skipFinalSnapshot is true/ },
            "a DynamoDB table can be deleted": { change: as("aws:dynamodb/table:Table", {}), message: /deletionProtectionEnabled is not set/ },
            "a secret is deleted without a recovery window": { change: as("aws:secretsmanager/secret:Secret", { name: "db", recoveryWindowInDays: 0 }), message: /recoveryWindowInDays is 0/ },
            "a Redis replication group leaves no final snapshot": { change: as("aws:elasticache/replicationGroup:ReplicationGroup", { engine: "redis" }), message: /finalSnapshotIdentifier is not set/ },
            "in dr, a cluster tagged Environment=prod can be deleted": {
                config: { environment: "dr" }, change: r => { r.props.tags = { Environment: "prod" }; r.props.deletionProtection = false; }, message: /deletionProtection is false/,
            },
            "in dr after promotion, a cluster tagged FailoverPhase=promoted skips its final snapshot": {
                config: { environment: "dr" }, change: r => { r.props.tags = { Environment: "dr", FailoverPhase: "promoted" }; r.props.skipFinalSnapshot = true; }, message: /skipFinalSnapshot is true/,
            },
        },
        notApplicable: { "the stack is dr and the cluster is dr's": { config: { environment: "dr" }, change: r => { r.props.tags = { Environment: "dr" }; r.props.deletionProtection = false; } } },
    });
});

describe("logging-enabled", () => {
    const stage: ResourceInput = { type: "aws:apigatewayv2/stage:Stage", name: "stage", props: { accessLogSettings: { destinationArn: "arn:aws:logs:us-east-1:1:log-group:api", format: "$context.requestId" } } };
    resourceTable(loggingEnabled, stage, {
        passes: {
            "an EKS cluster sending audit logs": { change: as("aws:eks/cluster:Cluster", { enabledClusterLogTypes: ["api", "audit"] }) },
            "an ECS cluster logging ECS Exec sessions to its own log group": {
                change: as("aws:ecs/cluster:Cluster", { configuration: { executeCommandConfiguration: { logging: "OVERRIDE", logConfiguration: { cloudWatchLogGroupName: "/ecs/exec" } } } }),
            },
            "an ECS cluster logging ECS Exec sessions to a bucket": {
                change: as("aws:ecs/cluster:Cluster", { configuration: { executeCommandConfiguration: { logging: "OVERRIDE", logConfiguration: { s3BucketName: "exec-logs" } } } }),
            },
            "an ECS cluster that configures no ECS Exec (judged by paths-verified where a service enables it)": { change: as("aws:ecs/cluster:Cluster", { name: "c" }) },
        },
        violations: {
            "an ECS cluster records no ECS Exec session": {
                change: as("aws:ecs/cluster:Cluster", { configuration: { executeCommandConfiguration: { logging: "NONE" } } }), message: /logging is "NONE": what operators run/,
            },
            "an ECS cluster sends ECS Exec sessions to each app's log group (DEFAULT, red team)": {
                change: as("aws:ecs/cluster:Cluster", { configuration: { executeCommandConfiguration: { kmsKeyId: "arn:aws:kms:us-east-1:123456789012:key/exec", logging: "DEFAULT" } } }),
                message: /logging is "DEFAULT": ECS Exec sessions go to each container's application log group with the task role's credentials/,
            },
            "an ECS cluster configures ECS Exec without logging (DEFAULT)": {
                change: as("aws:ecs/cluster:Cluster", { configuration: { executeCommandConfiguration: { kmsKeyId: "arn:aws:kms:us-east-1:123456789012:key/exec" } } }), message: /logging is unset \(DEFAULT\)/,
            },
            "an ECS cluster keeps a log group but leaves logging DEFAULT": {
                change: as("aws:ecs/cluster:Cluster", { configuration: { executeCommandConfiguration: { logging: "DEFAULT", logConfiguration: { cloudWatchLogGroupName: "/ecs/exec" } } } }), message: /set OVERRIDE/,
            },
            "an ECS cluster overrides the logging with no destination": {
                change: as("aws:ecs/cluster:Cluster", { configuration: { executeCommandConfiguration: { logging: "OVERRIDE", logConfiguration: {} } } }), message: /OVERRIDE without a log group or bucket/,
            },
            "an API stage logs nothing": { change: r => { delete r.props.accessLogSettings; }, message: /accessLogSettings.destinationArn is not set/ },
            "a CloudFront distribution logs nothing": { change: as("aws:cloudfront/distribution:Distribution", {}), message: /loggingConfig.bucket is not set/ },
            "a Classic Load Balancer turned its access logs off": { change: as("aws:elb/loadBalancer:LoadBalancer", { accessLogs: { bucket: "logs", enabled: false } }), message: /accessLogs.enabled is false/ },
            "an EKS cluster logs no audit events": { change: as("aws:eks/cluster:Cluster", { enabledClusterLogTypes: ["api"] }), message: /does not include audit/ },
            "an Aurora cluster exports no logs": { change: as(AURORA, { storageEncrypted: true }), message: /enabledCloudwatchLogsExports is not set/ },
        },
    });
});
