import { loadConfig } from "./config";
import { parameterPath } from "./lib/naming";
import { omitUndefined } from "./lib/outputs";
import { composeCompute } from "./stack/compute";
import { stackContext } from "./stack/context";
import { composeDataStores } from "./stack/data";
import { composeDisasterRecovery, composeRecoverySite, prodStackName, readProdStack } from "./stack/disasterRecovery";
import { composeDns } from "./stack/dns";
import { guardFailoverPhase } from "./stack/history";
import { composeAlarmTopic, composeMonitoring } from "./stack/monitoring";
import { composeNetwork } from "./stack/network";
import { composeRunbook } from "./stack/operations";

// Read and validate every config key before any resource is registered: bad config stops
// here with one line per problem.
const cfg = loadConfig();
const ctx = stackContext(cfg);

// The steps register their resources in this order; each takes what the earlier ones returned.
// dr first checks its failover phase against the one it last deployed (stack/history.ts), then
// reads prod's outputs, both from the Pulumi backend (see stack/disasterRecovery.ts).
guardFailoverPhase(ctx);
const prodStack = readProdStack(ctx);

// --- Network -------------------------------------------------------------------------------
const { logsKey, network, taskSecurityGroups } = composeNetwork(ctx);

// --- Alarm topic: every alarm and notification of the stack goes here -------------------------
const alarmTopic = composeAlarmTopic(ctx);

// --- dr: the recovery site (replica database, phase capacity, failover signals) -----------------
const recoverySite = composeRecoverySite(ctx, { network, taskSecurityGroups, prodStack, alarmTopic });

// --- Encryption keys and data stores ------------------------------------------------------
const { buckets, staticAssets, database, cache, appSettings } = composeDataStores(ctx, {
    network, taskSecurityGroups, prodStack, replica: recoverySite?.database,
});

// --- Compute: cluster, load balancer, services --------------------------------------------
const { cluster, loadBalancer, services, releases: runningReleases } = composeCompute(ctx, {
    logsKey, network, taskSecurityGroups, database, appSettings, staticAssets, prodStack, recoverySite,
    backupBucket: buckets?.backupBucketArn && buckets.backupKmsKeyArn ? { bucketArn: buckets.backupBucketArn, kmsKeyArn: buckets.backupKmsKeyArn } : undefined,
});

// --- DNS: Route 53 failover records and their health checks ---------------------------------
const dns = composeDns(ctx, { loadBalancer });

// --- Monitoring and security baseline -----------------------------------------------------
const { auditTrail, configBucketName, webFirewall, monitoring } = composeMonitoring(ctx, { logsKey, loadBalancer, alarmTopic, services });

// --- Disaster recovery: prod's replication sources ----------------------------------------------
const disasterRecovery = composeDisasterRecovery(ctx, { buckets, database, alarmTopic });

// --- Operations ----------------------------------------------------------------------------
const runbook = composeRunbook(ctx, { cluster, services, database, buckets, staticAssets, monitoring, alarmTopic, disasterRecovery });

// --- Stack outputs (operators and the dr stack read these; never secret values) -----------
export const environment = cfg.environment;
export const region = cfg.region;
export const logsKmsKeyArn = logsKey.arn;
export const vpcId = network.vpcId;
export const vpcCidrBlock = network.cidrBlock;
export const publicSubnetIds = network.publicSubnetIds;
export const privateSubnetIds = network.privateSubnetIds;
export const isolatedSubnetIds = network.isolatedSubnetIds;
export const flowLogGroupName = network.flowLogGroupName;
export const clusterName = cluster.name;
export const clusterArn = cluster.arn;
export const ecsExecLogGroupName = cluster.execLogGroupName;
export const albArn = loadBalancer.arn;
export const albArnSuffix = loadBalancer.arnSuffix;
export const albDnsName = loadBalancer.dnsName;
export const albZoneId = loadBalancer.zoneId;
export const albSecurityGroupId = loadBalancer.securityGroupId;
export const albAccessLogBucketName = loadBalancer.accessLogBucketName;
export const targetGroupArnSuffixes = loadBalancer.targetGroupArnSuffixes;
export const serviceNames = { backend: services.backend.serviceName, frontend: services.frontend.serviceName };
export const taskDefinitionFamilies = { backend: services.backend.taskDefinitionFamily, frontend: services.frontend.taskDefinitionFamily };
export const serviceLogGroupNames = { backend: services.backend.logGroupName, frontend: services.frontend.logGroupName };
export const repositoryUrls = { backend: services.backend.repositoryUrl, frontend: services.frontend.repositoryUrl };
// prod: the release each repository's services run; the pack holds the dr stack's task definitions
// to it, read through dr's StackReference (policy/lib/facts/releases.ts, RELEASES_OUTPUT).
export const releases = prodStack ? undefined : runningReleases;
export const backendSecurityGroupId = services.backend.securityGroupId;
export const databaseArn = database.arn;
export const databaseInstanceIdentifier = database.identifier;
export const databaseEndpoint = database.endpoint;
export const databaseKmsKeyArn = database.kmsKeyArn;
export const databaseMasterSecretArn = database.masterUserSecretArn;
export const databaseMasterSecretReplicaArn = database.masterUserSecretReplicaArn;
export const databaseMasterSecretReplicaKmsKeyArn = database.masterUserSecretReplicaKmsKeyArn;
export const databaseSecurityGroupId = database.securityGroupId;
// Fail-back creates a replica of dr's database in prod's subnets, groups and key (docs/disaster-recovery.md).
export const databaseSubnetGroupName = database.instance.dbSubnetGroupName;
export const databaseParameterGroupName = database.instance.parameterGroupName;
// A replica in another stack must grow as far as this database (rds-replica-storage reads it through the stack reference),
// run its engine with a parameter group of its family (dr's replica takes the family from here), and have at least its
// memory (rds-replica-matches-source): policy/lib/facts/databaseOutputs.ts.
export const databaseStorageGb = { allocated: database.instance.allocatedStorage, maxAllocated: database.instance.maxAllocatedStorage };
export const databaseEngine = { engine: database.instance.engine, version: database.instance.engineVersion, parameterGroupFamily: database.parameterGroupFamily };
export const databaseInstanceClass = database.instance.instanceClass;
export const cacheArn = cache.arn;
export const cachePrimaryEndpoint = cache.primaryEndpoint;
export const cacheReaderEndpoint = cache.readerEndpoint;
export const cacheAuthSecretArn = cache.authSecretArn;
export const cacheKmsKeyArn = cache.kmsKeyArn;
export const cacheSecurityGroupId = cache.securityGroupId;
// dr: prod's static-assets replica in this region, the bucket dr serves.
export const staticBucket = staticAssets.bucketName;
export const staticBucketArn = staticAssets.bucketArn;
export const staticKmsKeyArn = staticAssets.kmsKeyArn;
export const backupBucket = buckets?.backupBucketName;
export const backupBucketArn = buckets?.backupBucketArn;
export const backupKmsKeyArn = buckets?.backupKmsKeyArn;
export const settingsPath = parameterPath(cfg.project, cfg.environment);
export const settingsParameterNames = appSettings.parameterNames;
export const appSecretArns = appSettings.secretArns;
export const appSecretsKmsKeyArn = appSettings.kmsKeyArn;
export const appSecretReplicaArns = appSettings.replicaSecretArns;
export const appSecretsReplicaKmsKeyArn = appSettings.replicaKmsKeyArn;
export const alarmTopicArn = alarmTopic.arn;
export const dashboardName = monitoring.dashboardName;
export const dashboardUrl = monitoring.dashboardUrl;
export { runbook };
export const webAclArn = webFirewall.webAclArn;
export const wafLogGroupName = webFirewall.logGroupName;
export const cloudTrailBucketName = auditTrail?.bucketName;
export const cloudTrailLogGroupName = auditTrail?.logGroupName;
// The account's AWS Config bucket (prod creates it; dr's delivery channel names it).
export { configBucketName };
// Disaster recovery. Prod: what the dr stack reads (names in components/dr/ProdStack.ts).
export const staticReplicaBucketName = disasterRecovery?.replicaBucketName;
export const staticReplicaBucketArn = disasterRecovery?.replicaBucketArn;
export const staticReplicaKmsKeyArn = disasterRecovery?.replicaKmsKeyArn;
export const replicaRepositoryUrls = disasterRecovery?.replicaRepositoryUrls;
export const backupVaultArn = disasterRecovery?.backupVaultArn;
export const backupCopyVaultArn = disasterRecovery?.backupCopyVaultArn;
export const restoreTestingPlanName = disasterRecovery?.restoreTestingPlanName;
// dr: the failover phase last deployed and the prod stack it follows.
export const drPhase = prodStack ? cfg.dr.phase : undefined;
export const drMode = prodStack ? cfg.dr.mode : undefined;
export const drProdStack = prodStack ? prodStackName(cfg.dr.prodStack) : undefined;
// prod: whether it is fenced after a failover.
export const drFenced = prodStack ? undefined : cfg.dr.fenced;
// With expertconnect:dns: the region's own name (probes, game days) and its failover health check.
export const regionalDomain = dns?.regionalName;
export const failoverHealthCheckId = dns?.healthCheckId;
// Its failover records (zone, name, type, role): the other region's stack reads them to pair its own.
export const failoverRecords = dns?.failoverRecords;

// Outputs that do not apply to this stack (prod's replication sources in dr, dr's phase in prod)
// are left out rather than exported as undefined, which the CLI warns about on every update.
omitUndefined(module.exports);
