import type { LoadBalancer } from "../components/compute/LoadBalancer";
import { replicaLagRpoSeconds } from "../components/dr/phase";
import { cacheMemberIds } from "../components/monitoring/alarms/redis";
import { AlarmTopic } from "../components/monitoring/AlarmTopic";
import { Monitoring } from "../components/monitoring/Monitoring";
import { AuditTrail } from "../components/security/AuditTrail";
import { ConfigRecorder } from "../components/security/ConfigRecorder";
import type { EncryptionKey } from "../components/security/EncryptionKey";
import { ThreatDetection } from "../components/security/ThreatDetection";
import { WebFirewall } from "../components/security/WebFirewall";
import { BACKUP_RETENTION_FLOOR_DAYS } from "../policy/lib/facts/backupRetention";
import { cacheReplicationGroupId, clusterName, databaseIdentifier, serviceName } from "../lib/naming";
import type { StackContext } from "./context";

/** What the alarms, the firewall and the dashboards watch. */
export interface MonitoringInputs {
    readonly logsKey: EncryptionKey;
    readonly loadBalancer: LoadBalancer;
}

/** What the monitoring and security step registers (GuardDuty and Config need no handle). */
export interface MonitoringHandles {
    readonly alarmTopic: AlarmTopic;
    /** prod's account-wide trail; undefined in dr. */
    readonly auditTrail?: AuditTrail;
    readonly webFirewall: WebFirewall;
    readonly monitoring: Monitoring;
}

/** Monitoring and security baseline: alarm topic, audit trail, GuardDuty, Config, WAF, alarms and dashboard. */
export function composeMonitoring({ cfg, tags, prefix }: StackContext, { logsKey, loadBalancer }: MonitoringInputs): MonitoringHandles {
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
                // The guide's floor; the configured retention may be longer.
                minBackupRetentionDays: BACKUP_RETENTION_FLOOR_DAYS,
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
        clusterName: clusterName(cfg.project, cfg.environment),
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

    return { alarmTopic, auditTrail, webFirewall, monitoring };
}
