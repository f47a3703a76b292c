/**
 * Class 6 (round 11, written without the pack's code): references that stop meaning what they meant. Every case changes one
 * side of a reference (ARN, id, bare name, copied value, stack output) and leaves the other side
 * naming something that is gone, renamed, in the wrong region or account, or not held by the stack.
 */
import { ACCOUNT, FOREIGN, add, all, Case, Change, drift, edit, named, remove, tags, suite } from "./support";

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------
const E1 = "us-east-1";
const W2 = "us-west-2";
const TASKDEF = "aws:ecs/taskDefinition:TaskDefinition";
const PARAM = "aws:ssm/parameter:Parameter";
const SECRET = "aws:secretsmanager/secret:Secret";
const SECRET_VERSION = "aws:secretsmanager/secretVersion:SecretVersion";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
const KEY = "aws:kms/key:Key";
const ALIAS = "aws:kms/alias:Alias";
const DASHBOARD = "aws:cloudwatch/dashboard:Dashboard";

const ssmArn = (region: string, path: string) => `arn:aws:ssm:${region}:${ACCOUNT}:parameter${path}`;
const smArn = (region: string, name: string, account = ACCOUNT) => `arn:aws:secretsmanager:${region}:${account}:secret:${name}`;
const keyArn = (region: string, id: string, account = ACCOUNT) => `arn:aws:kms:${region}:${account}:key/${id}`;
const topicArn = (region: string, name: string, account = ACCOUNT) => `arn:aws:sns:${region}:${account}:${name}`;
const alarmArn = (region: string, name: string) => `arn:aws:cloudwatch:${region}:${ACCOUNT}:alarm:${name}`;

// Real ids from the exports.
const PROD = {
    appKey: "3361a6a0-2811-4bd3-a16a-8103a27a90c2",
    appReplicaKey: "4e3f4db8-be07-4fca-a2af-2bf5f8f6b22f",
    logsKey: "ad7e477b-441e-4538-a1e7-02e65ceaf667",
    dbKey: "17d0b097-06a3-413f-a8f0-768c2f7a8a66",
    cacheKey: "4aa41572-8b61-45e8-a16f-07ff08396995",
    staticKey: "3b950284-024f-4124-a7e2-9803e867a7db",
    staticReplicaKey: "f3ada024-bc47-4b7a-a4a1-b5bd5cc4811a",
    django: "expertconnect/prod/django-secret-key-1ffb64",
    jwt: "expertconnect/prod/jwt-signing-key-189879",
    video: "expertconnect/prod/video-provider-api-key-dd81af",
    cacheAuth: "expertconnect/prod/cache-auth-token-21c05c",
    master: "expertconnect/prod/database/master-69cf0a",
    topic: topicArn(E1, "expertconnect-alarms"),
    topicW2: topicArn(W2, "expertconnect-prod-alarms"),
    albArn: `arn:aws:elasticloadbalancing:${E1}:${ACCOUNT}:loadbalancer/app/expertconnect-prod-alb/355b586e7f4e1f26`,
    albDns: "expertconnect-prod-alb-3061060319.us-east-1.elb.amazonaws.com",
    backendTg: `arn:aws:elasticloadbalancing:${E1}:${ACCOUNT}:targetgroup/alb-backend-b25dea1/0bd95a75ff83cd57`,
    dbResourceId: "db-B807A6DA5E21583018F634D525",
    dbEndpoint: "expertconnect-prod-db.cb807a6da5e2.us-east-1.rds.amazonaws.com",
    dbSg: "sg-0fc76780074a8bf53",
};
const DR = {
    topic: topicArn(W2, "expertconnect-alarms"),
    privateSubnets: ["subnet-0fc28e1e3cf21d730", "subnet-08c6edc5ff22d890d"],
    cert: `arn:aws:acm:${W2}:${ACCOUNT}:certificate/certificate-8fefab2`,
};

/** Secret-wrapped plain value as the export stores an SSM parameter's `value`. */
const wrapped = (v: string) => ({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", plaintext: JSON.stringify(v) });
function setParamValue(p: Record<string, any>, v: string): void {
    if (p.value && typeof p.value === "object" && "plaintext" in p.value) p.value = { ...p.value, plaintext: JSON.stringify(v) };
    else p.value = v;
}

/** Edits the parsed container definitions of a task definition. */
function containers(task: string, fn: (list: any[]) => void): Change {
    return edit(TASKDEF, p => {
        const list = JSON.parse(p.containerDefinitions);
        fn(list);
        p.containerDefinitions = JSON.stringify(list);
    }, named(task));
}
function secretRef(list: any[], envName: string): any {
    const s = (list[0].secrets ?? []).find((x: any) => x.name === envName);
    if (!s) throw new Error(`no secret ${envName}`);
    return s;
}
/** Repoints one `secrets[].valueFrom` of the first container. */
const valueFrom = (task: string, envName: string, to: string) => containers(task, l => { secretRef(l, envName).valueFrom = to; });

/** Edits a parsed JSON policy document of a resource (property `policy` by default). */
function policyOf(type: string, name: string, fn: (d: any) => void, prop = "policy"): Change {
    return edit(type, p => {
        const d = JSON.parse(p[prop]);
        fn(d);
        p[prop] = JSON.stringify(d);
    }, named(name));
}
function sid(d: any, id: string): any {
    const s = d.Statement.find((x: any) => x.Sid === id);
    if (!s) throw new Error(`no statement ${id}`);
    return s;
}
/** Replaces a string wherever it occurs in a statement's Resource (string or list). */
function swapResource(s: any, from: string, to: string): void {
    const swap = (r: string) => r.split(from).join(to);
    s.Resource = Array.isArray(s.Resource) ? s.Resource.map(swap) : swap(s.Resource);
}
const rolePolicy = (name: string, fn: (d: any) => void) => policyOf(ROLE_POLICY, name, fn);

/** Edits the stack's outputs (what the dr stack reads through its StackReference). */
function stackOutputs(fn: (o: Record<string, any>) => void): Change {
    return rs => {
        const st = rs.find(r => r.type === "pulumi:pulumi:Stack")!;
        st.outputs = { ...(st.outputs ?? {}) };
        fn(st.outputs);
    };
}

/** Adds alarm ARNs to the dashboard's alarm widget. */
function dashboardAlarm(...arns: string[]): Change {
    return edit(DASHBOARD, p => {
        const body = JSON.parse(p.dashboardBody);
        const w = body.widgets.find((x: any) => x.type === "alarm");
        w.properties.alarms = [...w.properties.alarms, ...arns];
        p.dashboardBody = JSON.stringify(body);
    }, named("monitoring-dashboard"));
}

/** A resource added with outputs that also carry what AWS returns (arn, id). */
function addWith(type: string, name: string, props: Record<string, any>, outputs: Record<string, any>, extra: Record<string, any> = {}): Change {
    return add(type, name, props, { outputs: { ...props, ...outputs }, id: outputs.id ?? name, ...extra } as any);
}

function alarmProps(env: "prod" | "dr", name: string, metric: string, dims: Record<string, string>, topic: string, threshold: number, component = "monitoring") {
    return {
        name, alarmDescription: `${metric} of ${Object.values(dims).join(",")} above ${threshold} for 15 minutes`,
        namespace: "AWS/RDS", metricName: metric, dimensions: dims, statistic: "Average", period: 300,
        evaluationPeriods: 3, datapointsToAlarm: 3, threshold, comparisonOperator: "GreaterThanThreshold",
        treatMissingData: "notBreaching", alarmActions: [topic], okActions: [topic], tags: tags(component, env),
    };
}

// ---------------------------------------------------------------------------------------------
// Violations
// ---------------------------------------------------------------------------------------------
const violations: Case[] = [
    // --- Application settings: task definition → SSM parameters and secrets ------------------
    {
        name: "prod: the SSM parameter /expertconnect/prod/database/host is deleted while the backend task still reads DATABASE_HOST from it (ECS cannot start any new task: the parameter is gone)",
        change: remove(PARAM, named("app-settings-database-host")),
    },
    {
        name: "prod: /expertconnect/prod/cache/host renamed to /expertconnect/prod/redis/host (replaced, old one deleted) while the task's REDIS_HOST valueFrom and the execution role still name the old path",
        change: edit(PARAM, p => {
            p.name = "/expertconnect/prod/redis/host";
            if (p.arn) p.arn = ssmArn(E1, "/expertconnect/prod/redis/host");
        }, named("app-settings-cache-host")),
    },
    {
        name: "prod: backend DATABASE_HOST now read from dr's parameter (us-west-2 /expertconnect/dr/database/host): prod's app would talk to the read-only replica in another region, and prod tasks now depend on the recovery region to start",
        change: all(
            valueFrom("backend-task", "DATABASE_HOST", ssmArn(W2, "/expertconnect/dr/database/host")),
            rolePolicy("backend-roles-execution-policy", d => { sid(d, "ReadParameters").Resource.push(ssmArn(W2, "/expertconnect/dr/database/host")); }),
        ),
    },
    {
        name: "prod: DJANGO_SECRET_KEY (and the execution role's grant) repointed at a secret of the same name in another account: the signing key now lives where the stack does not hold it",
        change: all(
            valueFrom("backend-task", "DJANGO_SECRET_KEY", smArn(E1, PROD.django, FOREIGN)),
            rolePolicy("backend-roles-execution-policy", d => swapResource(sid(d, "ReadSecrets"), smArn(E1, PROD.django), smArn(E1, PROD.django, FOREIGN))),
        ),
    },
    {
        name: "prod: JWT_SIGNING_KEY read from the us-west-2 replica of the secret (execution role widened to match): prod's tasks can no longer start when the recovery region is impaired, and the replica is read-only",
        change: all(
            valueFrom("backend-task", "JWT_SIGNING_KEY", smArn(W2, PROD.jwt)),
            rolePolicy("backend-roles-execution-policy", d => { sid(d, "ReadSecrets").Resource.push(smArn(W2, PROD.jwt)); }),
        ),
    },
    {
        name: "prod: VIDEO_PROVIDER_API_KEY's valueFrom gains a JSON-key selector (…-dd81af:api_key::) but the secret holds a plain string: ECS cannot extract the key and no backend task starts",
        change: valueFrom("backend-task", "VIDEO_PROVIDER_API_KEY", `${smArn(E1, PROD.video)}:api_key::`),
    },
    {
        name: "prod: a new secret expertconnect/prod/payments-webhook-secret is added and wired into the backend task, but the execution role's ReadSecrets is not extended (every new task fails to start with AccessDenied)",
        change: all(
            addWith(SECRET, "app-settings-payments-webhook-secret", {
                name: "expertconnect/prod/payments-webhook-secret", description: "Signing secret of the payment provider's webhooks",
                kmsKeyId: keyArn(E1, PROD.appKey), recoveryWindowInDays: 30,
                replicas: [{ kmsKeyId: keyArn(W2, PROD.appReplicaKey), region: W2 }], tags: tags("app-settings"),
            }, { arn: smArn(E1, "expertconnect/prod/payments-webhook-secret-7c1d2e") }, { protect: true, retainOnDelete: true }),
            addWith(SECRET_VERSION, "app-settings-payments-webhook-secret-value", {
                secretId: smArn(E1, "expertconnect/prod/payments-webhook-secret-7c1d2e"), secretStringWo: wrapped("not-configured"), secretStringWoVersion: 1,
            }, { arn: `arn:aws:secretsmanager:${E1}:${ACCOUNT}:secret-version/app-settings-payments-webhook-secret-value` }, { retainOnDelete: true }),
            containers("backend-task", l => { l[0].secrets.push({ name: "PAYMENTS_WEBHOOK_SECRET", valueFrom: smArn(E1, "expertconnect/prod/payments-webhook-secret-7c1d2e") }); }),
        ),
    },
    {
        name: "prod: REDIS_AUTH_TOKEN (and the role's grant) name the cache-auth secret with a stale random suffix (-9f2a1c, from a deleted and recreated secret): the full ARN matches no secret the stack holds",
        change: all(
            valueFrom("backend-task", "REDIS_AUTH_TOKEN", smArn(E1, "expertconnect/prod/cache-auth-token-9f2a1c")),
            rolePolicy("backend-roles-execution-policy", d => swapResource(sid(d, "ReadSecrets"), PROD.cacheAuth, "expertconnect/prod/cache-auth-token-9f2a1c")),
        ),
    },
    {
        name: "prod (console drift): /expertconnect/prod/storage/static-bucket set to expertconnect-static, a bucket name the stack does not own: uploads go to whoever owns that name",
        change: drift(PARAM, p => setParamValue(p, "expertconnect-static"), named("app-settings-storage-static-bucket")),
    },
    {
        name: "prod: /expertconnect/prod/cache/host set to the replication group's reader endpoint: every cache write (sessions, throttling counters) fails with READONLY",
        change: edit(PARAM, p => setParamValue(p, "replica.expertconnect-prod-cache.2dd10f.us-east-1.cache.amazonaws.com"), named("app-settings-cache-host")),
    },
    {
        name: "prod: /expertconnect/prod/database/user set to the master user expertconnect_user while the task role's rds-db:connect still names expertconnect_app: IAM database login fails for every request",
        change: edit(PARAM, p => setParamValue(p, "expertconnect_user"), named("app-settings-database-user")),
    },

    // --- Keys and what they encrypt ----------------------------------------------------------
    {
        name: "prod: the logs key disabled (isEnabled=false, 'looks unused') while six log groups (flow logs, WAF, ECS Exec, both services, the synthetic check) and the ECS Exec sessions are encrypted with it: CloudWatch Logs stops ingesting and exec sessions fail",
        change: edit(KEY, p => { p.isEnabled = false; }, named("logs-key")),
    },
    {
        name: "prod: the application secrets re-keyed to the logs key, which the execution role's DecryptSecrets does not name (and whose policy lets CloudWatch Logs use it): tasks cannot decrypt their settings",
        change: edit(SECRET, p => { p.kmsKeyId = keyArn(E1, PROD.logsKey); }, r => /app-settings-(django|jwt|video)/.test(r.urn)),
    },
    {
        name: "prod: alias/expertconnect-prod-db retargeted to the logs key: anything that encrypts 'with the database key' by alias (snapshot copies, the runbook) now uses a key whose policy grants CloudWatch Logs",
        change: edit(ALIAS, p => { p.targetKeyId = PROD.logsKey; }, named("database-key-alias")),
    },
    {
        name: "prod: the database key's CloudWatch Logs grant scoped to /aws/rds/instance/expertconnect-db/* (wrong identifier): the RDS log groups encrypted with it can no longer be written",
        change: policyOf(KEY, "database-key", d => {
            sid(d, "ServiceUse0").Condition.ArnLike["kms:EncryptionContext:aws:logs:arn"] = `arn:aws:logs:${E1}:${ACCOUNT}:log-group:/aws/rds/instance/expertconnect-db/*`;
        }),
    },
    {
        name: "prod: static replication's replicaKmsKeyId set to the source bucket's us-east-1 key: S3 requires a key in the destination region, every object fails to replicate",
        change: edit("aws:s3/bucketReplicationConfig:BucketReplicationConfig", p => {
            p.rules[0].destination.encryptionConfiguration.replicaKmsKeyId = keyArn(E1, PROD.staticKey);
        }),
    },

    // --- prod ↔ dr: replicas and the outputs dr reads -----------------------------------------
    {
        name: "prod: replicas removed from the application secrets: dr's backend task definitions still name the us-west-2 replica ARNs (prod's appSecretReplicaArns), so at failover dr tasks cannot start",
        change: edit(SECRET, p => { p.replicas = []; }, r => /app-settings-(django|jwt|video)/.test(r.urn)),
    },
    {
        name: "prod: output appSecretReplicaArns now publishes the us-east-1 primaries: dr's tasks would read their secrets from the region whose loss they exist to survive",
        change: stackOutputs(o => { o.appSecretReplicaArns = { ...o.appSecretArns }; }),
    },
    {
        name: "prod: output replicaRepositoryUrls now publishes the us-east-1 repository URLs: dr would pull images from the failed region at failover",
        change: stackOutputs(o => {
            o.replicaRepositoryUrls = { "expertconnect-backend": o.repositoryUrls.backend, "expertconnect-frontend": o.repositoryUrls.frontend };
        }),
    },
    {
        name: "prod: output staticReplicaBucketName renamed to staticReplicaBucket: dr's requireOutput fails and the dr stack cannot deploy (a failover stops at its first step)",
        change: stackOutputs(o => { o.staticReplicaBucket = o.staticReplicaBucketName; delete o.staticReplicaBucketName; }),
    },
    {
        name: "prod: output databaseArn publishes the bare identifier expertconnect-prod-db: dr's cross-region replica needs the source's ARN (RDS looks the identifier up in us-west-2)",
        change: stackOutputs(o => { o.databaseArn = "expertconnect-prod-db"; }),
    },
    {
        name: "prod: ECR replication filter narrowed to the prefix expertconnect-backend: the frontend image is no longer copied to us-west-2 and dr's frontend has nothing to pull at failover",
        change: edit("aws:ecr/replicationConfiguration:ReplicationConfiguration", p => {
            p.replicationConfiguration.rules[0].repositoryFilters[0].filter = "expertconnect-backend";
        }),
    },
    {
        name: "prod: static replication (and the replication role) now targets expertconnect-dr-static, a bucket no stack holds: dr serves a replica that stops receiving objects",
        change: all(
            edit("aws:s3/bucketReplicationConfig:BucketReplicationConfig", p => { p.rules[0].destination.bucket = "arn:aws:s3:::expertconnect-dr-static"; }),
            rolePolicy("dr-static-role-policy", d => swapResource(sid(d, "WriteReplicas"), "expertconnect-prod-static-us-west-2", "expertconnect-dr-static")),
            edit(ALARM, p => { p.dimensions = { ...p.dimensions, DestinationBucket: "expertconnect-dr-static" }; }, r => /dr-static-expertconnect-static-replication/.test(r.urn)),
        ),
    },
    {
        name: "prod: the daily backup's copy action targets backup vault expertconnect-dr-backups in us-west-2, which no stack holds: every cross-region copy job fails",
        change: edit("aws:backup/plan:Plan", p => {
            for (const rule of p.rules) for (const c of rule.copyActions ?? []) c.destinationVaultArn = `arn:aws:backup:${W2}:${ACCOUNT}:backup-vault:expertconnect-dr-backups`;
        }),
    },

    // --- Log groups and who writes to them ----------------------------------------------------
    {
        name: "prod: the backend containers log to /ecs/expertconnect-backend (the execution role follows), a group no resource creates: the awslogs driver fails and no task starts, while the guide's /ecs/expertconnect-prod-backend stays empty",
        change: all(
            containers("backend-task", l => { for (const c of l) c.logConfiguration.options["awslogs-group"] = "/ecs/expertconnect-backend"; }),
            rolePolicy("backend-roles-execution-policy", d => swapResource(sid(d, "WriteLogs"), "/ecs/expertconnect-prod-backend", "/ecs/expertconnect-backend")),
        ),
    },
    {
        name: "prod: backend log group renamed to /ecs/prod/expertconnect-backend (task definition and execution role follow) but the credit, video and activity metric filters and saved queries still read the old group: the payment alarms go blind",
        change: all(
            edit(LOG_GROUP, p => {
                p.name = "/ecs/prod/expertconnect-backend";
                if (p.arn) p.arn = `arn:aws:logs:${E1}:${ACCOUNT}:log-group:/ecs/prod/expertconnect-backend`;
            }, named("backend-logs")),
            containers("backend-task", l => { for (const c of l) c.logConfiguration.options["awslogs-group"] = "/ecs/prod/expertconnect-backend"; }),
            rolePolicy("backend-roles-execution-policy", d => swapResource(sid(d, "WriteLogs"), "/ecs/expertconnect-prod-backend", "/ecs/prod/expertconnect-backend")),
        ),
    },
    {
        name: "prod: the credit-transaction metric filters moved to the frontend log group (which never logs credit_transaction): CreditTransactionsFailed stays 0 and none-succeeded alarms all day",
        change: edit("aws:cloudwatch/logMetricFilter:LogMetricFilter", p => { p.logGroupName = "/ecs/expertconnect-prod-frontend"; }, r => /credit-transactions/.test(r.urn)),
    },
    {
        name: "prod: VPC flow log destination set to /vpc/expertconnect-flow-logs, a group the stack does not hold (the role may only write the old one): flow logs stop being delivered",
        change: edit("aws:ec2/flowLog:FlowLog", p => { p.logDestination = `arn:aws:logs:${E1}:${ACCOUNT}:log-group:/vpc/expertconnect-flow-logs`; }),
    },
    {
        name: "prod: WAF logging destination set to aws-waf-logs-expertconnect, a log group no one created: the web ACL's request log is lost",
        change: edit("aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration", p => {
            p.logDestinationConfigs = [`arn:aws:logs:${E1}:${ACCOUNT}:log-group:aws-waf-logs-expertconnect`];
        }),
    },
    {
        name: "prod: the cache's slow-log delivery destination set to /aws/elasticache/expertconnect-prod/slow-log, a log group the stack does not hold: ElastiCache log delivery goes to error and slow commands are no longer recorded",
        change: edit("aws:elasticache/replicationGroup:ReplicationGroup", p => {
            for (const c of p.logDeliveryConfigurations) if (c.logType === "slow-log") c.destination = "/aws/elasticache/expertconnect-prod/slow-log";
        }),
    },
    {
        name: "prod: the cluster's ECS Exec audit log set to /ecs/expertconnect-prod-cluster/exec, which no log group holds and the task roles cannot write: every exec session's transcript is lost",
        change: edit("aws:ecs/cluster:Cluster", p => {
            p.configuration.executeCommandConfiguration.logConfiguration.cloudWatchLogGroupName = "/ecs/expertconnect-prod-cluster/exec";
        }),
    },

    // --- Alarms, dimensions, actions, dashboards, events --------------------------------------
    {
        name: "prod: the guide's expertconnect-db-connections-high alarm watches DBInstanceIdentifier=expertconnect-db, an instance that does not exist (INSUFFICIENT_DATA forever, never fires)",
        change: edit(ALARM, p => { p.dimensions = { DBInstanceIdentifier: "expertconnect-db" }; }, named("monitoring-expertconnect-db-connections-high")),
    },
    {
        name: "prod: ALB 5xx-rate alarm's LoadBalancer dimension set to the full load balancer ARN instead of its arn suffix (app/…/id): CloudWatch publishes no such series, the alarm never fires",
        change: edit(ALARM, p => {
            for (const q of p.metricQueries) if (q.metric) q.metric.dimensions = { ...q.metric.dimensions, LoadBalancer: PROD.albArn };
        }, named("monitoring-expertconnect-alb-5xx-rate-high")),
    },
    {
        name: "prod: the database alarms notify arn:aws:sns:us-east-1:…:expertconnect-prod-alarms, a topic that exists only in us-west-2: CloudWatch accepts the ARN and every notification fails",
        change: edit(ALARM, p => {
            p.alarmActions = [topicArn(E1, "expertconnect-prod-alarms")];
            p.okActions = [topicArn(E1, "expertconnect-prod-alarms")];
        }, r => /monitoring-expertconnect-db-/.test(r.urn)),
    },
    {
        name: "prod: the static replication-late alarm (in us-west-2) notifies the us-east-1 topic: an alarm can only act on a topic of its own region (PutMetricAlarm: Invalid region us-east-1 specified)",
        change: edit(ALARM, p => { p.alarmActions = [PROD.topic]; p.okActions = [PROD.topic]; }, named("dr-static-expertconnect-static-replication-late")),
    },
    {
        name: "prod: the GuardDuty high-severity event target sends findings to a topic of the same name in another account: security findings leave the account and on-call never sees them",
        change: edit("aws:cloudwatch/eventTarget:EventTarget", p => { p.arn = topicArn(E1, "expertconnect-alarms", FOREIGN); }, named("monitoring-guardduty-high-severity-topic")),
    },
    {
        name: "prod: the alarm topic expertconnect-alarms (its policy and subscription) removed while 34 alarms, the event rules and the budget still name its ARN: every notification goes nowhere",
        change: all(
            remove("aws:sns/topic:Topic", named("alarms")),
            remove("aws:sns/topicPolicy:TopicPolicy", named("alarms-policy")),
            remove("aws:sns/topicSubscription:TopicSubscription", named("alarms-email-oncall@expertconnect.example")),
        ),
    },
    {
        name: "prod: alarm expertconnect-backend-cpu-high renamed expertconnect-prod-backend-cpu-high: the guide's alarm name is gone and ExpertConnect-Dashboard's alarm widget still lists the old ARN",
        change: edit(ALARM, p => {
            p.name = "expertconnect-prod-backend-cpu-high";
            if (p.arn) p.arn = alarmArn(E1, "expertconnect-prod-backend-cpu-high");
        }, named("monitoring-expertconnect-backend-cpu-high")),
    },
    {
        name: "prod: ECS deployment-failed rule matches service/expertconnect-cluster/* (the cluster is expertconnect-prod-cluster): failed, rolled-back deployments are never reported",
        change: edit("aws:cloudwatch/eventRule:EventRule", p => {
            const pat = JSON.parse(p.eventPattern);
            pat.resources = [{ wildcard: "arn:aws:ecs:*:*:service/expertconnect-cluster/*" }];
            p.eventPattern = JSON.stringify(pat);
        }, named("monitoring-ecs-deployment-failed")),
    },

    // --- Buckets named by other resources -----------------------------------------------------
    {
        name: "prod: ALB access logs sent to bucket expertconnect-alb-logs, a name the stack does not own (another account could own it): request logs leave the account or the ALB update fails",
        change: edit("aws:lb/loadBalancer:LoadBalancer", p => { p.accessLogs = { ...p.accessLogs, bucket: "expertconnect-alb-logs" }; }),
    },
    {
        name: "prod: STATIC_BUCKET setting and the task role's bucket grants both repointed at expertconnect-static, a look-alike the stack does not hold: user uploads go to a stranger's bucket",
        change: all(
            edit(PARAM, p => setParamValue(p, "expertconnect-static"), named("app-settings-storage-static-bucket")),
            rolePolicy("backend-roles-task-policy", d => {
                swapResource(sid(d, "Bucket0List"), "expertconnect-prod-static", "expertconnect-static");
                swapResource(sid(d, "Bucket0Objects"), "expertconnect-prod-static", "expertconnect-static");
            }),
        ),
    },

    // --- Backup, restore test, rotation -------------------------------------------------------
    {
        name: "prod: restore tests restore into DB subnet group 'default' (the default VPC's subnets) instead of the database's isolated group: copies of production data land outside the stack's network",
        change: edit("aws:backup/restoreTestingSelection:RestoreTestingSelection", p => {
            p.restoreMetadataOverrides = { ...p.restoreMetadataOverrides, dbSubnetGroupName: "default" };
        }),
    },
    {
        name: "prod: the restore-test-completed rule matches restore-testing-plan/expertconnect_prod_weekly (not the plan's name): restored copies are never validated and never cleaned up by the validator",
        change: edit("aws:cloudwatch/eventRule:EventRule", p => {
            const pat = JSON.parse(p.eventPattern);
            pat.detail.restoreTestingPlanArn = [`arn:aws:backup:${E1}:${ACCOUNT}:restore-testing-plan/expertconnect_prod_weekly`];
            p.eventPattern = JSON.stringify(pat);
        }, named("dr-restore-test-completed")),
    },
    {
        name: "prod: master-secret rotation points at function expertconnect-prod-db-rotator, which does not exist (the SAR stack deploys expertconnect-prod-db-rotation): rotation fails every 30 days",
        change: edit("aws:secretsmanager/secretRotation:SecretRotation", p => {
            p.rotationLambdaArn = `arn:aws:lambda:${E1}:${ACCOUNT}:function:expertconnect-prod-db-rotator`;
        }),
    },
    {
        name: "prod: the backup selection names arn:…:db:expertconnect-db (a typo): AWS Backup accepts the ARN and silently backs up nothing",
        change: edit("aws:backup/selection:Selection", p => { p.resources = [`arn:aws:rds:${E1}:${ACCOUNT}:db:expertconnect-db`]; }),
    },

    // --- Database: groups, roles, IAM login ---------------------------------------------------
    {
        name: "prod: the DB parameter group renamed (RDS replaces it) while the instance still names database-params-be6a6ad: the old group cannot be deleted while attached, and the instance never gets the new one",
        change: edit("aws:rds/parameterGroup:ParameterGroup", p => {
            p.name = "expertconnect-prod-postgres16";
            if (p.arn) p.arn = `arn:aws:rds:${E1}:${ACCOUNT}:pg:expertconnect-prod-postgres16`;
        }, named("database-params")),
    },
    {
        name: "prod: the task role's rds-db:connect names dbuser:expertconnect-prod-db/expertconnect_app (the identifier) instead of the instance's DbiResourceId: IAM database authentication is denied",
        change: rolePolicy("backend-roles-task-policy", d => {
            sid(d, "DatabaseIamLogin").Resource = `arn:aws:rds-db:${E1}:${ACCOUNT}:dbuser:expertconnect-prod-db/expertconnect_app`;
        }),
    },

    // --- Network ids ------------------------------------------------------------------------
    {
        name: "prod: the backend service's security group set to sg-0c0ffee0123456789, a console-made group the stack does not hold (its rules are whatever someone clicked; the DB and cache ingress rules name the old group)",
        change: edit("aws:ecs/service:Service", p => { p.networkConfiguration = { ...p.networkConfiguration, securityGroups: ["sg-0c0ffee0123456789"] }; }, named("backend-service")),
    },
    {
        name: "prod: the migration gate runs its one-off task with SECURITY_GROUPS=sg-0a1b2c3d4e5f60718 (a group the stack does not hold): the migration cannot reach the database and the deploy stalls",
        change: edit("command:local:Command", p => { p.environment = { ...p.environment, SECURITY_GROUPS: "sg-0a1b2c3d4e5f60718" }; }),
    },

    // --- DNS, health checks, certificates ------------------------------------------------------
    {
        name: "prod: the primary failover record's health check set to dns-serving-0a1b2c3, which does not exist: Route 53 rejects the change (or the record fails over on nothing)",
        change: edit("aws:route53/record:Record", p => { p.healthCheckId = "dns-serving-0a1b2c3"; }, named("dns-failover")),
    },
    {
        name: "prod: the app health check probes app.expertconnect.example (the failover name itself) instead of prod.app…: after a failover it checks dr and reports prod healthy, so traffic flaps back to a dead region",
        change: edit("aws:route53/healthCheck:HealthCheck", p => { p.fqdn = "app.expertconnect.example"; }, named("dns-app")),
    },

    {
        name: "prod: the us-west-2 alarm topic expertconnect-prod-alarms (policy, subscription) removed while the static replication-late alarm in us-west-2 still notifies it: the static RPO alarm fires into nothing",
        change: all(
            remove("aws:sns/topic:Topic", named("alarms-us-west-2")),
            remove("aws:sns/topicPolicy:TopicPolicy", named("alarms-us-west-2-policy")),
            remove("aws:sns/topicSubscription:TopicSubscription", named("alarms-us-west-2-email-oncall@expertconnect.example")),
        ),
    },
    {
        name: "prod: the PostgreSQL single-user rotation schedule repointed at the cache AUTH secret (secretId): the RDS rotation function rotates a string that is not database credentials, every rotation fails and the master secret is no longer rotated",
        change: edit("aws:secretsmanager/secretRotation:SecretRotation", p => { p.secretId = smArn(E1, PROD.cacheAuth); }),
    },
    {
        name: "prod: the peer-role health check (inverted, 'dr is not serving') probes prod.app… instead of dr.app…: it is unhealthy whenever prod serves, so the calculated primary check fails and Route 53 fails over to dr permanently",
        change: edit("aws:route53/healthCheck:HealthCheck", p => { p.fqdn = "prod.app.expertconnect.example"; }, named("dns-peer-role")),
    },
    // --- dr stack ---------------------------------------------------------------------------
    {
        name: "dr: the replica's replicateSourceDb set to the bare identifier expertconnect-prod-db: a cross-region replica's source must be the ARN; RDS looks for the instance in us-west-2",
        stack: "dr",
        change: edit("aws:rds/instance:Instance", p => { p.replicateSourceDb = "expertconnect-prod-db"; }, named("database")),
    },
    {
        name: "dr: the replica uses prod's parameter group name database-params-be6a6ad, which exists only in us-east-1 (DBParameterGroupNotFound)",
        stack: "dr",
        change: edit("aws:rds/instance:Instance", p => { p.parameterGroupName = "database-params-be6a6ad"; }, named("database")),
    },
    {
        name: "dr: the replica uses prod's DB subnet group database-subnets-d43a9b2, which exists only in us-east-1",
        stack: "dr",
        change: edit("aws:rds/instance:Instance", p => { p.dbSubnetGroupName = "database-subnets-d43a9b2"; }, named("database")),
    },
    {
        name: "dr: the replica's kmsKeyId set to prod's us-east-1 database key: a cross-region replica must be encrypted with a key in its own region (and a key change replaces the replica)",
        stack: "dr",
        change: edit("aws:rds/instance:Instance", p => { p.kmsKeyId = keyArn(E1, PROD.dbKey); }, named("database")),
    },
    {
        name: "dr: DJANGO_SECRET_KEY (and the execution role's grant) read from prod's us-east-1 primary instead of its us-west-2 replica: at failover the secret's region is the one that is down",
        stack: "dr",
        change: all(
            valueFrom("backend-task", "DJANGO_SECRET_KEY", smArn(E1, PROD.django)),
            rolePolicy("backend-roles-execution-policy", d => swapResource(sid(d, "ReadSecrets"), smArn(W2, PROD.django), smArn(E1, PROD.django))),
        ),
    },
    {
        name: "dr: JWT_SIGNING_KEY (and the role's grant) names the replica with suffix -189880 instead of the -189879 prod publishes in appSecretReplicaArns: no such secret exists in us-west-2, dr tasks cannot start",
        stack: "dr",
        change: all(
            valueFrom("backend-task", "JWT_SIGNING_KEY", smArn(W2, "expertconnect/prod/jwt-signing-key-189880")),
            rolePolicy("backend-roles-execution-policy", d => swapResource(sid(d, "ReadSecrets"), PROD.jwt, "expertconnect/prod/jwt-signing-key-189880")),
        ),
    },
    {
        name: "dr: the backend image (and the role's pull grant) points at the us-east-1 repository: dr cannot start tasks when prod's region fails",
        stack: "dr",
        change: all(
            containers("backend-task", l => { l[0].image = `${ACCOUNT}.dkr.ecr.${E1}.amazonaws.com/expertconnect-backend:v1.0.0`; }),
            rolePolicy("backend-roles-execution-policy", d => swapResource(sid(d, "PullImage"), `ecr:${W2}:`, `ecr:${E1}:`)),
        ),
    },
    {
        name: "dr: the execution role's DecryptSecrets names prod's us-east-1 app-settings key instead of the us-west-2 replica key: the replicas are encrypted under the replica key, so dr tasks cannot decrypt their secrets",
        stack: "dr",
        change: rolePolicy("backend-roles-execution-policy", d => swapResource(sid(d, "DecryptSecrets"), keyArn(W2, PROD.appReplicaKey), keyArn(E1, PROD.appKey))),
    },
    {
        name: "dr: STATIC_BUCKET and the task role's grants set to expertconnect-dr-static (naming.ts's dr name), a bucket no stack creates: dr serves nothing and writes to a name anyone can claim",
        stack: "dr",
        change: all(
            edit(PARAM, p => setParamValue(p, "expertconnect-dr-static"), named("app-settings-storage-static-bucket")),
            rolePolicy("backend-roles-task-policy", d => {
                swapResource(sid(d, "Bucket0List"), "expertconnect-prod-static-us-west-2", "expertconnect-dr-static");
                swapResource(sid(d, "Bucket0Objects"), "expertconnect-prod-static-us-west-2", "expertconnect-dr-static");
            }),
        ),
    },
    {
        name: "dr: the task role's rds-db:connect names prod's DbiResourceId (copied from prod): IAM login to the promoted dr database is denied at failover",
        stack: "dr",
        change: rolePolicy("backend-roles-task-policy", d => {
            sid(d, "DatabaseIamLogin").Resource = `arn:aws:rds-db:${W2}:${ACCOUNT}:dbuser:${PROD.dbResourceId}/expertconnect_app`;
        }),
    },
    {
        name: "dr: the SECONDARY failover record aliases prod's load balancer (copied from prod): failing over sends users back to the region that failed",
        stack: "dr",
        change: edit("aws:route53/record:Record", p => { p.aliases = [{ evaluateTargetHealth: false, name: PROD.albDns, zoneId: "Z35SXDOTRQ7X7K" }]; }, named("dns-failover")),
    },
    {
        name: "dr: the database alarms notify prod's us-east-1 topic: an alarm in us-west-2 can only act on a us-west-2 topic, and during a us-east-1 outage nobody would hear them",
        stack: "dr",
        change: edit(ALARM, p => { p.alarmActions = [PROD.topic]; p.okActions = [PROD.topic]; }, r => /monitoring-expertconnect-db-/.test(r.urn)),
    },
    {
        name: "dr: the StackReference now follows organization/expertconnect-infra/staging: the replica, secrets, images and static bucket dr reads would come from a stack that is not prod",
        stack: "dr",
        // What the reference reads then is staging's outputs, which say so (their environment output).
        change: edit("pulumi:pulumi:StackReference", p => { p.name = "organization/expertconnect-infra/staging"; p.outputs = { ...p.outputs, environment: "staging" }; }, named("prod-stack")),
    },
    {
        name: "dr: /expertconnect/dr/database/host set to prod's us-east-1 endpoint: dr's app writes across regions today and to a dead database at failover",
        stack: "dr",
        change: edit(PARAM, p => setParamValue(p, PROD.dbEndpoint), named("app-settings-database-host")),
    },
    {
        name: "dr (console drift): /expertconnect/dr/storage/static-bucket changed to expertconnect-prod-static (prod's us-east-1 bucket): dr's static files depend on the region it replaces",
        stack: "dr",
        change: drift(PARAM, p => setParamValue(p, "expertconnect-prod-static"), named("app-settings-storage-static-bucket")),
    },
    {
        name: "dr: the replica-lag alarms watch DBInstanceIdentifier=expertconnect-prod-db (prod's instance lives in us-east-1; ReplicaLag is published for the replica in us-west-2): replication stalls unnoticed",
        stack: "dr",
        change: edit(ALARM, p => {
            if (p.dimensions) p.dimensions = { DBInstanceIdentifier: "expertconnect-prod-db" };
            for (const q of p.metricQueries ?? []) if (q.metric) q.metric.dimensions = { DBInstanceIdentifier: "expertconnect-prod-db" };
        }, r => /dr-expertconnect-db-replica/.test(r.urn)),
    },
];

// ---------------------------------------------------------------------------------------------
// Legitimate changes
// ---------------------------------------------------------------------------------------------
const featureArn = ssmArn(W2, "/expertconnect/dr/features/video-v2");
const webhookName = "expertconnect/prod/payments-webhook-secret";
const webhookArn = smArn(E1, `${webhookName}-7c1d2e`);
const webhookReplicaArn = smArn(W2, `${webhookName}-7c1d2e`);
const readerArn = ssmArn(E1, "/expertconnect/prod/cache/reader-host");
const primaryHostArn = ssmArn(E1, "/expertconnect/prod/cache/primary-host");

const compliant: Case[] = [
    {
        name: "dr: a feature flag added as /expertconnect/dr/features/video-v2, wired into the backend task and granted in the execution role's ReadParameters",
        stack: "dr",
        change: all(
            addWith(PARAM, "app-settings-features-video-v2", {
                name: "/expertconnect/dr/features/video-v2", description: "FEATURE_VIDEO_V2 for backend", type: "String", value: wrapped("off"), tags: tags("app-settings", "dr"),
            }, { arn: featureArn }),
            containers("backend-task", l => { l[0].secrets.push({ name: "FEATURE_VIDEO_V2", valueFrom: featureArn }); }),
            rolePolicy("backend-roles-execution-policy", d => { sid(d, "ReadParameters").Resource.push(featureArn); }),
        ),
    },
    {
        name: "prod: a new application secret done right (app-settings key, replica in us-west-2 under the replica key, placeholder version, task reference, execution-role grant, and both ARN outputs for dr)",
        change: all(
            addWith(SECRET, "app-settings-payments-webhook-secret", {
                name: webhookName, description: "Signing secret of the payment provider's webhooks (operators put it)",
                kmsKeyId: keyArn(E1, PROD.appKey), recoveryWindowInDays: 30,
                replicas: [{ kmsKeyId: keyArn(W2, PROD.appReplicaKey), region: W2 }], tags: tags("app-settings"),
            }, { arn: webhookArn }, { protect: true, retainOnDelete: true }),
            addWith(SECRET_VERSION, "app-settings-payments-webhook-secret-value", {
                secretId: webhookArn, secretStringWo: wrapped("not-configured"), secretStringWoVersion: 1,
            }, { arn: `arn:aws:secretsmanager:${E1}:${ACCOUNT}:secret-version/app-settings-payments-webhook-secret-value` }, { retainOnDelete: true }),
            containers("backend-task", l => { l[0].secrets.push({ name: "PAYMENTS_WEBHOOK_SECRET", valueFrom: webhookArn }); }),
            rolePolicy("backend-roles-execution-policy", d => { sid(d, "ReadSecrets").Resource.push(webhookArn); }),
            stackOutputs(o => {
                o.appSecretArns = { ...o.appSecretArns, "payments-webhook-secret": webhookArn };
                o.appSecretReplicaArns = { ...o.appSecretReplicaArns, "payments-webhook-secret": webhookReplicaArn };
            }),
        ),
    },
    {
        name: "prod: new alarm expertconnect-db-disk-queue-high on DBInstanceIdentifier=expertconnect-prod-db, notifying the alarm topic, and listed on the dashboard",
        change: all(
            addWith(ALARM, "monitoring-expertconnect-db-disk-queue-high",
                alarmProps("prod", "expertconnect-db-disk-queue-high", "DiskQueueDepth", { DBInstanceIdentifier: "expertconnect-prod-db" }, PROD.topic, 10),
                { arn: alarmArn(E1, "expertconnect-db-disk-queue-high") }),
            dashboardAlarm(alarmArn(E1, "expertconnect-db-disk-queue-high")),
        ),
    },
    {
        name: "prod: a new alarm expertconnect-credit-transactions-declined-high on the existing CreditTransactionsDeclined metric (its filter already reads the backend group), notifying the alarm topic and listed on the dashboard",
        change: all(
            addWith(ALARM, "app-signals-expertconnect-credit-transactions-declined-high", {
                name: "expertconnect-credit-transactions-declined-high", alarmDescription: "More than 50 credit transactions declined in 5 minutes: a pricing or balance bug, or card testing",
                namespace: "ExpertConnect", metricName: "CreditTransactionsDeclined", dimensions: {}, statistic: "Sum", period: 300,
                evaluationPeriods: 1, datapointsToAlarm: 1, threshold: 50, comparisonOperator: "GreaterThanThreshold",
                treatMissingData: "notBreaching", alarmActions: [PROD.topic], okActions: [PROD.topic], tags: tags("monitoring"),
            }, { arn: alarmArn(E1, "expertconnect-credit-transactions-declined-high") }),
            dashboardAlarm(alarmArn(E1, "expertconnect-credit-transactions-declined-high")),
        ),
    },
    {
        name: "prod: a saved Logs Insights query expertconnect-prod/daily/video-failures-hourly (failed video sessions by hour and reason) on the backend log group",
        change: addWith("aws:cloudwatch/queryDefinition:QueryDefinition", "app-signals-daily-video-failures-hourly", {
            name: "expertconnect-prod/daily/video-failures-hourly", logGroupNames: ["/ecs/expertconnect-prod-backend"],
            queryString: "filter event = \"video_session\" and outcome = \"failed\"\n| stats count(*) as failures by bin(1h), reason\n| sort @timestamp desc",
        }, {}),
    },
    {
        name: "prod: a second on-call address subscribed to the alarm topic",
        change: addWith("aws:sns/topicSubscription:TopicSubscription", "alarms-email-payments-oncall@expertconnect.example", {
            endpoint: "payments-oncall@expertconnect.example", protocol: "email", topic: PROD.topic,
        }, { arn: `${PROD.topic}:5b0d7c1e-0a4f-4a38-9f9a-3c2b1d0e9f8a` }),
    },
    {
        name: "prod: backend log group retention raised from 90 to 365 days",
        change: edit(LOG_GROUP, p => { p.retentionInDays = 365; }, named("backend-logs")),
    },
    {
        name: "prod: an EventBridge rule for RDS failover/failure/low-storage events of expertconnect-prod-db, targeting the alarm topic",
        change: all(
            addWith("aws:cloudwatch/eventRule:EventRule", "monitoring-db-events", {
                name: "expertconnect-db-events", description: "RDS reports a failover, failure or low storage on expertconnect-prod-db",
                eventPattern: JSON.stringify({
                    source: ["aws.rds"], "detail-type": ["RDS DB Instance Event"],
                    resources: [`arn:aws:rds:${E1}:${ACCOUNT}:db:expertconnect-prod-db`],
                    detail: { EventCategories: ["failover", "failure", "low storage"] },
                }),
                tags: tags("monitoring"),
            }, { arn: `arn:aws:events:${E1}:${ACCOUNT}:rule/expertconnect-db-events` }),
            addWith("aws:cloudwatch/eventTarget:EventTarget", "monitoring-db-events-topic", { arn: PROD.topic, rule: "expertconnect-db-events" }, {}),
        ),
    },
    {
        name: "dr: new alarm expertconnect-db-disk-queue-high on expertconnect-dr-db, notifying dr's own us-west-2 topic, on dr's dashboard",
        stack: "dr",
        change: all(
            addWith(ALARM, "monitoring-expertconnect-db-disk-queue-high",
                alarmProps("dr", "expertconnect-db-disk-queue-high", "DiskQueueDepth", { DBInstanceIdentifier: "expertconnect-dr-db" }, DR.topic, 10),
                { arn: alarmArn(W2, "expertconnect-db-disk-queue-high") }),
            dashboardAlarm(alarmArn(W2, "expertconnect-db-disk-queue-high")),
        ),
    },
    {
        name: "dr: a saved query expertconnect-dr/daily/video-failures-hourly on dr's backend log group",
        stack: "dr",
        change: addWith("aws:cloudwatch/queryDefinition:QueryDefinition", "app-signals-daily-video-failures-hourly", {
            name: "expertconnect-dr/daily/video-failures-hourly", logGroupNames: ["/ecs/expertconnect-dr-backend"],
            queryString: "filter event = \"video_session\" and outcome = \"failed\"\n| stats count(*) as failures by bin(1h), reason\n| sort @timestamp desc",
        }, {}),
    },
    {
        name: "prod: master-secret rotation tightened from every 30 to every 14 days (same function, same secret)",
        change: edit("aws:secretsmanager/secretRotation:SecretRotation", p => { p.rotationRules = { ...p.rotationRules, automaticallyAfterDays: 14 }; }),
    },
    {
        name: "prod: a new stack output cacheParameterGroupName (additive: dr reads nothing new, nothing it reads changes)",
        change: stackOutputs(o => { o.cacheParameterGroupName = "cache-params-d5cff84"; }),
    },
    {
        name: "prod: a listener rule forwarding /ws/* (video signalling websockets) to the backend target group of the same load balancer",
        change: addWith("aws:lb/listenerRule:ListenerRule", "alb-rule-130", {
            actions: [{ targetGroupArn: PROD.backendTg, type: "forward" }],
            conditions: [{ pathPattern: { values: ["/ws/*"] } }],
            listenerArn: `arn:aws:elasticloadbalancing:${E1}:${ACCOUNT}:listener/alb-https-7b97649`,
            priority: 130, tags: tags("load-balancer"),
        }, { arn: `arn:aws:elasticloadbalancing:${E1}:${ACCOUNT}:listener-rule/alb-rule-130-3f2e1d0` }),
    },
    {
        name: "dr: a second on-call address subscribed to dr's own alarm topic",
        stack: "dr",
        change: addWith("aws:sns/topicSubscription:TopicSubscription", "alarms-email-payments-oncall@expertconnect.example", {
            endpoint: "payments-oncall@expertconnect.example", protocol: "email", topic: DR.topic,
        }, { arn: `${DR.topic}:7d1e2f3a-4b5c-4d6e-8f90-a1b2c3d4e5f6` }),
    },
    {
        name: "prod: REDIS_READER_HOST added as /expertconnect/prod/cache/reader-host (the reader endpoint, for read-only queries), wired into the task and the execution role; REDIS_HOST keeps the primary",
        change: all(
            addWith(PARAM, "app-settings-cache-reader-host", {
                name: "/expertconnect/prod/cache/reader-host", description: "REDIS_READER_HOST for backend", type: "String",
                value: wrapped("replica.expertconnect-prod-cache.2dd10f.us-east-1.cache.amazonaws.com"), tags: tags("app-settings"),
            }, { arn: readerArn }),
            containers("backend-task", l => { l[0].secrets.push({ name: "REDIS_READER_HOST", valueFrom: readerArn }); }),
            rolePolicy("backend-roles-execution-policy", d => { sid(d, "ReadParameters").Resource.push(readerArn); }),
        ),
    },
    {
        name: "prod: /expertconnect/prod/cache/host renamed to /expertconnect/prod/cache/primary-host done right (parameter, task valueFrom and execution role changed together; still under /expertconnect/prod)",
        change: all(
            edit(PARAM, p => { p.name = "/expertconnect/prod/cache/primary-host"; if (p.arn) p.arn = primaryHostArn; }, named("app-settings-cache-host")),
            valueFrom("backend-task", "REDIS_HOST", primaryHostArn),
            rolePolicy("backend-roles-execution-policy", d => swapResource(sid(d, "ReadParameters"), ssmArn(E1, "/expertconnect/prod/cache/host"), primaryHostArn)),
        ),
    },
];

suite("adversarial class 6: references that stop meaning what they meant", violations, compliant);
