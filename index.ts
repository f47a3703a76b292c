import * as pulumi from "@pulumi/pulumi";
import { AppSettings } from "./components/app/AppSettings";
import { Cluster } from "./components/compute/Cluster";
import { expertConnectRoutes } from "./components/compute/listenerRules";
import { LoadBalancer } from "./components/compute/LoadBalancer";
import { DeployRevision, Service } from "./components/compute/Service";
import { TaskSecurityGroup } from "./components/compute/TaskSecurityGroup";
import { Buckets } from "./components/data/Buckets";
import { Cache } from "./components/data/Cache";
import { Database } from "./components/data/Database";
import { DATABASE_NAME } from "./components/data/databaseSettings";
import { DisasterRecovery } from "./components/dr/DisasterRecovery";
import { replicaLagRpoSeconds, stackServiceScale } from "./components/dr/phase";
import { ProdStack } from "./components/dr/ProdStack";
import { replicaDatabaseArgs } from "./components/dr/replicaDatabase";
import { cacheMemberIds } from "./components/monitoring/alarms/redis";
import { AlarmTopic } from "./components/monitoring/AlarmTopic";
import { Monitoring } from "./components/monitoring/Monitoring";
import { Network } from "./components/network/Network";
import { Migration } from "./components/operations/Migration";
import { migrationDecision } from "./components/operations/migrationDecision";
import { buildRunbook } from "./components/operations/runbook";
import { AuditTrail } from "./components/security/AuditTrail";
import { ConfigRecorder } from "./components/security/ConfigRecorder";
import { EncryptionKey } from "./components/security/EncryptionKey";
import { ThreatDetection } from "./components/security/ThreatDetection";
import { WebFirewall } from "./components/security/WebFirewall";
import { loadConfig } from "./config";
import {
    backupBucketName, cacheReplicationGroupId, clusterName as ecsClusterName, databaseIdentifier, envPrefix, parameterPath, secretName,
    secretPrefix, serviceName, staticBucketName,
} from "./lib/naming";
import { TagContext } from "./lib/tags";

// Read and validate every config key before any resource is registered: bad config stops
// here with one line per problem.
const cfg = loadConfig();
const tags: TagContext = { project: cfg.project, environment: cfg.environment };

// The dr stack reads prod's outputs from the Pulumi backend, never from prod's region, so it can
// fail over while that region is down (see the Disaster recovery section).
const prodStack = cfg.environment === "dr" ? new ProdStack("prod-stack", cfg.dr.prodStack) : undefined;

// --- Network -------------------------------------------------------------------------------
const prefix = envPrefix(cfg.project, cfg.environment);

// One key for the stack's CloudWatch log groups (flow logs, ECS Exec sessions, service logs).
// CloudWatch Logs does not send aws:SourceAccount to KMS; the grant is narrowed to this
// account's log groups through the encryption context instead.
const logsKey = new EncryptionKey("logs-key", {
    alias: `${prefix}-logs`,
    description: `CloudWatch log groups of ${prefix}`,
    tags,
    component: "logging",
    services: [{
        service: `logs.${cfg.region}.amazonaws.com`,
        sourceAccount: false,
        condition: (accountId) => ({ ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:${cfg.region}:${accountId}:log-group:*` } }),
    }],
});

const network = new Network("network", {
    namePrefix: prefix,
    tags,
    cidrBlock: cfg.network.cidrBlock,
    azCount: cfg.network.azCount,
    natGateways: cfg.network.natGateways,
    flowLogRetentionDays: cfg.monitoring.auditLogRetentionDays,
    logsKmsKeyArn: logsKey.arn,
});

// The services' task security groups come before the data stores, which admit the backend's
// alone. Tasks reach out on HTTPS (AWS APIs, providers); only the backend reaches PostgreSQL
// and Redis, and only in the isolated subnets.
const httpsOut = { description: "HTTPS to AWS APIs and external providers", port: 443, cidrBlocks: ["0.0.0.0/0"] };
const taskSecurityGroups = {
    backend: new TaskSecurityGroup("backend-tasks", {
        serviceName: serviceName(cfg.project, cfg.environment, "backend"),
        vpcId: network.vpcId,
        tags,
        component: "backend",
        egress: [
            httpsOut,
            { description: "PostgreSQL in the isolated subnets", port: 5432, cidrBlocks: network.isolatedCidrBlocks },
            { description: "Redis in the isolated subnets", port: 6379, cidrBlocks: network.isolatedCidrBlocks },
        ],
    }),
    frontend: new TaskSecurityGroup("frontend-tasks", {
        serviceName: serviceName(cfg.project, cfg.environment, "frontend"),
        vpcId: network.vpcId,
        tags,
        component: "frontend",
        egress: [httpsOut],
    }),
};

// --- Encryption keys and data stores ------------------------------------------------------
// Every store has its own customer-managed key (in its component) and is protected; see
// components/data and components/app.
// dr has no buckets of its own: it serves prod's static files from their replica in this region.
const buckets = prodStack ? undefined : new Buckets("data", {
    staticBucketName: staticBucketName(cfg.project, cfg.environment),
    // Bucket names are global and the guide names one backup bucket: prod owns it.
    backupBucketName: cfg.environment === "prod" ? backupBucketName(cfg.project) : undefined,
    tags,
});
/** The static-assets bucket the services serve: this stack's, or in dr prod's replica. */
const staticAssets = buckets
    ? { bucketName: buckets.staticBucketName, bucketArn: buckets.staticBucketArn, kmsKeyArn: buckets.staticKmsKeyArn }
    : prodStack!.staticReplica;

// PostgreSQL and Redis live in the isolated subnets and admit the backend tasks alone.
const dataStorePlacement = {
    tags,
    region: cfg.region,
    vpcId: network.vpcId,
    subnetIds: network.isolatedSubnetIds,
    allowedSources: { backend: taskSecurityGroups.backend.id },
    logRetentionDays: cfg.monitoring.logRetentionDays,
};

const database = new Database("database", {
    ...dataStorePlacement,
    identifier: databaseIdentifier(cfg.project, cfg.environment),
    sizing: cfg.database,
    // dr: `expertconnect-dr-db`, a replica of prod's instance until the failover phase promotes
    // it, with prod's master password throughout. prod: the master password in a stack-owned
    // secret, replicated to the recovery region (RDS cannot replicate an instance whose password
    // it manages itself) and rotated in the private subnets.
    ...(prodStack
        ? replicaDatabaseArgs(cfg.dr.phase, prodStack.databaseArn, cfg.database, databaseIdentifier(cfg.project, cfg.environment))
        : {
            masterSecret: {
                name: secretName(cfg.project, cfg.environment, "database/master"),
                replicaRegion: cfg.dr.recoveryRegion,
                rotation: { subnetIds: network.privateSubnetIds, databaseCidrBlocks: network.isolatedCidrBlocks },
            },
        }),
});

const cache = new Cache("cache", {
    ...dataStorePlacement,
    replicationGroupId: cacheReplicationGroupId(cfg.project, cfg.environment),
    authSecretName: secretName(cfg.project, cfg.environment, "cache-auth-token"),
    nodeType: cfg.cache.nodeType,
    numCacheClusters: cfg.cache.numCacheClusters,
    snapshotRetentionDays: cfg.cache.snapshotRetentionDays,
    authTokenVersion: cfg.cache.authTokenVersion,
});

// Settings under /expertconnect/<env> (the guide's get-parameters-by-path) and the
// application secrets; the services receive both as ECS secrets by ARN.
const appSettings = new AppSettings("app-settings", {
    parameterPath: parameterPath(cfg.project, cfg.environment),
    secretPrefix: secretPrefix(cfg.project, cfg.environment),
    tags,
    endpoints: {
        databaseAddress: database.address,
        databasePort: database.port,
        databaseName: DATABASE_NAME,
        cacheAddress: cache.primaryEndpoint,
        cachePort: cache.port,
        staticBucketName: staticAssets.bucketName,
        backupBucketName: buckets?.backupBucketName,
    },
    featureFlags: cfg.featureFlags,
    dataStores: {
        // dr runs on prod's master secret replicated here: its database has prod's password.
        databaseSecretArn: prodStack ? prodStack.databaseMasterSecret.arn : database.masterUserSecretArn,
        databaseKmsKeyArn: prodStack ? prodStack.databaseMasterSecret.kmsKeyArn : database.kmsKeyArn,
        cacheAuthSecretArn: cache.authSecretArn,
        cacheKmsKeyArn: cache.kmsKeyArn,
    },
    // prod keeps replicas of its application secrets in the recovery region and dr runs on
    // them, so sessions, tokens and the video provider's key survive a failover.
    replicaRegion: prodStack ? undefined : cfg.dr.recoveryRegion,
    sharedSecrets: prodStack?.appSecrets,
});

// --- Compute: cluster, load balancer, services --------------------------------------------
const cluster = new Cluster("cluster", {
    tags,
    kmsKeyArn: logsKey.arn,
    containerInsights: "enhanced",
    execLogRetentionDays: cfg.monitoring.auditLogRetentionDays,
});

/** Per-service wiring; names and ports are the application's contract (Django 8000, Next.js 3000). */
const serviceSpecs = {
    backend: {
        port: 8000,
        // Python is in every Django image; curl is not. Exits non-zero on an error status or timeout.
        healthCheckCommand: ["CMD", "python", "-c", "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:8000' + sys.argv[1], timeout=4)", cfg.services.backend.healthCheckPath],
        writablePaths: ["/tmp"],
    },
    frontend: {
        port: 3000,
        healthCheckCommand: ["CMD", "node", "-e", "fetch('http://127.0.0.1:3000' + process.argv[1]).then(r => process.exit(r.status < 400 ? 0 : 1), () => process.exit(1))", cfg.services.frontend.healthCheckPath],
        // Next.js writes its image-optimisation cache next to the build.
        writablePaths: ["/tmp", "/app/.next/cache"],
    },
} as const;

const loadBalancer = new LoadBalancer("alb", {
    namePrefix: prefix,
    tags,
    vpcId: network.vpcId,
    publicSubnetIds: network.publicSubnetIds,
    certificateArn: cfg.loadBalancer.certificateArn,
    sslPolicy: cfg.loadBalancer.sslPolicy,
    deletionProtection: cfg.loadBalancer.deletionProtection,
    targets: {
        backend: { port: serviceSpecs.backend.port, healthCheckPath: cfg.services.backend.healthCheckPath },
        frontend: { port: serviceSpecs.frontend.port, healthCheckPath: cfg.services.frontend.healthCheckPath },
    },
    defaultTarget: "frontend",
    pathRoutes: expertConnectRoutes,
    accessLogBucketName: `${prefix}-alb-logs`,
    accessLogRetentionDays: cfg.monitoring.auditLogRetentionDays,
});

// Operations: the backend's database migrations run as a one-off task of each new backend task
// definition, and the backend service waits for them (a failed migration stops the rollout).
// They wait for the database: it must exist (first deploy) and be writable (dr promote).
const migration = migrationDecision({ runMigrations: cfg.runMigrations, environment: cfg.environment, drPhase: cfg.dr.phase });
const migrateBeforeDeploy = migration.run
    ? (revision: DeployRevision) => [new Migration("backend-migration", {
        taskDefinitionArn: revision.taskDefinitionArn,
        clusterName: cluster.name,
        subnetIds: network.privateSubnetIds,
        securityGroupIds: [revision.securityGroupId],
        region: cfg.region,
        logGroupName: revision.logGroupName,
        containerName: revision.containerName,
    }, { dependsOn: [database] })]
    : undefined;

const services = Object.fromEntries((["backend", "frontend"] as const).map((svc) => {
    const svcCfg = cfg.services[svc];
    const spec = serviceSpecs[svc];
    // The dr stack's capacity follows its failover phase; prod's is the config as is.
    const scale = stackServiceScale(cfg.environment, cfg.dr.phase, cfg.dr.mode, svcCfg);
    return [svc, new Service(svc, {
        name: svc,
        tags,
        cluster,
        loadBalancer: loadBalancer.target(svc),
        vpcId: network.vpcId,
        subnetIds: network.privateSubnetIds,
        containerPort: spec.port,
        imageTag: svcCfg.imageTag,
        // dr pulls prod's images, replicated into this region; prod owns the repositories.
        repositoryUrl: prodStack?.repositoryUrl(`${cfg.project}-${svc}`),
        cpu: svcCfg.cpu,
        memory: svcCfg.memory,
        desiredCount: scale.desiredCount,
        scaling: {
            min: scale.minCapacity,
            max: scale.maxCapacity,
            cpuTargetPercent: svcCfg.cpuTargetPercent,
            memoryTargetPercent: svcCfg.memoryTargetPercent,
        },
        healthCheckCommand: [...spec.healthCheckCommand],
        writablePaths: [...spec.writablePaths],
        securityGroupId: taskSecurityGroups[svc].id,
        secrets: appSettings.containerSecrets[svc],
        secretKmsKeyArns: appSettings.secretKmsKeyArns[svc],
        xray: cfg.services.xray,
        beforeDeploy: svc === "backend" ? migrateBeforeDeploy : undefined,
        logRetentionDays: cfg.monitoring.logRetentionDays,
        logsKmsKeyArn: logsKey.arn,
    })];
})) as Record<"backend" | "frontend", Service>;

// --- Monitoring and security baseline -----------------------------------------------------
const isProd = cfg.environment === "prod";
const alarmTopic = new AlarmTopic("alarms", {
    keyAlias: `${prefix}-alarms`,
    emails: cfg.monitoring.alarmEmails,
    tags,
});

// One multi-region trail records the whole account, so prod owns it (and its CIS alarms).
const auditTrail = isProd
    ? new AuditTrail("audit-trail", {
        project: cfg.project,
        tags,
        region: cfg.region,
        logRetentionDays: cfg.monitoring.auditLogRetentionDays,
        topicArn: alarmTopic.arn,
    })
    : undefined;

// GuardDuty and Config are regional: each stack runs its region's, unless the organization does.
if (cfg.security.guardDuty === "stack") {
    new ThreatDetection("guardduty", { tags });
}
if (cfg.security.awsConfig === "stack") {
    new ConfigRecorder("aws-config", {
        tags,
        // Global types (IAM) are recorded once, in prod's region; the bucket name is global too,
        // so dr delivers into the bucket prod creates.
        includeGlobalResourceTypes: isProd,
        createBucket: isProd,
        rules: {
            production: isProd,
            // The guide's floor ("7-day retention"); the configured retention may be longer.
            minBackupRetentionDays: 7,
            minLogRetentionDays: Math.min(cfg.monitoring.logRetentionDays, cfg.monitoring.auditLogRetentionDays),
        },
    });
}

const webFirewall = new WebFirewall("waf", {
    name: prefix,
    tags,
    loadBalancerArn: loadBalancer.arn,
    rateLimit: cfg.security.wafRateLimit,
    logRetentionDays: cfg.monitoring.auditLogRetentionDays,
    logKmsKeyArn: logsKey.arn,
});

// Alarm and dashboard dimensions are the guide's physical names; dr's database is the replica
// `expertconnect-dr-db`, whose lag is watched for as long as it replicates.
const monitoring = new Monitoring("monitoring", {
    project: cfg.project,
    tags,
    region: cfg.region,
    topicArn: alarmTopic.arn,
    clusterName: ecsClusterName(cfg.project, cfg.environment),
    services: (["backend", "frontend"] as const).map((key) => ({ key, serviceName: serviceName(cfg.project, cfg.environment, key) })),
    loadBalancer: { arnSuffix: loadBalancer.arnSuffix, targetGroups: loadBalancer.targetGroupArnSuffixes },
    database: {
        identifier: databaseIdentifier(cfg.project, cfg.environment),
        instanceClass: cfg.database.instanceClass,
        allocatedStorageGb: cfg.database.allocatedStorageGb,
    },
    replicaLagRpoSeconds: replicaLagRpoSeconds(cfg.environment, cfg.dr.phase, cfg.dr.rpoSeconds),
    cacheNodes: cacheMemberIds(cacheReplicationGroupId(cfg.project, cfg.environment), cfg.cache.numCacheClusters),
    extraAlarmArns: auditTrail?.alarmArns,
});

// --- Disaster recovery ---------------------------------------------------------------------
// Prod writes everything the recovery region needs while it is up: static files replicated
// within minutes, database backups copied daily and restore-tested monthly, images replicated on
// push. The dr stack's side is above: the replica database, and services sized by the phase.
const disasterRecovery = isProd && buckets
    ? new DisasterRecovery("dr", {
        tags,
        namePrefix: prefix,
        region: cfg.region,
        recoveryRegion: cfg.dr.recoveryRegion,
        staticAssets: {
            bucketName: buckets.staticBucketName,
            bucketArn: buckets.staticBucketArn,
            kmsKeyArn: buckets.staticKmsKeyArn,
            versioning: buckets.staticBucket,
        },
        replicaBucketName: `${staticBucketName(cfg.project, cfg.environment)}-${cfg.dr.recoveryRegion}`,
        database: {
            arn: database.arn,
            subnetGroupName: database.instance.dbSubnetGroupName,
            securityGroupIds: [database.securityGroupId],
            backupRetentionDays: cfg.database.backupRetentionDays,
        },
        backupCopyRetentionDays: cfg.dr.backupCopyRetentionDays,
        alarmTopicArn: alarmTopic.arn,
        images: {
            repositoryPrefix: `${cfg.project}-`,
            repositoryNames: (["backend", "frontend"] as const).map((svc) => `${cfg.project}-${svc}`),
        },
    })
    : undefined;

// --- Operations ----------------------------------------------------------------------------
// The guide's commands with this stack's real names (`pulumi stack output runbook`, see
// docs/operations.md). Stack names are the environments (Pulumi.<env>.yaml): dr fails over as `dr`.
const runbook = pulumi.output({
    stack: pulumi.getStack(),
    region: cfg.region,
    clusterName: cluster.name,
    services: { backend: services.backend.serviceName, frontend: services.frontend.serviceName },
    logGroups: { backend: services.backend.logGroupName, frontend: services.frontend.logGroupName },
    backendContainer: services.backend.containerName,
    databaseIdentifier: database.identifier,
    buckets: { static: staticAssets.bucketName, ...(buckets?.backupBucketName ? { backup: buckets.backupBucketName } : {}) },
    dashboardName: monitoring.dashboardName,
    dashboardUrl: monitoring.dashboardUrl,
    alarmTopicArn: alarmTopic.arn,
    parameterPath: parameterPath(cfg.project, cfg.environment),
    drStack: "dr",
    restoreTest: disasterRecovery
        ? {
            planName: disasterRecovery.restoreTestingPlanName,
            planArn: disasterRecovery.restoreTesting.plan.arn,
            vaultName: disasterRecovery.backup.vaultName,
            roleArn: disasterRecovery.backup.roleArn,
            databaseArn: database.arn,
        }
        : undefined,
}).apply(buildRunbook);

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
export const backendSecurityGroupId = services.backend.securityGroupId;
export const databaseArn = database.arn;
export const databaseInstanceIdentifier = database.identifier;
export const databaseEndpoint = database.endpoint;
export const databaseKmsKeyArn = database.kmsKeyArn;
export const databaseMasterSecretArn = database.masterUserSecretArn;
export const databaseMasterSecretReplicaArn = database.masterUserSecretReplicaArn;
export const databaseMasterSecretReplicaKmsKeyArn = database.masterUserSecretReplicaKmsKeyArn;
export const databaseSecurityGroupId = database.securityGroupId;
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
export const drProdStack = prodStack ? cfg.dr.prodStack : undefined;
void tags;
