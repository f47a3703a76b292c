import * as pulumi from "@pulumi/pulumi";
import type { LoadBalancer } from "../components/compute/LoadBalancer";
import type { Service } from "../components/compute/Service";
import { rdsLogGroupName } from "../components/data/databaseSettings";
import { regionalName } from "../components/dns/failoverHealth";
import { isReplicating, regionRole } from "../components/dr/phase";
import { AppSignals } from "../components/monitoring/AppSignals";
import { CostAnomalyAlerts } from "../components/monitoring/CostAnomalyAlerts";
import { imageFindingNotification } from "../components/monitoring/events";
import { appSignalWidgets, canaryWidgets } from "../components/monitoring/signals/widgets";
import { SyntheticCheck } from "../components/monitoring/SyntheticCheck";
import { ImageScanning } from "../components/security/ImageScanning";
import { cacheMemberIds } from "../components/monitoring/alarms/redis";
import { AlarmTopic } from "../components/monitoring/AlarmTopic";
import { CostBudget } from "../components/monitoring/CostBudget";
import { Monitoring } from "../components/monitoring/Monitoring";
import { AuditTrail } from "../components/security/AuditTrail";
import { ConfigRecorder } from "../components/security/ConfigRecorder";
import type { EncryptionKey } from "../components/security/EncryptionKey";
import { ThreatDetection } from "../components/security/ThreatDetection";
import { WebFirewall } from "../components/security/WebFirewall";
import { BACKUP_RETENTION_FLOOR_DAYS } from "../policy/lib/facts/retention";
import { cacheReplicationGroupId, clusterName, databaseIdentifier, serviceName } from "../lib/naming";
import type { StackContext } from "./context";

/** What the alarms, the firewall and the dashboards watch, and where they notify. */
export interface MonitoringInputs {
    readonly logsKey: EncryptionKey;
    readonly loadBalancer: LoadBalancer;
    readonly alarmTopic: AlarmTopic;
    /** The services whose log groups the application's signals read. */
    readonly services: Record<"backend" | "frontend", Service>;
}

/** What the monitoring and security step registers (GuardDuty and Config need no handle). */
export interface MonitoringHandles {
    readonly alarmTopic: AlarmTopic;
    /** prod's account-wide trail; undefined in dr. */
    readonly auditTrail?: AuditTrail;
    /** The AWS Config delivery bucket this stack creates (prod's, which dr delivers into); undefined otherwise. */
    readonly configBucketName?: pulumi.Output<string>;
    readonly webFirewall: WebFirewall;
    readonly monitoring: Monitoring;
    readonly appSignals: AppSignals;
    /** The synthetic check (its canary only while the stack serves users). */
    readonly syntheticCheck: SyntheticCheck;
}

/**
 * The encrypted SNS topic every alarm and notification goes to: registered early, so the
 * disaster-recovery signals composed before the data stores can notify it.
 */
export function composeAlarmTopic({ cfg, tags, prefix }: StackContext): AlarmTopic {
    return new AlarmTopic("alarms", {
        keyAlias: `${prefix}-alarms`,
        emails: cfg.monitoring.alarmEmails,
        tags,
    });
}

/**
 * prod's alarm topic in the recovery region, subscribed as the main one: an alarm on a metric AWS
 * publishes there (S3's replication latency, policy/lib/facts/alarmSignals.ts `publishedIn`) can
 * notify only a topic of its own region. Its name and key alias are the main topic's with the
 * stack's prefix, distinct from the dr stack's own topic in that region.
 */
export function composeRecoveryAlarmTopic({ cfg, tags, prefix }: StackContext): AlarmTopic {
    const region = cfg.dr.recoveryRegion;
    return new AlarmTopic(`alarms-${region}`, {
        topicName: `${prefix}-alarms`,
        keyAlias: `${prefix}-alarms`,
        emails: cfg.monitoring.alarmEmails,
        tags,
        region,
    });
}

/** Monitoring and security baseline: audit trail, GuardDuty, Config, WAF, alarms and dashboard. */
export function composeMonitoring({ cfg, tags, prefix }: StackContext, { logsKey, loadBalancer, alarmTopic, services }: MonitoringInputs): MonitoringHandles {
    const isProd = cfg.environment === "prod";

    // One multi-region trail records the whole account, so prod owns it (and its CIS alarms).
    const auditTrail = isProd
        ? new AuditTrail("audit-trail", {
            project: cfg.project,
            tags,
            region: cfg.region,
            logRetentionDays: cfg.monitoring.auditLogRetentionDays,
            topicArn: alarmTopic.arn,
            deployRoleNames: cfg.monitoring.deployRoleNames,
        })
        : undefined;

    // GuardDuty and Config are regional: each stack runs its region's, unless the organization does.
    if (cfg.security.guardDuty === "stack") {
        new ThreatDetection("guardduty", { tags });
    }
    const configRecorder = cfg.security.awsConfig !== "stack" ? undefined : new ConfigRecorder("aws-config", {
        tags,
        // Global types (IAM) are recorded once, in prod's region; the bucket name is global too,
        // so dr delivers into the bucket prod creates.
        includeGlobalResourceTypes: isProd,
        createBucket: isProd,
        rules: {
            production: isProd,
            // The guide's floor; the configured retention may be longer.
            minBackupRetentionDays: BACKUP_RETENTION_FLOOR_DAYS,
            minLogRetentionDays: Math.min(cfg.monitoring.logRetentionDays, cfg.monitoring.auditLogRetentionDays),
        },
    });

    const webFirewall = new WebFirewall("waf", {
        name: prefix,
        tags,
        loadBalancerArn: loadBalancer.arn,
        rateLimit: cfg.security.wafRateLimit,
        largeBodyPaths: cfg.security.wafLargeBodyPaths,
        logRetentionDays: cfg.monitoring.auditLogRetentionDays,
        logKmsKeyArn: logsKey.arn,
    });

    // The application's signals: metrics from the backend's JSON logs, their alarms, the saved queries.
    const dbIdentifier = databaseIdentifier(cfg.project, cfg.environment);
    const appSignals = new AppSignals("app-signals", {
        project: cfg.project,
        tags,
        stackPrefix: prefix,
        logGroups: {
            services: { backend: services.backend.logGroupName, frontend: services.frontend.logGroupName },
            database: rdsLogGroupName(dbIdentifier, "postgresql"),
        },
        topicArn: alarmTopic.arn,
        alarms: {
            failedCreditTransactions: cfg.monitoring.appSignals.failedCreditTransactions,
            noSuccessfulCreditMinutes: cfg.monitoring.appSignals.noSuccessfulCreditMinutes,
            businessHours: {
                startHourUtc: cfg.monitoring.appSignals.businessStartHourUtc,
                endHourUtc: cfg.monitoring.appSignals.businessEndHourUtc,
                days: cfg.monitoring.appSignals.businessDays,
            },
            videoFailureRatePercent: cfg.monitoring.appSignals.videoFailureRatePercent,
        },
    });

    // The synthetic check runs where users are served: prod unless fenced, dr while promoted. In
    // standby (pilot light, no task) or fenced it would page about a site nobody uses.
    const canaryCfg = cfg.monitoring.canary;
    // The stack's own site: the configured URL, else this region's name under expertconnect:dns
    // (on its certificate), else the load balancer's DNS name (not on it).
    const siteUrl = canaryCfg.siteUrl ?? (cfg.dns ? `https://${regionalName(cfg.environment, cfg.dns.domain)}/` : undefined);
    const syntheticCheck = new SyntheticCheck("synthetic-check", {
        project: cfg.project,
        tags,
        region: cfg.region,
        siteUrl: siteUrl ?? loadBalancer.dnsName.apply((dns) => `https://${dns}/`),
        ignoreCertificateName: siteUrl === undefined,
        healthPath: cfg.services.backend.healthCheckPath,
        videoCheckPath: canaryCfg.videoCheckPath,
        everyMinutes: canaryCfg.everyMinutes,
        logRetentionDays: cfg.monitoring.logRetentionDays,
        logsKmsKeyArn: logsKey.arn,
        topicArn: alarmTopic.arn,
        active: regionRole(cfg.environment, cfg.dr.phase, cfg.dr.fenced).serves,
    });

    // Account-wide or per-registry services prod owns: image scanning (dr's repositories are
    // replicas of the same images) and cost anomaly detection.
    if (isProd) {
        new ImageScanning("image-scanning", { repositoryFilter: `${cfg.project}-*` });
        new CostAnomalyAlerts("cost-anomalies", { project: cfg.project, tags, topicArn: alarmTopic.arn, minimumImpactUsd: cfg.monitoring.costAnomalyImpactUsd });
    }

    // Alarm and dashboard dimensions are the guide's physical names; dr's database is the replica
    // `expertconnect-dr-db`, whose lag the dashboard shows while it replicates (the lag alarms
    // are the DisasterRecovery component's failover signals).
    const monitoring = new Monitoring("monitoring", {
        project: cfg.project,
        tags,
        region: cfg.region,
        topicArn: alarmTopic.arn,
        clusterName: clusterName(cfg.project, cfg.environment),
        services: (["backend", "frontend"] as const).map((key) => ({ key, serviceName: serviceName(cfg.project, cfg.environment, key) })),
        loadBalancer: { arnSuffix: loadBalancer.arnSuffix, targetGroups: loadBalancer.targetGroupArnSuffixes },
        database: {
            identifier: dbIdentifier,
            instanceClass: cfg.database.instanceClass,
            allocatedStorageGb: cfg.database.allocatedStorageGb,
        },
        showsReplicaLag: cfg.environment === "dr" && isReplicating(cfg.dr.phase),
        cacheNodes: cacheMemberIds(cacheReplicationGroupId(cfg.project, cfg.environment), cfg.cache.numCacheClusters),
        extraAlarmArns: pulumi
            .all([pulumi.output(auditTrail?.alarmArns ?? []), appSignals.alarmArns, syntheticCheck.alarmArn ? syntheticCheck.alarmArn.apply((a) => [a]) : pulumi.output([])])
            .apply((lists) => lists.flat()),
        extraNotifications: isProd ? [imageFindingNotification()] : [],
        extraWidgets: [...appSignalWidgets(), ...(syntheticCheck.alarmArn ? canaryWidgets(syntheticCheck.canaryName) : [])],
    });

    // Real spend against the monthly budget (the guide's monthly cost review); `npm run cost`
    // estimates the fixed part before deploying.
    new CostBudget("cost-budget", {
        name: `${prefix}-monthly`,
        tags,
        limitUsd: cfg.monthlyBudgetUsd,
        topicArn: alarmTopic.arn,
    });

    return { alarmTopic, auditTrail, configBucketName: isProd ? configRecorder?.bucketName : undefined, webFirewall, monitoring, appSignals, syntheticCheck };
}
