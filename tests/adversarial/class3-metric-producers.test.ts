/**
 * Class 3: what produces an alarmed signal may no longer produce it. The canary keeps running
 * while its execution role is refused what Synthetics does as it on every run (PutMetricData in
 * CloudWatchSynthetics, its artifacts and their key, its log group), so SuccessPercent never
 * arrives and the breaching alarm sits in ALARM, hiding every later outage; a function or task
 * publishing the custom metric an alarm reads is refused PutMetricData for that namespace. Each
 * refusal as IAM decides it: a dropped grant, a namespace condition for another namespace, an
 * explicit Deny, a permissions boundary, a key or log group the role is not given. The database's
 * Enhanced Monitoring role likewise: its OS metrics stop when the role loses its policy.
 */
import { ACCOUNT, Case, Change, add, all, doc, edit, named, remove, suite, tags } from "./support";

const ROLE = "aws:iam/role:Role";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const KEY = "aws:kms/key:Key";
const CANARY = "aws:synthetics/canary:Canary";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const FUNCTION = "aws:lambda/function:Function";
const TASK = "aws:ecs/taskDefinition:TaskDefinition";
const MANAGED = "aws:iam/policy:Policy";

const LOGS_KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/ad7e477b-441e-4538-a1e7-02e65ceaf667`;
const CANARY_ROLE = `arn:aws:iam::${ACCOUNT}:role/synthetic-check-role-e49cf65`;

/** Rewrites the canary role's inline policy document. */
const canaryPolicy = (fn: (statements: any[]) => any[]) => edit(ROLE_POLICY, p => {
    const d = JSON.parse(p.policy);
    d.Statement = fn(d.Statement);
    p.policy = JSON.stringify(d);
}, named("synthetic-check-role-policy"));
const withSid = (sid: string, fn: (s: any) => any) => canaryPolicy(sts => sts.map(s => (s.Sid === sid ? fn({ ...s }) : s)));
const without = (sid: string) => canaryPolicy(sts => sts.filter(s => s.Sid !== sid));
const plus = (...statements: object[]) => canaryPolicy(sts => [...sts, ...statements]);

/** An alarm like the synthetic check's, on another metric. */
const alarmOn = (name: string, namespace: string, metricName: string): Change => rs => {
    const template = rs.find(r => r.type === ALARM && r.urn.endsWith("::synthetic-check-alarm"))!;
    const props = { ...structuredClone(template.inputs), name, namespace, metricName, dimensions: {}, alarmDescription: `${metricName} of ${namespace}`, treatMissingData: "breaching" };
    add(ALARM, name, props)(rs);
};

/** Adds a variable to the database-tasks function's environment. */
const functionEnv = (name: string, value: string) => edit(FUNCTION, p => { p.environment.variables[name] = value; }, named("database-tasks-function"));
/** Adds statements to the database-tasks function's role policy. */
const functionGrant = (...statements: object[]) => edit(ROLE_POLICY, p => {
    const d = JSON.parse(p.policy);
    d.Statement.push(...statements);
    p.policy = JSON.stringify(d);
}, named("database-tasks-policy"));
const putMetrics = (namespace: string) => ({ Sid: "PublishFreshness", Effect: "Allow", Action: "cloudwatch:PutMetricData", Resource: "*", Condition: { StringEquals: { "cloudwatch:namespace": namespace } } });
const freshnessAlarm = alarmOn("expertconnect-db-freshness-stale", "ExpertConnect/Maintenance", "HoursSinceLastLogin");

/** Adds an environment variable to the backend container. */
const backendEnv = (name: string, value: string) => edit(TASK, p => {
    const list = JSON.parse(p.containerDefinitions);
    list[0].environment = [...(list[0].environment ?? []), { name, value }];
    p.containerDefinitions = JSON.stringify(list);
}, named("backend-task"));

/** A customer managed policy of the stack used as the canary role's boundary. */
const boundary = (...statements: object[]) => all(
    add(MANAGED, "canary-boundary", { name: "canary-boundary", path: "/", policy: doc(...statements), arn: `arn:aws:iam::${ACCOUNT}:policy/canary-boundary`, tags: tags("monitoring") }),
    edit(ROLE, p => { p.permissionsBoundary = `arn:aws:iam::${ACCOUNT}:policy/canary-boundary`; }, named("synthetic-check-role")),
);
const CANARY_WORK = ["s3:PutObject", "s3:GetBucketLocation", "s3:ListAllMyBuckets", "kms:GenerateDataKey", "kms:Decrypt", "logs:CreateLogStream", "logs:PutLogEvents"];

const violations: Case[] = [
    { name: "canary role loses cloudwatch:PutMetricData (red team: runs, but SuccessPercent never published)", change: without("PublishCanaryMetrics") },
    { name: "canary's PutMetricData condition spelled CloudWatch/Synthetics (no such namespace)", change: withSid("PublishCanaryMetrics", s => ({ ...s, Condition: { StringEquals: { "cloudwatch:namespace": "CloudWatch/Synthetics" } } })) },
    { name: "canary's PutMetricData confined to the application's ExpertConnect namespace", change: withSid("PublishCanaryMetrics", s => ({ ...s, Condition: { StringEquals: { "cloudwatch:namespace": "ExpertConnect" } } })) },
    { name: "canary's PutMetricData condition on a lower-case namespace (StringEquals is case-sensitive)", change: withSid("PublishCanaryMetrics", s => ({ ...s, Condition: { StringEquals: { "cloudwatch:namespace": "cloudwatchsynthetics" } } })) },
    { name: "explicit Deny of PutMetricData outside AWS/ namespaces on the canary role ('no custom metrics')", change: plus({ Sid: "NoCustomMetrics", Effect: "Deny", Action: "cloudwatch:PutMetricData", Resource: "*", Condition: { StringNotLike: { "cloudwatch:namespace": "AWS/*" } } }) },
    { name: "inline Deny cloudwatch:* on the canary role itself", change: edit(ROLE, p => { p.inlinePolicies = [{ name: "read-only-monitoring", policy: doc({ Effect: "Deny", Action: "cloudwatch:*", Resource: "*" }) }]; }, named("synthetic-check-role")) },
    { name: "permissions boundary on the canary role leaves out PutMetricData", change: boundary({ Effect: "Allow", Action: CANARY_WORK, Resource: "*" }) },
    { name: "canary role loses s3:ListAllMyBuckets (Synthetics lists buckets before uploading)", change: without("SyntheticsListsBuckets") },
    { name: "canary role's artifact grant moved to another prefix (results/)", change: withSid("PutArtifacts", s => ({ ...s, Resource: s.Resource.replace("/canary/*", "/results/*") })) },
    { name: "canary's artifacts key not granted to the role (grant names the logs key)", change: withSid("EncryptArtifacts", s => ({ ...s, Resource: LOGS_KEY })) },
    { name: "artifacts key policy denies GenerateDataKey to the canary role", change: edit(KEY, p => {
        const d = JSON.parse(p.policy);
        d.Statement.push({ Sid: "NoCanary", Effect: "Deny", Principal: { AWS: "*" }, Action: "kms:GenerateDataKey*", Resource: "*", Condition: { ArnEquals: { "aws:PrincipalArn": CANARY_ROLE } } });
        p.policy = JSON.stringify(d);
    }, named("synthetic-check-artifacts-key")) },
    { name: "canary role's log grant names another canary's group (cwsyn-expertconnect-dr-*)", change: withSid("WriteOwnLogs", s => ({ ...s, Resource: s.Resource.replace("cwsyn-expertconnect-prod-", "cwsyn-expertconnect-dr-") })) },
    { name: "canary role's log grant names /aws/synthetics/* instead of the function's group", change: withSid("WriteOwnLogs", s => ({ ...s, Resource: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/synthetics/*` })) },
    { name: "canary role keeps CreateLogStream only (PutLogEvents dropped)", change: withSid("WriteOwnLogs", s => ({ ...s, Action: ["logs:CreateLogStream"] })) },
    { name: "canary traces with X-Ray (activeTracing) without xray:PutTraceSegments", change: edit(CANARY, p => { p.runConfig.activeTracing = true; }) },
    { name: "database-tasks function publishes ExpertConnect/Maintenance (METRICS_NAMESPACE) an alarm reads, without PutMetricData", change: all(functionEnv("METRICS_NAMESPACE", "ExpertConnect/Maintenance"), freshnessAlarm) },
    { name: "database-tasks function's PutMetricData confined to another namespace than the one it publishes", change: all(functionEnv("METRICS_NAMESPACE", "ExpertConnect/Maintenance"), functionGrant(putMetrics("ExpertConnect/Maint")), freshnessAlarm) },
    { name: "database-tasks function granted PutMetricData for its namespace and denied it by a later statement", change: all(functionGrant(putMetrics("ExpertConnect/Maintenance"), { Effect: "Deny", Action: "cloudwatch:*", Resource: "*" }), freshnessAlarm) },
    { name: "backend publishes ExpertConnect/Business (CLOUDWATCH_NAMESPACE) that an alarm reads; its task role may not", change: all(backendEnv("CLOUDWATCH_NAMESPACE", "ExpertConnect/Business"), alarmOn("expertconnect-bookings-low", "ExpertConnect/Business", "BookingsCreated")) },
    // RDS Enhanced Monitoring publishes the OS metrics with the instance's monitoring role.
    { name: "the database monitoring role's managed policy detached", change: remove("aws:iam/rolePolicyAttachment:RolePolicyAttachment", named("database-monitoring-policy")) },
    { stack: "dr", name: "dr: the database monitoring role's managed policy detached", change: remove("aws:iam/rolePolicyAttachment:RolePolicyAttachment", named("database-monitoring-policy")) },
    {
        name: "an explicit Deny of CloudWatch Logs writes on the database monitoring role",
        change: add(ROLE_POLICY, "database-monitoring-deny", { role: "database-monitoring-c992062", policy: doc({ Effect: "Deny", Action: ["logs:PutLogEvents", "logs:CreateLogStream"], Resource: "*" }) }),
    },
];

const compliant: Case[] = [
    {
        name: "the database monitoring role's managed policy replaced by an inline policy granting RDSOSMetrics only",
        change: all(remove("aws:iam/rolePolicyAttachment:RolePolicyAttachment", named("database-monitoring-policy")), add(ROLE_POLICY, "database-monitoring-inline", {
            role: "database-monitoring-c992062", policy: doc(
                { Effect: "Allow", Action: ["logs:CreateLogGroup", "logs:PutRetentionPolicy"], Resource: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:RDSOSMetrics` },
                { Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:RDSOSMetrics:log-stream:*` }),
        })),
    },
    { name: "canary's PutMetricData condition written with StringLike CloudWatchSynth*", change: withSid("PublishCanaryMetrics", s => ({ ...s, Condition: { StringLike: { "cloudwatch:namespace": "CloudWatchSynth*" } } })) },
    { name: "canary role denies PutMetricData in every namespace but CloudWatchSynthetics", change: plus({ Sid: "OnlySynthetics", Effect: "Deny", Action: "cloudwatch:PutMetricData", Resource: "*", Condition: { StringNotEquals: { "cloudwatch:namespace": "CloudWatchSynthetics" } } }) },
    { name: "canary metrics grant moved into a second inline policy of the role", change: all(without("PublishCanaryMetrics"), add(ROLE_POLICY, "synthetic-check-metrics", {
        role: "synthetic-check-role-e49cf65", name: "metrics", policy: doc({ Effect: "Allow", Action: "cloudwatch:PutMetricData", Resource: "*", Condition: { StringEquals: { "cloudwatch:namespace": "CloudWatchSynthetics" } } }),
    })) },
    { name: "permissions boundary on the canary role that allows what it does on every run", change: boundary({ Effect: "Allow", Action: [...CANARY_WORK, "cloudwatch:PutMetricData"], Resource: "*" }) },
    { name: "canary traces with X-Ray and its role may send the segments", change: all(edit(CANARY, p => { p.runConfig.activeTracing = true; }), plus({ Sid: "Traces", Effect: "Allow", Action: "xray:PutTraceSegments", Resource: "*" })) },
    { name: "database-tasks function publishes ExpertConnect/Maintenance with a PutMetricData grant for it", change: all(functionEnv("METRICS_NAMESPACE", "ExpertConnect/Maintenance"), functionGrant(putMetrics("ExpertConnect/Maintenance")), freshnessAlarm) },
    { name: "database-tasks function reports through Powertools' embedded metric format (its logs), no PutMetricData", change: all(functionEnv("POWERTOOLS_METRICS_NAMESPACE", "ExpertConnect/Maintenance"), freshnessAlarm) },
];

suite("class 3: what produces an alarmed signal may produce it", violations, compliant);
