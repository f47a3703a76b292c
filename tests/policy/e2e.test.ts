/**
 * End to end through the offline engine: both stacks preview with no mandatory violation, and for
 * every mandatory policy the stack's export with one field changed is blocked by a mandatory
 * violation of that policy, analyzed by the real pack over the analyzer protocol as
 * `npm run analyze` does (same session, same policy config file).
 *
 * One pack process serves every change; how variants are analyzed affordably (changed resources
 * through Analyze, AnalyzeStack unless Analyze already blocked the change with the policy under
 * test): tests/support/exportAnalysis.ts.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";

import { policies } from "../../policy/policies";
import { PackResult } from "../../tools/engine/pack/protocol";
import { blockedBy, ExportAnalyzer } from "../support/exportAnalysis";
import { add, drift, edit, every, named, remove } from "../support/exportChanges";
import { ExportedResource, stackPreview, StackPreview } from "../support/stackPreview";

type Stack = "prod" | "dr";
/** A drift case, or the state pass's own mutation: only AnalyzeStack can block them. */
const isDrift = (policy: string) => policy === "state-drift" || policy.startsWith("drift:");
type Mutation = { stack: Stack; change: (resources: ExportedResource[]) => void };

const primary = (r: ExportedResource) => !r.inputs.replicateSourceDb;
const containers = (change: (c: Record<string, any>) => void) => (p: Record<string, any>) => {
    const list = JSON.parse(p.containerDefinitions);
    list.forEach(change);
    p.containerDefinitions = JSON.stringify(list);
};
const alarmsOn = (metricName: string) => (r: ExportedResource) => r.inputs.metricName === metricName;
/** The provider id of the first resource of `type` (matching `where`): what a new resource beside it names. */
const idOf = (rs: ExportedResource[], type: string, where?: (r: ExportedResource) => boolean) => every(rs, type, where)[0].id;

const DB = "aws:rds/instance:Instance";
const CACHE = "aws:elasticache/replicationGroup:ReplicationGroup";
const TASK = "aws:ecs/taskDefinition:TaskDefinition";
const SERVICE = "aws:ecs/service:Service";
const LB = "aws:lb/loadBalancer:LoadBalancer";
const LISTENER = "aws:lb/listener:Listener";
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const ECR = "aws:ecr/repository:Repository";

/** One change per mandatory policy that its policy must block. */
const MUTATIONS: Record<string, Mutation> = {
    "rds-backup-retention": { stack: "prod", change: edit(DB, p => { p.backupRetentionPeriod = 3; }, primary) },
    "rds-storage-encrypted": { stack: "prod", change: edit(DB, p => { p.storageEncrypted = false; }, primary) },
    "rds-not-publicly-accessible": { stack: "prod", change: edit(DB, p => { p.publiclyAccessible = true; }) },
    "rds-deletion-protection": { stack: "prod", change: edit(DB, p => { p.deletionProtection = false; }, primary) },
    "rds-multi-az": { stack: "prod", change: edit(DB, p => { p.multiAz = false; }, primary) },
    "rds-no-plaintext-password": { stack: "prod", change: edit(DB, p => { p.password = "hunter2-hunter2"; }, primary) },
    "rds-performance-insights-encrypted": { stack: "prod", change: edit(DB, p => { p.performanceInsightsEnabled = true; delete p.performanceInsightsKmsKeyId; }) },
    "s3-bucket-encryption": {
        stack: "prod",
        change: edit("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", p => { p.rules = [{ bucketKeyEnabled: true }]; },
            r => r.inputs.bucket === "expertconnect-backup"),
    },
    "s3-public-access-block": { stack: "prod", change: edit("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", p => { p.blockPublicPolicy = false; }, r => r.inputs.bucket === "expertconnect-backup") },
    "s3-tls-only": {
        stack: "prod",
        change: edit("aws:s3/bucketPolicy:BucketPolicy", p => { p.policy = JSON.stringify({ Version: "2012-10-17", Statement: [] }); }, r => r.inputs.bucket === "expertconnect-prod-static"),
    },
    "s3-versioning": { stack: "prod", change: edit("aws:s3/bucketVersioning:BucketVersioning", p => { p.versioningConfiguration = { status: "Suspended" }; }, r => r.inputs.bucket === "expertconnect-backup") },
    "s3-static-replication": { stack: "prod", change: edit("aws:s3/bucketReplicationConfig:BucketReplicationConfig", p => { p.rules[0].status = "Disabled"; }) },
    "cloudtrail-trail-settings": { stack: "prod", change: edit("aws:cloudtrail/trail:Trail", p => { p.enableLogFileValidation = false; }) },
    "cloudtrail-present": { stack: "prod", change: remove("aws:cloudtrail/trail:Trail") },
    "cloudtrail-bucket-not-public": {
        stack: "prod",
        change: edit("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", p => { p.restrictPublicBuckets = false; }, r => String(r.inputs.bucket).startsWith("expertconnect-cloudtrail-")),
    },
    "guardduty-enabled": { stack: "dr", change: edit("aws:guardduty/detector:Detector", p => { p.enable = false; }) },
    "config-recorder": { stack: "prod", change: edit("aws:cfg/recorderStatus:RecorderStatus", p => { p.isEnabled = false; }) },
    "kms-key-rotation": { stack: "prod", change: edit("aws:kms/key:Key", p => { p.enableKeyRotation = false; }) },
    "ecs-no-privileged-containers": { stack: "prod", change: edit(TASK, containers(c => { c.privileged = true; })) },
    "ecs-container-logging": { stack: "prod", change: edit(TASK, containers(c => { delete c.logConfiguration; })) },
    "ecs-no-secrets-in-environment": { stack: "prod", change: edit(TASK, containers(c => { c.environment = [...(c.environment ?? []), { name: "DB_PASSWORD", value: "x" }]; })) },
    "ecs-no-public-ip": { stack: "prod", change: edit(SERVICE, p => { p.networkConfiguration.assignPublicIp = true; }) },
    "ecs-deployment-circuit-breaker": { stack: "prod", change: edit(SERVICE, p => { p.deploymentCircuitBreaker = { enable: true, rollback: false }; }) },
    "ecs-container-insights": { stack: "prod", change: edit("aws:ecs/cluster:Cluster", p => { p.settings = [{ name: "containerInsights", value: "disabled" }]; }) },
    "ecs-read-only-root-filesystem": { stack: "prod", change: edit(TASK, containers(c => { c.readonlyRootFilesystem = false; })) },
    "alb-http-redirects-to-https": {
        stack: "prod",
        change: edit(LISTENER, p => { p.defaultActions = [{ type: "fixed-response", fixedResponse: { contentType: "text/plain", statusCode: "200" } }]; }, r => r.inputs.protocol === "HTTP"),
    },
    "alb-http-listener-rules-redirect": {
        stack: "prod",
        change: rs => {
            const http = every(rs, LISTENER, r => r.inputs.protocol === "HTTP")[0];
            const [rule] = every(rs, "aws:lb/listenerRule:ListenerRule");
            rule.inputs.listenerArn = rule.outputs.listenerArn = http.outputs.arn;
            rule.propertyDependencies = { ...rule.propertyDependencies, listenerArn: [http.urn] };
        },
    },
    "alb-tls-policy": { stack: "prod", change: edit(LISTENER, p => { p.sslPolicy = "ELBSecurityPolicy-2016-08"; }, r => r.inputs.protocol === "HTTPS") },
    "alb-drop-invalid-headers": { stack: "prod", change: edit(LB, p => { p.dropInvalidHeaderFields = false; }) },
    "alb-listener-headers": { stack: "prod", change: edit(LISTENER, p => { p.routingHttpResponseStrictTransportSecurityHeaderValue = "max-age=0"; }, r => r.inputs.protocol === "HTTPS") },
    "alb-access-logs": { stack: "prod", change: edit(LB, p => { p.accessLogs = { ...p.accessLogs, enabled: false }; }) },
    "alb-deletion-protection": { stack: "prod", change: edit(LB, p => { p.enableDeletionProtection = false; }) },
    "alb-waf-associated": { stack: "prod", change: remove("aws:wafv2/webAclAssociation:WebAclAssociation") },
    "sg-no-open-ingress": { stack: "prod", change: edit(INGRESS, p => { p.fromPort = 22; p.toPort = 22; }, named("alb-sg-in-443")) },
    "sg-data-stores-no-internet-egress": {
        stack: "prod",
        change: rs => {
            const group = every(rs, "aws:ec2/securityGroup:SecurityGroup", named("database-sg"))[0];
            add("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "database-out-all", { securityGroupId: group.id, ipProtocol: "-1", cidrIpv4: "0.0.0.0/0" },
                { propertyDependencies: { securityGroupId: [group.urn] } })(rs);
        },
    },
    "sg-workload-egress-scoped": { stack: "prod", change: edit("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", p => { p.ipProtocol = "-1"; delete p.fromPort; delete p.toPort; }, named("backend-tasks-out-443-0")) },
    "edge-serves-application": { stack: "prod", change: remove("aws:lb/listener:Listener") },
    "s3-acls-disabled": { stack: "prod", change: remove("aws:s3/bucketOwnershipControls:BucketOwnershipControls", named("data-static-ownership")) },
    "sg-data-ports-from-groups": { stack: "prod", change: edit(INGRESS, p => { delete p.referencedSecurityGroupId; p.cidrIpv4 = "10.0.0.0/16"; }, r => r.inputs.fromPort === 5432) },
    "elasticache-encryption-at-rest": { stack: "prod", change: edit(CACHE, p => { p.atRestEncryptionEnabled = false; }) },
    "elasticache-encryption-in-transit": { stack: "prod", change: edit(CACHE, p => { p.transitEncryptionEnabled = false; }) },
    "elasticache-auth": { stack: "prod", change: edit(CACHE, p => { delete p.authToken; delete p.authTokenWo; delete p.userGroupIds; }) },
    "elasticache-automatic-failover": { stack: "prod", change: edit(CACHE, p => { p.automaticFailoverEnabled = false; }) },
    "sns-topic-encrypted": { stack: "prod", change: edit("aws:sns/topic:Topic", p => { delete p.kmsMasterKeyId; }) },
    "cloudwatch-log-retention": { stack: "prod", change: edit("aws:cloudwatch/logGroup:LogGroup", p => { p.retentionInDays = 1; }) },
    "cloudwatch-log-groups-written": { stack: "prod", change: edit(CACHE, p => { p.logDeliveryConfigurations = []; }) },
    "cloudwatch-alarm-actions": { stack: "prod", change: edit(ALARM, p => { p.alarmActions = []; }) },
    "cloudwatch-signals-delivered": { stack: "prod", change: remove("aws:sns/topicSubscription:TopicSubscription") },
    "cloudwatch-metric-filters-match": {
        stack: "prod",
        change: edit("aws:cloudwatch/logMetricFilter:LogMetricFilter", p => { p.pattern = '{ $.outcome = "failed" && $.outcome = "succeeded" }'; }, r => r.inputs.metricTransformation?.namespace === "ExpertConnect"),
    },
    "synthetics-canary": { stack: "prod", change: edit("aws:synthetics/canary:Canary", p => { p.runtimeVersion = "syn-nodejs-puppeteer-7.0"; }) },
    "cloudwatch-ecs-cpu-alarm": { stack: "prod", change: edit(ALARM, p => { p.dimensions = { ...p.dimensions, ServiceName: "some-other-service" }; }, alarmsOn("CPUUtilization")) },
    "cloudwatch-db-connections-alarm": { stack: "prod", change: edit(ALARM, p => { p.dimensions = { DBInstanceIdentifier: "some-other-db" }; }, alarmsOn("DatabaseConnections")) },
    "ecr-scan-on-push": { stack: "prod", change: edit(ECR, p => { p.imageScanningConfiguration = { scanOnPush: false }; }) },
    "ecr-immutable-tags": { stack: "prod", change: edit(ECR, p => { p.imageTagMutability = "MUTABLE"; }) },
    "iam-no-broad-grants": {
        stack: "prod",
        change: edit("aws:iam/rolePolicy:RolePolicy", p => { p.policy = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }); }),
    },
    "iam-application-reach": {
        stack: "prod",
        change: edit("aws:iam/rolePolicy:RolePolicy", p => {
            const d = JSON.parse(p.policy);
            d.Statement.push({ Effect: "Allow", Action: "cloudtrail:StopLogging", Resource: "arn:aws:cloudtrail:us-east-1:123456789012:trail/expertconnect-trail" });
            p.policy = JSON.stringify(d);
        }, r => r.urn.endsWith("::backend-roles-task-policy")),
    },
    "iam-trust-policy": {
        stack: "prod",
        change: edit("aws:iam/role:Role", p => { p.assumeRolePolicy = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }] }); }),
    },
    "iam-no-users": {
        stack: "prod",
        change: rs => {
            const [role] = every(rs, "aws:iam/role:Role");
            rs.push({ ...role, urn: role.urn.replace(/aws:iam\/role:Role::.*$/, "aws:iam/accessKey:AccessKey::ci-key"), type: "aws:iam/accessKey:AccessKey", inputs: { user: "ci" }, outputs: { user: "ci" } });
        },
    },
    "iam-resource-policy-principals": {
        stack: "prod",
        change: edit("aws:s3/bucketPolicy:BucketPolicy", p => {
            const policy = JSON.parse(p.policy);
            policy.Statement.push({ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::expertconnect-prod-static/*" });
            p.policy = JSON.stringify(policy);
        }, r => r.inputs.bucket === "expertconnect-prod-static"),
    },
    "iam-runbook-access": {
        stack: "dr",
        // The database key refuses the deploy roles the grant RDS needs to change the encrypted replica at promotion.
        change: edit("aws:kms/key:Key", p => {
            const policy = JSON.parse(p.policy);
            policy.Statement.push({ Sid: "NoGrantsForDeploys", Effect: "Deny", Principal: { AWS: "*" }, Action: "kms:CreateGrant", Resource: "*", Condition: { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::123456789012:role/expertconnect-deploy-*" } } });
            p.policy = JSON.stringify(policy);
        }, r => r.urn.endsWith("::database-key")),
    },
    // prod says it is fenced (its drFenced output) while its services still run and its stores admit them.
    "dr-fenced-region-closed": { stack: "prod", change: rs => { rs.find(r => r.type === "pulumi:pulumi:Stack")!.outputs.drFenced = true; } },
    // prod publishes its secret replicas as the us-east-1 primaries: dr would read its secrets from the region that is down.
    "dr-prod-interface": {
        stack: "prod", change: rs => {
            const outputs = rs.find(r => r.type === "pulumi:pulumi:Stack")!.outputs;
            outputs.appSecretReplicaArns = Object.fromEntries(Object.entries(outputs.appSecretReplicaArns as Record<string, string>).map(([k, v]) => [k, v.replace(":us-west-2:", ":us-east-1:")]));
        },
    },
    "ownership-references": { stack: "prod", change: edit(ALARM, p => { p.alarmActions = ["arn:aws:sns:us-east-1:444455556666:someone-elses-topic"]; }) },
    "protection-data-resources": { stack: "prod", change: rs => { every(rs, "aws:kms/key:Key").forEach(r => { r.protect = false; }); } },
    "dr-prod-backup-copy": { stack: "prod", change: edit("aws:backup/plan:Plan", p => { p.rules = p.rules.map((rule: object) => ({ ...rule, copyActions: [] })); }) },
    "dr-database-replica": { stack: "dr", change: edit(DB, p => { p.replicateSourceDb = "expertconnect-prod-db"; }) },
    "cloudtrail-management-events": { stack: "prod", change: edit("aws:cloudtrail/trail:Trail", p => { p.eventSelectors = [{ readWriteType: "WriteOnly", includeManagementEvents: true }]; }) },
    "cloudtrail-cloudwatch-logs": { stack: "prod", change: edit("aws:cloudtrail/trail:Trail", p => { delete p.cloudWatchLogsGroupArn; }) },
    "guardduty-protections": { stack: "prod", change: edit("aws:guardduty/detectorFeature:DetectorFeature", p => { p.status = "DISABLED"; }, r => r.inputs.name === "S3_DATA_EVENTS") },
    "ecs-fargate-platform-version": { stack: "prod", change: edit(SERVICE, p => { p.platformVersion = "1.3.0"; }) },
    "waf-rules-enforced": { stack: "prod", change: edit("aws:wafv2/webAcl:WebAcl", p => { p.rules = p.rules.map((r: Record<string, any>) => (r.action ? { ...r, action: { count: {} } } : { ...r, overrideAction: { count: {} } })); }) },
    "waf-logging": { stack: "prod", change: remove("aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration") },
    "vpc-flow-logs": { stack: "dr", change: edit("aws:ec2/flowLog:FlowLog", p => { p.trafficType = "ACCEPT"; }) },
    "vpc-default-security-group-closed": { stack: "prod", change: edit("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", p => { p.egress = [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }]; }) },
    "vpc-no-public-ip-on-launch": { stack: "prod", change: edit("aws:ec2/subnet:Subnet", p => { p.mapPublicIpOnLaunch = true; }, named("network-public-0")) },
    "ecr-lifecycle-policy": { stack: "prod", change: remove("aws:ecr/lifecyclePolicy:LifecyclePolicy") },
    "data-encrypted-at-rest": { stack: "prod", change: add("aws:rds/cluster:Cluster", "aurora", { engine: "aurora-postgresql", storageEncrypted: false }) },
    "network-encrypted-in-transit": { stack: "prod", change: add("aws:elasticache/cluster:Cluster", "sessions", { engine: "redis", numCacheNodes: 1 }) },
    "dr-dns-failover-health-checked": { stack: "prod", change: edit("aws:route53/record:Record", p => { delete p.healthCheckId; }, named("dns-failover")) },
    "lambda-runtime-supported": { stack: "prod", change: edit("aws:lambda/function:Function", p => { p.runtime = "nodejs16.x"; }) },
    "dr-failover-dependencies-replicated": { stack: "prod", change: remove("aws:ecr/replicationConfiguration:ReplicationConfiguration") },
    "dr-runs-prod-release": { stack: "dr", change: edit(TASK, containers(c => { c.image = String(c.image).replace(/:v1\.0\.0$/, ":v0.9.0"); }), named("backend-task")) },
    "backup-restore-tested": { stack: "prod", change: remove("aws:backup/restoreTestingSelection:RestoreTestingSelection") },
    "network-not-public": { stack: "dr", change: add("aws:rds/clusterInstance:ClusterInstance", "aurora-1", { publiclyAccessible: true }) },
    "data-backups-retained": { stack: "prod", change: edit(CACHE, p => { p.snapshotRetentionLimit = 0; }) },
    "data-deletion-protection": { stack: "prod", change: edit(CACHE, p => { delete p.finalSnapshotIdentifier; }) },
    "state-drift": { stack: "prod", change: drift(DB, p => { p.publiclyAccessible = true; }) },
    "logging-enabled": { stack: "prod", change: add("aws:apigatewayv2/stage:Stage", "api", { apiId: "a1", name: "prod" }) },
    "secrets-no-plain-values": {
        stack: "prod", change: edit("aws:ssm/parameter:Parameter", p => { p.value = "rediss://:c8f2Kq91LmZ0pXw7@cache.internal:6379"; }, named("app-settings-cache-host")),
    },
    "kms-key-enabled": { stack: "prod", change: edit("aws:kms/key:Key", p => { p.isEnabled = false; }, named("database-key")) },
    "kms-data-key-deletion-window": { stack: "prod", change: edit("aws:kms/key:Key", p => { p.deletionWindowInDays = 7; }, named("dr-backup-vault-key")) },
    "kms-keys-held": { stack: "prod", change: remove("aws:kms/key:Key", named("dr-backup-copy-vault-key")) },
    "cloudwatch-event-archive-retention": { stack: "prod", change: add("aws:cloudwatch/eventArchive:EventArchive", "all-events", { name: "all-events", eventSourceArn: "arn:aws:events:us-east-1:123456789012:event-bus/default", retentionDays: 0 }) },
    "guardduty-findings-not-suppressed": {
        stack: "prod",
        change: rs => add("aws:guardduty/filter:Filter", "archive-all", {
            detectorId: idOf(rs, "aws:guardduty/detector:Detector"), name: "archive-all", action: "ARCHIVE", rank: 1,
            findingCriteria: { criterions: [{ field: "severity", greaterThanOrEqual: "1" }] },
        })(rs),
    },
    "network-data-stores-not-exposed": {
        stack: "prod",
        change: rs => add(INGRESS, "db-from-alb", {
            securityGroupId: every(rs, DB, primary)[0].inputs.vpcSecurityGroupIds[0], referencedSecurityGroupId: every(rs, LB)[0].inputs.securityGroups[0],
            ipProtocol: "tcp", fromPort: 5432, toPort: 5432,
        })(rs),
    },
    "network-no-foreign-networks": {
        stack: "prod",
        change: rs => add(INGRESS, "db-from-partner", {
            securityGroupId: every(rs, DB, primary)[0].inputs.vpcSecurityGroupIds[0], referencedSecurityGroupId: "444455556666/sg-0a1b2c3d4e5f60718",
            ipProtocol: "tcp", fromPort: 5432, toPort: 5432,
        })(rs),
    },
    "vpc-internet-subnets-edge-only": {
        stack: "prod",
        change: rs => add("aws:ec2/route:Route", "isolated-default", {
            routeTableId: idOf(rs, "aws:ec2/routeTable:RouteTable", named("network-isolated-rt")), destinationCidrBlock: "0.0.0.0/0", gatewayId: idOf(rs, "aws:ec2/internetGateway:InternetGateway"),
        })(rs),
    },
    "vpc-no-elastic-ip-on-instances": { stack: "prod", change: add("aws:ec2/eip:Eip", "ops-ip", { domain: "vpc", instance: "i-0a1b2c3d4e5f60718" }) },
    "cloudwatch-alarms-can-fire": { stack: "prod", change: edit(ALARM, p => { p.threshold = 100000; }, alarmsOn("DatabaseConnections")) },
    "cloudwatch-cis-monitoring": { stack: "prod", change: remove(ALARM, named("audit-trail-root-account-usage-alarm")) },
    "ecr-registry-scanning": {
        stack: "prod", change: edit("aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration", p => { p.rules[0].repositoryFilters = [{ filter: "sandbox-*", filterType: "WILDCARD" }]; }),
    },
    "cost-signals": { stack: "prod", change: edit("aws:budgets/budget:Budget", p => { p.limitAmount = "1000000.00"; }) },
    "dr-dns-failover-health-can-fail": { stack: "prod", change: edit("aws:route53/healthCheck:HealthCheck", p => { p.childHealthThreshold = 0; }, named("dns-serving")) },
    "dr-dns-names-fail-over": {
        stack: "prod", change: edit("aws:route53/record:Record", p => { delete p.aliases; p.type = "CNAME"; p.ttl = 3600; p.records = ["prod.app.expertconnect.example"]; }, named("dns-failover")),
    },
    // The certificate loses the region's own name, which the regional record still routes to the load balancer.
    "alb-certificate-issuance": { stack: "prod", change: edit("aws:acm/certificate:Certificate", p => { p.options = { certificateTransparencyLoggingPreference: "DISABLED" }; }) },
    "sg-app-ports-from-load-balancer": { stack: "prod", change: edit(INGRESS, p => { delete p.referencedSecurityGroupId; p.cidrIpv4 = "10.0.0.0/16"; }, named("backend-from-alb")) },
    "data-no-debug-mode": { stack: "prod", change: edit(TASK, containers(c => { c.environment = [...(c.environment ?? []), { name: "DJANGO_DEBUG", value: "True" }]; }), named("backend-task")) },
    "ecs-secret-audience": {
        stack: "prod",
        change: rs => {
            const jwt = every(rs, "aws:secretsmanager/secret:Secret", named("app-settings-jwt-signing-key"))[0].outputs.arn;
            edit(TASK, containers(c => { c.secrets = [...(c.secrets ?? []), { name: "JWT_SIGNING_KEY", valueFrom: jwt }]; }), named("frontend-task"))(rs);
        },
    },
    "ecs-task-sizing": {
        stack: "prod",
        change: edit(TASK, p => { const [app, ...sidecars] = JSON.parse(p.containerDefinitions); p.containerDefinitions = JSON.stringify([{ ...app, memory: 128 }, ...sidecars]); }, named("backend-task")),
    },
    "alb-certificate-covers-names": { stack: "prod", change: edit("aws:acm/certificate:Certificate", p => { p.subjectAlternativeNames = []; }) },
    "dr-replica-lag-alarm": { stack: "dr", change: edit(ALARM, p => { p.threshold = 86400; }, named("dr-expertconnect-db-replica-lag-high")) },
    "ownership-dns-targets": {
        stack: "prod", change: add("aws:route53/record:Record", "blog", { zoneId: "Z04417623EXPERTCONNECT", name: "blog.app.expertconnect.example", type: "CNAME", ttl: 300, records: ["expertconnect-blog.herokuapp.com"] }),
    },
    "guide-names-present": { stack: "prod", change: remove("aws:cloudwatch/dashboard:Dashboard") },
    "secrets-rotation": { stack: "prod", change: remove("aws:secretsmanager/secretRotation:SecretRotation") },
    // The cache's token raised alone: the secret its readers log in with keeps the old one.
    "secrets-credential-pairs": { stack: "prod", change: edit(CACHE, p => { p.authTokenWoVersion = 2; }) },
    // The cache's generated AUTH token in prose under an innocent name: no format, no credential's name.
    "secrets-known-values": {
        stack: "prod", change: rs => edit(ALARM, p => {
            const token = every(rs, "aws:elasticache/replicationGroup:ReplicationGroup")[0].inputs.authTokenWo;
            p.alarmDescription = `cache warm-up seed ${JSON.parse(token.plaintext)}`;
        }, named("app-signals-expertconnect-video-sessions-failure-rate-high"))(rs),
    },
    "rds-force-ssl": { stack: "prod", change: edit("aws:rds/parameterGroup:ParameterGroup", p => { p.parameters = p.parameters.map((x: { name: string }) => x.name === "rds.force_ssl" ? { ...x, value: "0" } : x); }) },
    "rds-iam-authentication": { stack: "prod", change: edit(DB, p => { p.iamDatabaseAuthenticationEnabled = false; }) },
    "rds-enhanced-monitoring": { stack: "prod", change: edit(DB, p => { p.monitoringInterval = 0; }) },
    "rds-engine-supported": { stack: "prod", change: edit(DB, p => { p.caCertIdentifier = "rds-ca-2019"; }) },
    "rds-keep-automated-backups": { stack: "prod", change: edit(DB, p => { p.deleteAutomatedBackups = true; }) },
    "rds-auto-minor-version-upgrade": { stack: "dr", change: edit(DB, p => { p.autoMinorVersionUpgrade = false; }) },
    "rds-copy-tags-to-snapshot": { stack: "prod", change: edit(DB, p => { p.copyTagsToSnapshot = false; }) },
    "rds-parameter-group-settings": { stack: "dr", change: edit("aws:rds/parameterGroup:ParameterGroup", p => { p.parameters = p.parameters.map((x: { name: string }) => x.name === "shared_preload_libraries" ? { ...x, value: "pg_cron" } : x); }) },
    "rds-replica-storage": { stack: "dr", change: edit(DB, p => { delete p.maxAllocatedStorage; }) },
    "rds-replica-matches-source": { stack: "dr", change: edit(DB, p => { p.instanceClass = "db.t3.small"; }) },
    "rds-storage-autoscaling": { stack: "prod", change: edit(DB, p => { p.storageType = "standard"; }, primary) },
    "elasticache-auto-minor-version-upgrade": { stack: "prod", change: edit(CACHE, p => { p.autoMinorVersionUpgrade = false; }) },
    "data-windows-off-peak": { stack: "prod", change: edit(DB, p => { p.maintenanceWindow = "wed:15:00-wed:16:00"; }, primary) },
    "s3-replication-complete": {
        stack: "prod", change: edit("aws:s3/bucketReplicationConfig:BucketReplicationConfig", p => { p.rules = p.rules.map((r: object) => ({ ...r, sourceSelectionCriteria: {} })); }),
    },
    "s3-lifecycle-keeps-current": {
        stack: "prod", change: edit("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", p => { p.rules[0].expiration = { days: 30 }; }, r => r.inputs.bucket === "expertconnect-backup"),
    },
    "s3-growth-bounded": {
        stack: "prod", change: edit("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", p => { delete p.rules[0].abortIncompleteMultipartUpload; }, r => r.inputs.bucket === "expertconnect-backup"),
    },
    "elasticache-memory-policy": {
        stack: "prod", change: edit("aws:elasticache/parameterGroup:ParameterGroup", p => { p.parameters = [{ name: "maxmemory-policy", value: "allkeys-lru" }]; }),
    },
    "vpc-egress-paths": {
        stack: "prod", change: remove("aws:ec2/vpcEndpoint:VpcEndpoint", r => r.urn.endsWith("network-endpoints-logs")),
    },
    "data-export-destination": {
        stack: "prod", change: add("aws:rds/exportTask:ExportTask", "db-export", {
            exportTaskIdentifier: "expertconnect-prod-export", sourceArn: "arn:aws:rds:us-east-1:123456789012:snapshot:manual", s3BucketName: "partner-ingest",
            iamRoleArn: "arn:aws:iam::123456789012:role/rds-export", kmsKeyId: "arn:aws:kms:us-east-1:123456789012:key/export",
        }),
    },
    "backup-plan-retention": { stack: "prod", change: edit("aws:backup/plan:Plan", p => { p.rules = p.rules.map((r: { copyActions?: object[] }) => ({ ...r, copyActions: (r.copyActions ?? []).map(c => ({ ...c, lifecycle: { deleteAfter: 1 } })) })); }) },
    "backup-vault-lock": { stack: "prod", change: remove("aws:backup/vaultLockConfiguration:VaultLockConfiguration") },
    "rds-log-exports-read": { stack: "prod", change: edit(DB, p => { p.enabledCloudwatchLogsExports = ["upgrade"]; }) },
    "backup-jobs-run": { stack: "prod", change: edit("aws:backup/plan:Plan", p => { p.rules[0].enableContinuousBackup = false; }) },
    "data-residency": {
        stack: "prod",
        change: edit("aws:secretsmanager/secret:Secret", p => { p.replicas = [...p.replicas, { region: "ap-southeast-1" }]; }, r => r.urn.endsWith("::database-master-secret")),
    },
    "kms-key-in-data-region": { stack: "dr", change: edit(DB, p => { p.kmsKeyId = String(p.kmsKeyId).replace("us-west-2", "us-east-1"); }) },
    "ecs-codedeploy-rollback": { stack: "prod", change: edit(SERVICE, p => { p.deploymentController = { type: "CODE_DEPLOY" }; delete p.deploymentCircuitBreaker; }) },
    "ecs-serving-capacity": { stack: "prod", change: edit("aws:appautoscaling/target:Target", p => { p.maxCapacity = 3; }, named("backend-scaling")) },
    "ecs-scaling-ceilings": { stack: "prod", change: edit("aws:appautoscaling/target:Target", p => { p.maxCapacity = 200; }, named("backend-scaling")) },
    "cost-ceiling-budget": { stack: "prod", change: edit(DB, p => { p.maxAllocatedStorage = 65536; }, primary) },
    "data-modifications-in-window": { stack: "prod", change: edit(DB, p => { p.applyImmediately = true; }, primary) },
    "rds-parameters-fit-instance": {
        stack: "prod", change: edit("aws:rds/parameterGroup:ParameterGroup", p => { p.parameters = [...p.parameters, { name: "max_connections", value: "10", applyMethod: "pending-reboot" }]; }),
    },
    "rds-parameters-durable": {
        stack: "dr", change: edit("aws:rds/parameterGroup:ParameterGroup", p => { p.parameters = [...p.parameters, { name: "synchronous_commit", value: "off", applyMethod: "immediate" }]; }),
    },
    "iam-human-roles": {
        stack: "prod", change: rs => {
            add("aws:iam/role:Role", "operator", {
                name: "expertconnect-operator", maxSessionDuration: 3600,
                assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "sts:AssumeRole" }] }),
                tags: { Project: "expertconnect", Environment: "prod", Component: "operations" },
            })(rs);
            add("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "operator-view-only", { role: "expertconnect-operator", policyArn: "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess" })(rs);
        },
    },
    "iam-password-policy": {
        stack: "prod", change: add("aws:iam/accountPasswordPolicy:AccountPasswordPolicy", "password-policy", {
            minimumPasswordLength: 8, requireSymbols: false, requireNumbers: false, requireUppercaseCharacters: true, requireLowercaseCharacters: true, allowUsersToChangePassword: true, passwordReusePrevention: 0,
        }),
    },
    "ecs-migration-gate": { stack: "prod", change: edit("command:local:Command", p => { p.environment = { ...p.environment, COMMAND_JSON: "[\"python\",\"manage.py\",\"flush\",\"--noinput\"]" }; }) },
    "ecs-rollout-safety": { stack: "prod", change: edit("aws:lb/targetGroup:TargetGroup", p => { p.deregistrationDelay = 0; }, named("alb-backend")) },
    "ecs-container-start": { stack: "dr", change: edit(TASK, p => { p.runtimePlatform = { operatingSystemFamily: "LINUX", cpuArchitecture: "ARM64" }; }, named("backend-task")) },
    "protection-scaled-properties-ignored": { stack: "prod", change: edit(SERVICE, (_p, r) => { (r as { ignoreChanges?: string[] }).ignoreChanges = []; }, named("backend-service")) },
    "paths-verified": { stack: "prod", change: remove(INGRESS, named("database-from-backend")) },
};

/** Drift per policy: the export's state changed outside Pulumi, which the policy must block. */
const DRIFTS: Record<string, Mutation> = {
    "rds-not-publicly-accessible": { stack: "prod", change: drift(DB, p => { p.publiclyAccessible = true; }) },
    "elasticache-encryption-in-transit": { stack: "prod", change: drift(CACHE, p => { p.transitEncryptionMode = "preferred"; }) },
    "ecr-scan-on-push": { stack: "prod", change: drift(ECR, p => { p.imageScanningConfiguration = { scanOnPush: false }; }) },
    "alb-deletion-protection": { stack: "prod", change: drift(LB, p => { p.enableDeletionProtection = false; }) },
    "rds-storage-autoscaling": { stack: "prod", change: drift(DB, p => { p.maxAllocatedStorage = 0; }) },
    "elasticache-auto-minor-version-upgrade": { stack: "prod", change: drift(CACHE, p => { p.autoMinorVersionUpgrade = false; }) },
    "rds-parameters-durable": { stack: "prod", change: drift("aws:rds/parameterGroup:ParameterGroup", p => { p.parameters = [...p.parameters, { name: "fsync", value: "off", applyMethod: "pending-reboot" }]; }) },
};

describe("the pack end to end (offline engine)", function () {
    this.timeout(600000);
    const previews: Partial<Record<Stack, StackPreview>> = {};
    const blocked: Record<string, PackResult> = {};
    /** Why a change could not be made or analyzed, by policy: fails that policy's test only. */
    const failures: Record<string, string> = {};
    /** Mandatory in the pack, or made mandatory by the stacks' own policy config (policy/config/prod.json). */
    const stackConfig = JSON.parse(fs.readFileSync(path.join(__dirname, "../../policy/config/prod.json"), "utf8")) as Record<string, { enforcementLevel?: string }>;
    const mandatory = policies.filter(p => (stackConfig[p.name]?.enforcementLevel ?? p.enforcementLevel) === "mandatory").map(p => p.name);

    before(async () => {
        const analyzer = new ExportAnalyzer();
        for (const stack of ["prod", "dr"] as const) {
            previews[stack] = stackPreview(stack);
            const original = previews[stack]!.deployment;
            // A stack whose preview failed has no export; its policies' tests then fail on the missing run.
            if (!original) {
                continue;
            }
            const run = async ([policy, mutation]: readonly [string, Mutation]) => {
                const changed = structuredClone(original);
                try {
                    mutation.change(changed.deployment.resources);
                    blocked[policy] = await analyzer.analyze(stack, original, changed, blockedBy(isDrift(policy) ? "state-drift" : policy));
                } catch (err) {
                    failures[policy] = (err as Error).message;
                }
            };
            // One case at a time: each configures the pack for itself.
            const runs = [...Object.entries(MUTATIONS), ...Object.entries(DRIFTS).map(([policy, m]) => [`drift:${policy}`, m] as const)]
                .filter(([, m]) => m.stack === stack);
            for (const entry of runs) {
                await run(entry);
            }
        }
    });

    for (const stack of ["prod", "dr"] as const) {
        it(`previews ${stack} with no mandatory violation`, () => {
            expect(previews[stack]!.code, previews[stack]!.stderr).to.equal(0);
        });
    }

    it("has a one-field change for every mandatory policy", () => {
        expect(Object.keys(MUTATIONS).sort()).to.deep.equal([...mandatory].sort());
    });

    for (const policy of mandatory) {
        it(`blocks an export that breaks ${policy}`, () => {
            const result = blocked[policy];
            const stack = MUTATIONS[policy]?.stack;
            expect(result, failures[policy] ?? `no run for ${policy}: ${stack ? previews[stack]?.stderr.slice(-2000) : "no mutation"}`).to.not.equal(undefined);
            const hits = result.violations.filter(v => v.policyName === policy && v.enforcementLevel === "mandatory");
            expect(hits, JSON.stringify(result.violations, null, 1)).to.not.be.empty;
        });
    }

    for (const policy of Object.keys(DRIFTS)) {
        it(`blocks an export whose deployed state drifted from ${policy} (compliant inputs)`, () => {
            const result = blocked[`drift:${policy}`];
            expect(result, failures[`drift:${policy}`] ?? `no run for drift of ${policy}`).to.not.equal(undefined);
            const hits = result.violations.filter(v => v.policyName === "state-drift" && v.enforcementLevel === "mandatory" && v.message.includes(`${policy}: deployed state:`));
            expect(hits, JSON.stringify(result.violations, null, 1)).to.not.be.empty;
        });
    }
});
