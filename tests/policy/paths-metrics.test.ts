/**
 * Path verification (policy/paths/metricProducers.ts, serviceRoles.ts): whoever produces a
 * signal the stack alarms on may produce it. The canary's execution role must be allowed what
 * Synthetics does as it on every run (policy/lib/facts/metricProducers.ts: PutMetricData in
 * CloudWatchSynthetics, its artifacts, its log group, X-Ray when tracing); a function or task
 * publishing a custom namespace an alarm or dashboard reads must be allowed PutMetricData there.
 * One case per way the request is refused, as IAM decides it.
 */
import { expect } from "chai";

import { managedMayGrant } from "../../policy/iam/managed";
import { Change, find, PathRow, pathTable } from "./support/pathsFixture";

const ACCOUNT = "123456789012";
const ROLE = `arn:aws:iam::${ACCOUNT}:role/synthetic-check-role-e49cf65`;
const BUCKET = `expertconnect-prod-canary-artifacts-${ACCOUNT}`;
const ARTIFACTS_KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/b13ae5cd-7157-4369-aa39-2890b6efe0df`;
const LOGS_KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/ad7e477b-441e-4538-a1e7-02e65ceaf667`;
const T = { rolePolicy: "aws:iam/rolePolicy:RolePolicy", role: "aws:iam/role:Role", fn: "aws:lambda/function:Function", alarm: "aws:cloudwatch/metricAlarm:MetricAlarm" };

/** The prod canary as the stack deploys it (the fixture holds its role, bucket, key and log group). */
const CANARY = {
    name: "expertconnect-prod", arn: `arn:aws:synthetics:us-east-1:${ACCOUNT}:canary:expertconnect-prod`, executionRoleArn: ROLE,
    engineArn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:cwsyn-expertconnect-prod-0960ab6f-5ffb-8bf5-9404-f91736624a28:3`,
    artifactS3Location: `s3://${BUCKET}/canary/`, artifactConfig: { s3Encryption: { encryptionMode: "SSE_KMS", kmsKeyArn: ARTIFACTS_KEY } },
    runConfig: { timeoutInSeconds: 120 } as { timeoutInSeconds: number; activeTracing?: boolean },
};

const withCanary = (edit: (c: typeof CANARY & Record<string, any>) => void = () => undefined): Change => (e) => {
    const outputs = structuredClone(CANARY) as typeof CANARY & Record<string, any>;
    edit(outputs);
    const prefix = e.deployment.resources[0].urn.split("::").slice(0, 2).join("::");
    e.deployment.resources.push({ urn: `${prefix}::aws:synthetics/canary:Canary::synthetic-check`, type: "aws:synthetics/canary:Canary", outputs });
};
const canaryStatements = (fn: (sts: any[]) => any[]): Change => (e) => {
    const r = find(e, T.rolePolicy, "synthetic-check-role-policy");
    const d = JSON.parse(r.outputs.policy);
    d.Statement = fn(d.Statement);
    r.outputs.policy = JSON.stringify(d);
};
const sid = (id: string, fn: (s: any) => any) => canaryStatements((sts) => sts.map((s) => (s.Sid === id ? fn({ ...s }) : s)));
const all = (...changes: Change[]): Change => (e) => changes.forEach((c) => c(e));

/** An alarm on a custom metric, and the database-tasks function naming its namespace. */
const NS = "ExpertConnect/Maintenance";
const alarmOn = (namespace: string): Change => (e) => {
    const template = find(e, T.alarm, "synthetic-check-alarm");
    e.deployment.resources.push({ ...structuredClone(template), urn: template.urn.replace("synthetic-check-alarm", "freshness-alarm"),
        outputs: { ...structuredClone(template.outputs), name: "freshness", namespace, metricName: "HoursSinceLastLogin", dimensions: {}, arn: `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:freshness` } });
};
/** A dashboard whose widget graphs a custom metric. */
const dashboardOn = (namespace: string): Change => (e) => {
    const prefix = e.deployment.resources[0].urn.split("::").slice(0, 2).join("::");
    const body = { widgets: [{ type: "metric", properties: { region: "us-east-1", metrics: [[namespace, "HoursSinceLastLogin"]] } }] };
    e.deployment.resources.push({ urn: `${prefix}::aws:cloudwatch/dashboard:Dashboard::maintenance`, type: "aws:cloudwatch/dashboard:Dashboard", outputs: { dashboardName: "maintenance", dashboardBody: JSON.stringify(body) } });
};
const fnEnv = (name: string, value: string): Change => (e) => { find(e, T.fn, "database-tasks-function").outputs.environment.variables[name] = value; };
const fnGrant = (...statements: object[]): Change => (e) => {
    const r = find(e, T.rolePolicy, "database-tasks-policy");
    const d = JSON.parse(r.outputs.policy);
    d.Statement.push(...statements);
    r.outputs.policy = JSON.stringify(d);
};
const putIn = (namespace: string) => ({ Effect: "Allow", Action: "cloudwatch:PutMetricData", Resource: "*", Condition: { StringEquals: { "cloudwatch:namespace": namespace } } });

const CANARY_ROLE = /aws:iam\/role:Role synthetic-check-role$/;
const METRICS = /canary expertconnect-prod publishes its metrics in CloudWatchSynthetics/;
const LOGS = /canary expertconnect-prod writes its logs to \/aws\/lambda\/cwsyn-expertconnect-prod-0960ab6f/;
const ARTIFACTS = /canary expertconnect-prod stores its artifacts/;

const ROWS: PathRow[] = [
    { name: "the canary as the program builds it", change: withCanary() },
    { name: "the canary's metrics grant written with StringLike", change: all(withCanary(), sid("PublishCanaryMetrics", (s) => ({ ...s, Condition: { StringLike: { "cloudwatch:namespace": "CloudWatch*" } } }))) },
    { name: "the canary role denying every other namespace", change: all(withCanary(), canaryStatements((sts) => [...sts, { Effect: "Deny", Action: "cloudwatch:PutMetricData", Resource: "*", Condition: { StringNotEquals: { "cloudwatch:namespace": "CloudWatchSynthetics" } } }])) },
    { name: "the canary's role without PutMetricData", change: all(withCanary(), canaryStatements((sts) => sts.filter((s) => s.Sid !== "PublishCanaryMetrics"))),
        broken: { path: METRICS, missing: /cloudwatch:PutMetricData on \* with cloudwatch:namespace CloudWatchSynthetics .* in its policies/, resource: CANARY_ROLE } },
    { name: "the canary's PutMetricData for another namespace", change: all(withCanary(), sid("PublishCanaryMetrics", (s) => ({ ...s, Condition: { StringEquals: { "cloudwatch:namespace": "ExpertConnect" } } }))),
        broken: { path: METRICS, missing: /cloudwatch:namespace CloudWatchSynthetics/, resource: CANARY_ROLE } },
    { name: "an explicit Deny of PutMetricData on the canary's role", change: all(withCanary(), canaryStatements((sts) => [...sts, { Effect: "Deny", Action: "cloudwatch:Put*", Resource: "*" }])),
        broken: { path: METRICS, missing: /an explicit Deny refuses it/, resource: CANARY_ROLE } },
    { name: "the canary's role without ListAllMyBuckets", change: all(withCanary(), canaryStatements((sts) => sts.filter((s) => s.Sid !== "SyntheticsListsBuckets"))),
        broken: { path: ARTIFACTS, missing: /s3:ListAllMyBuckets on \*/, resource: CANARY_ROLE } },
    { name: "the canary's artifacts key not granted", change: all(withCanary(), sid("EncryptArtifacts", (s) => ({ ...s, Resource: LOGS_KEY }))),
        broken: { path: ARTIFACTS, missing: /kms:GenerateDataKey .*to encrypt the artifacts/, resource: CANARY_ROLE } },
    { name: "the canary's log grant on another group", change: all(withCanary(), sid("WriteOwnLogs", (s) => ({ ...s, Resource: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/synthetics/*` }))),
        broken: { path: LOGS, missing: /logs:CreateLogStream/, resource: CANARY_ROLE } },
    { name: "the canary's log group not in the stack: the role must create it", change: all(withCanary((c) => { c.engineArn = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:cwsyn-expertconnect-prod-11111111-2222-3333-4444-555555555555:1`; })),
        broken: { path: /canary expertconnect-prod writes its logs to \/aws\/lambda\/cwsyn-expertconnect-prod-11111111/, missing: /logs:CreateLogGroup/, resource: CANARY_ROLE } },
    { name: "the canary tracing without xray:PutTraceSegments", change: withCanary((c) => { c.runConfig = { ...c.runConfig, activeTracing: true }; }),
        broken: { path: /canary expertconnect-prod sends its traces to X-Ray/, missing: /xray:PutTraceSegments/, resource: CANARY_ROLE } },
    { name: "a function publishing the namespace an alarm reads, granted it", change: all(alarmOn(NS), fnEnv("METRICS_NAMESPACE", NS), fnGrant(putIn(NS))) },
    { name: "a function publishing through the embedded metric format (its logs)", change: all(alarmOn(NS), fnEnv("POWERTOOLS_METRICS_NAMESPACE", NS)) },
    { name: "a namespace an alarm reads that no workload names", change: alarmOn(NS) },
    { name: "a function publishing the namespace an alarm reads without PutMetricData", change: all(alarmOn(NS), fnEnv("METRICS_NAMESPACE", NS)),
        broken: { path: /function expertconnect-prod-db-tasks publishes the ExpertConnect\/Maintenance metrics alarm freshness reads/, missing: /cloudwatch:PutMetricData .* in its policies \(the function's role\)/, resource: /database-tasks-role$/ } },
    { name: "a function publishing the namespace a dashboard graphs without PutMetricData", change: all(dashboardOn(NS), fnEnv("METRICS_NAMESPACE", NS)),
        broken: { path: /function expertconnect-prod-db-tasks publishes the ExpertConnect\/Maintenance metrics dashboard maintenance reads/, missing: /cloudwatch:PutMetricData/, resource: /database-tasks-role$/ } },
    { name: "a function granted PutMetricData for the namespace and denied it", change: all(alarmOn(NS), fnGrant(putIn(NS), { Effect: "Deny", Action: "cloudwatch:PutMetricData", Resource: "*" })),
        broken: { path: /function expertconnect-prod-db-tasks publishes the ExpertConnect\/Maintenance/, missing: /explicit Deny/, resource: /database-tasks-role$/ } },
];

pathTable("path verification: whoever produces an alarmed signal may produce it", ROWS);

describe("AWS managed policies that cannot grant an action", () => {
    const rows: Array<[string, string, boolean]> = [
        ["arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole", "cloudwatch:PutMetricData", false],
        ["arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole", "logs:PutLogEvents", true],
        ["arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy", "cloudwatch:PutMetricData", false],
        ["arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy", "cloudwatch:PutMetricData", true],
    ];
    for (const [arn, action, may] of rows) it(`${arn.split("/").pop()} ${may ? "may" : "cannot"} grant ${action}`, () => expect(managedMayGrant(arn, action)).to.equal(may));
});
