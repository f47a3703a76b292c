import * as pulumi from "@pulumi/pulumi";
import type { AppSettings } from "../components/app/AppSettings";
import { BucketAccess, bucketAccessStatements, databaseConnectStatement } from "../components/compute/iamPolicies";
import { Cluster } from "../components/compute/Cluster";
import { expertConnectDefaultTarget, expertConnectRoutes } from "../components/compute/listenerRules";
import { LoadBalancer } from "../components/compute/LoadBalancer";
import { DeployRevision, Service } from "../components/compute/Service";
import type { Database } from "../components/data/Database";
import { ROLE_PROBE_PATH } from "../components/dns/failoverHealth";
import type { DisasterRecovery } from "../components/dr/DisasterRecovery";
import { regionRole, stackServiceScale } from "../components/dr/phase";
import type { ProdStack } from "./prodStack";
import { Migration } from "../components/operations/Migration";
import { migrationDecision } from "../policy/lib/facts/migrationGate";
import type { PolicyStatement } from "../lib/iam";
import { PURPOSES } from "../policy/lib/facts/purposes";
import { releasesOf } from "../policy/lib/facts/releases";
import { APP_WRITABLE_PATHS } from "../policy/lib/facts/containerRuntime";
import { poolEnvironment } from "../policy/lib/facts/databaseClients";
import type { StackContext } from "./context";
import type { StaticAssets } from "./data";
import { listenerCertificateArn } from "./dns";
import type { NetworkHandles } from "./network";

/** What the services run in, on and with. */
export interface ComputeInputs extends NetworkHandles {
    readonly database: Database;
    readonly appSettings: AppSettings;
    /** The static-assets bucket the backend writes (in dr prod's replica). */
    readonly staticAssets: StaticAssets;
    /** The guide's backup bucket and its key (prod only). */
    readonly backupBucket?: { bucketArn: pulumi.Output<string>; kmsKeyArn: pulumi.Output<string> };
    /** dr: prod's outputs (the replicated image repositories); prod: undefined. */
    readonly prodStack?: ProdStack;
    /** dr: the recovery site, which sizes the services by the failover phase; prod: undefined. */
    readonly recoverySite?: DisasterRecovery;
}

/** What the compute step registers. */
export interface ComputeHandles {
    readonly cluster: Cluster;
    readonly loadBalancer: LoadBalancer;
    readonly services: Record<"backend" | "frontend", Service>;
    /** The release (tag) each service's repository runs, by repository name: prod publishes it for dr (policy/lib/facts/releases.ts). */
    readonly releases: pulumi.Output<Record<string, string>>;
}

/** Compute: cluster, load balancer, services (the backend behind its database migrations). */
export function composeCompute(
    ctx: StackContext,
    { logsKey, network, taskSecurityGroups, database, appSettings, staticAssets, backupBucket, prodStack, recoverySite }: ComputeInputs,
): ComputeHandles {
    const { cfg, tags, prefix } = ctx;
    // Whether this region serves users now, or is fenced (components/dr/phase.ts).
    const role = regionRole(cfg.environment, cfg.dr.phase, cfg.dr.fenced);
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
            writablePaths: [...APP_WRITABLE_PATHS.backend],
            // ALB health checks carry the task's IP as Host, which Django's ALLOWED_HOSTS refuses
            // (400, an unhealthy target on the first deploy). Application contract: a middleware
            // ahead of CommonMiddleware answers this path before any Host validation
            // (docs/network-and-compute.md, "Health checks and ALLOWED_HOSTS").
            // gunicorn's workers × threads is the task's share of the database's connections; the pack
            // multiplies it by the scaling ceiling (policy/lib/facts/databaseClients.ts).
            environment: { HEALTH_CHECK_PATH: cfg.services.backend.healthCheckPath, ...poolEnvironment() },
        },
        frontend: {
            port: 3000,
            healthCheckCommand: ["CMD", "node", "-e", "fetch('http://127.0.0.1:3000' + process.argv[1]).then(r => process.exit(r.status < 400 ? 0 : 1), () => process.exit(1))", cfg.services.frontend.healthCheckPath],
            // Next.js writes its image-optimisation cache next to the build.
            writablePaths: [...APP_WRITABLE_PATHS.frontend],
            // Next.js does not validate Host: its health path needs nothing.
            environment: {},
        },
    } as const;

    const loadBalancer = new LoadBalancer("alb", {
        namePrefix: prefix,
        tags,
        vpcId: network.vpcId,
        publicSubnetIds: network.publicSubnetIds,
        certificateArn: listenerCertificateArn(ctx),
        sslPolicy: cfg.loadBalancer.sslPolicy,
        deletionProtection: cfg.loadBalancer.deletionProtection,
        targets: {
            backend: { port: serviceSpecs.backend.port, healthCheckPath: cfg.services.backend.healthCheckPath },
            frontend: { port: serviceSpecs.frontend.port, healthCheckPath: cfg.services.frontend.healthCheckPath },
        },
        defaultTarget: expertConnectDefaultTarget,
        pathRoutes: expertConnectRoutes,
        accessLogBucketName: `${prefix}-alb-logs`,
        accessLogRetentionDays: cfg.monitoring.auditLogRetentionDays,
        roleProbe: { path: ROLE_PROBE_PATH, serves: role.serves },
    });

    // Operations: the backend's database migrations run as a one-off task of each new backend task
    // definition, and the backend service waits for them (a failed migration stops the rollout).
    // They wait for the database: it must exist (first deploy) and be writable (dr promote).
    const migration = migrationDecision({ runMigrations: cfg.runMigrations, serves: role.serves, state: cfg.environment === "dr" ? cfg.dr.phase : role.fenced ? "fenced" : "serving" });
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
        // The dr stack's capacity follows its failover phase; prod's is the config as is, or none when fenced.
        const scale = recoverySite?.serviceScale(svcCfg) ?? stackServiceScale(cfg.environment, cfg.dr.phase, cfg.dr.mode, svcCfg, cfg.dr.fenced);
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
            environment: { ...spec.environment },
            securityGroupId: taskSecurityGroups[svc].id,
            secrets: appSettings.containerSecrets[svc],
            secretKmsKeyArns: appSettings.secretKmsKeyArns[svc],
            xray: cfg.services.xray,
            taskRoleStatements: svc === "backend" ? backendStatements(cfg.region, database, staticAssets, backupBucket) : undefined,
            beforeDeploy: svc === "backend" ? migrateBeforeDeploy : undefined,
            logRetentionDays: cfg.monitoring.logRetentionDays,
            logsKmsKeyArn: logsKey.arn,
        })];
    })) as Record<"backend" | "frontend", Service>;

    const releases = pulumi.all([services.backend.image, services.frontend.image]).apply(releasesOf);
    return { cluster, loadBalancer, services, releases };
}

/**
 * The backend's own permissions: log in to PostgreSQL as the application user with IAM
 * authentication, and use the static bucket and the backup bucket with their keys.
 */
function backendStatements(
    region: string,
    database: Database,
    staticAssets: StaticAssets,
    backupBucket: ComputeInputs["backupBucket"],
): pulumi.Output<PolicyStatement[]> {
    const buckets: pulumi.Output<BucketAccess>[] = [
        pulumi.all([staticAssets.bucketArn, staticAssets.kmsKeyArn]).apply(([bucketArn, kmsKeyArn]): BucketAccess => ({ bucketArn, kmsKeyArn, verbs: PURPOSES.backend.buckets.static ?? [] })),
        ...(backupBucket
            ? [pulumi.all([backupBucket.bucketArn, backupBucket.kmsKeyArn]).apply(([bucketArn, kmsKeyArn]): BucketAccess => ({ bucketArn, kmsKeyArn, verbs: PURPOSES.backend.buckets.backup ?? [] }))]
            : []),
    ];
    return pulumi.all([database.appUserArn, pulumi.all(buckets)])
        .apply(([userArn, list]) => [databaseConnectStatement(userArn), ...bucketAccessStatements(list, region)]);
}
