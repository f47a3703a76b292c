/**
 * The application's signals, the synthetic check, image scanning and cost anomaly alerts as the
 * whole program registers them (offline engine): prod, dr in standby and dr promoted.
 */
import { expect } from "chai";
import { CANARY_HANDLER, CANARY_RUNTIME } from "../../../components/monitoring/canary/settings";
import { SAVED_QUERIES } from "../../../components/monitoring/signals/queries";
import { ExportedResource, StackPreview, exportedResources, stackPreviewAsync } from "../../support/stackPreview";

type Resource = ExportedResource & { id?: string };

/** A shared preview's resources, once it exited 0. */
function resourcesOf(run: StackPreview): Resource[] {
    expect(run.code, `${run.stdout}\n${run.stderr}`).to.equal(0);
    return exportedResources(run);
}

const own = (resources: Resource[], stack: string) => resources.filter((r) => r.urn.startsWith(`urn:pulumi:${stack}::`));
const ofType = (resources: Resource[], type: string) => resources.filter((r) => r.type === type);
/** The main alarm topic (prod also holds one in the recovery region, for the alarms that live there). */
const alarmTopic = (resources: Resource[]) => {
    const found = ofType(resources, "aws:sns/topic:Topic").filter((t) => t.inputs.name === "expertconnect-alarms");
    expect(found, "expertconnect-alarms").to.have.length(1);
    return found[0];
};
const one = (resources: Resource[], type: string) => {
    const found = ofType(resources, type);
    expect(found, type).to.have.length(1);
    return found[0];
};

describe("application signals and synthetic check in the stacks (offline preview)", function () {
    this.timeout(300_000);
    let prod: Resource[];
    let standby: Resource[];
    let promoted: Resource[];
    // The previews other tests share: prod, dr as committed (standby), and dr promoted reading prod's export.
    before(async () => {
        const [prodRun, standbyRun] = await Promise.all([stackPreviewAsync("prod"), stackPreviewAsync("dr")]);
        prod = own(resourcesOf(prodRun), "prod");
        standby = own(resourcesOf(standbyRun), "dr");
        promoted = own(resourcesOf(await stackPreviewAsync("dr", { config: ["expertconnect:dr.phase=promote"], previous: [prodRun.deployment!] })), "dr");
    });

    describe("prod", () => {
        it("saves every routine query under expertconnect-prod/, reading the stack's own log groups", () => {
            const queries = ofType(prod, "aws:cloudwatch/queryDefinition:QueryDefinition");
            expect(queries.map((q) => q.inputs.name)).to.have.members(SAVED_QUERIES.map((q) => `expertconnect-prod/${q.path}`));
            const groups = new Set(ofType(prod, "aws:cloudwatch/logGroup:LogGroup").map((g) => g.inputs.name));
            for (const q of queries) {
                for (const g of q.inputs.logGroupNames) {
                    expect(groups.has(g), `${q.inputs.name} reads ${g}`).to.equal(true);
                }
            }
            const slow = queries.find((q) => q.inputs.name === "expertconnect-prod/weekly/db-slow-queries")!;
            expect(slow.inputs.logGroupNames).to.deep.equal(["/aws/rds/instance/expertconnect-prod-db/postgresql"]);
        });

        it("filters the backend's log group, which the backend's containers write to", () => {
            const filters = ofType(prod, "aws:cloudwatch/logMetricFilter:LogMetricFilter").filter((f) => f.inputs.metricTransformation.namespace === "ExpertConnect");
            expect(filters).to.have.length.greaterThan(0);
            const backend = ofType(prod, "aws:ecs/taskDefinition:TaskDefinition").map((td) => JSON.parse(td.inputs.containerDefinitions)[0]).find((c) => c.name === "backend");
            for (const f of filters) {
                expect(f.inputs.logGroupName).to.equal(backend.logConfiguration.options["awslogs-group"]);
            }
        });

        it("runs the canary on the current runtime, artifacts encrypted with a stack key into the stack's private bucket", () => {
            const canary = one(prod, "aws:synthetics/canary:Canary");
            expect(canary.inputs).to.deep.include({ name: "expertconnect-prod", runtimeVersion: CANARY_RUNTIME, handler: CANARY_HANDLER, startCanary: true });
            expect(canary.inputs.schedule.expression).to.equal("rate(5 minutes)");
            expect(canary.inputs.vpcConfig).to.equal(undefined);
            const keys = ofType(prod, "aws:kms/key:Key").map((k) => k.outputs.arn);
            expect(canary.inputs.artifactConfig.s3Encryption.encryptionMode).to.equal("SSE_KMS");
            expect(keys).to.include(canary.inputs.artifactConfig.s3Encryption.kmsKeyArn);
            const bucketName = /^s3:\/\/([^/]+)\//.exec(canary.inputs.artifactS3Location)![1];
            const bucket = ofType(prod, "aws:s3/bucket:Bucket").find((b) => b.inputs.bucket === bucketName)!;
            const block = ofType(prod, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").find((b) => b.inputs.bucket === bucket.id)!;
            expect(block.inputs).to.deep.include({ blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
            expect(canary.inputs.s3Bucket).to.equal(bucketName);
            expect(canary.inputs.runConfig.environmentVariables).to.deep.equal({
                SITE_URL: "https://prod.app.expertconnect.example/", HEALTH_PATH: "/api/health/", VIDEO_CHECK_PATH: "/api/health/video/", IGNORE_CERTIFICATE_NAME: "false",
            });
        });

        it("gives the canary's function a log group with retention, and its role no way to create another", () => {
            const canary = one(prod, "aws:synthetics/canary:Canary");
            const fn = canary.outputs.engineArn.split(":")[6];
            const group = ofType(prod, "aws:cloudwatch/logGroup:LogGroup").find((g) => g.inputs.name === `/aws/lambda/${fn}`)!;
            expect(group.inputs.retentionInDays).to.equal(90);
            const role = ofType(prod, "aws:iam/rolePolicy:RolePolicy").find((p) => p.urn.endsWith("synthetic-check-role-policy"))!;
            const actions = JSON.parse(role.inputs.policy).Statement.flatMap((s: any) => [s.Action].flat());
            expect(actions).to.not.include("logs:CreateLogGroup");
            expect(actions).to.include.members(["logs:PutLogEvents", "s3:PutObject"]);
        });

        it("pages on two failed runs of three, through the alarm topic", () => {
            const topic = alarmTopic(prod).outputs.arn;
            const alarm = ofType(prod, "aws:cloudwatch/metricAlarm:MetricAlarm").find((a) => a.inputs.namespace === "CloudWatchSynthetics")!;
            expect(alarm.inputs).to.deep.include({ metricName: "SuccessPercent", threshold: 100, treatMissingData: "breaching", datapointsToAlarm: 2, evaluationPeriods: 3 });
            expect(alarm.inputs.dimensions).to.deep.equal({ CanaryName: "expertconnect-prod" });
            expect(alarm.inputs.alarmActions).to.deep.equal([topic]);
        });

        it("scans images with Inspector continuously and routes high and critical findings to the topic", () => {
            const scanning = one(prod, "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration");
            expect(scanning.inputs.scanType).to.equal("ENHANCED");
            expect(scanning.inputs.rules).to.deep.equal([{ scanFrequency: "CONTINUOUS_SCAN", repositoryFilters: [{ filter: "expertconnect-*", filterType: "WILDCARD" }] }]);
            const rule = ofType(prod, "aws:cloudwatch/eventRule:EventRule").find((r) => r.inputs.name === "expertconnect-image-vulnerability-found")!;
            expect(JSON.parse(rule.inputs.eventPattern).detail.severity).to.deep.equal(["HIGH", "CRITICAL"]);
            const target = ofType(prod, "aws:cloudwatch/eventTarget:EventTarget").find((t) => t.inputs.rule === rule.inputs.name)!;
            expect(target.inputs.arn).to.equal(alarmTopic(prod).outputs.arn);
        });

        it("alerts the topic, which lets Cost Anomaly Detection publish, about cost anomalies of 100 USD or more", () => {
            const topic = alarmTopic(prod).outputs.arn;
            const subscription = one(prod, "aws:costexplorer/anomalySubscription:AnomalySubscription");
            expect(subscription.inputs.subscribers).to.deep.equal([{ type: "SNS", address: topic }]);
            expect(subscription.inputs.frequency).to.equal("IMMEDIATE");
            expect(subscription.inputs.monitorArnLists).to.deep.equal([one(prod, "aws:costexplorer/anomalyMonitor:AnomalyMonitor").outputs.arn]);
            expect(subscription.inputs.thresholdExpression.dimension.values).to.deep.equal(["100"]);
            const policy = JSON.parse(ofType(prod, "aws:sns/topicPolicy:TopicPolicy").find((p) => p.inputs.arn === topic)!.inputs.policy);
            expect(policy.Statement.some((s: any) => [s.Principal?.Service].flat().includes("costalerts.amazonaws.com") && s.Action === "sns:Publish")).to.equal(true);
        });

        it("shows the application's and the canary's metrics and alarms on the dashboard", () => {
            const body = JSON.parse(one(prod, "aws:cloudwatch/dashboard:Dashboard").inputs.dashboardBody);
            const metrics = body.widgets.flatMap((w: any) => w.properties.metrics ?? []).map((m: any[]) => `${m[0]}/${m[1]}`);
            expect(metrics).to.include.members(["ExpertConnect/ActiveUsers", "ExpertConnect/CreditTransactionsFailed", "ExpertConnect/VideoSessionsFailed", "CloudWatchSynthetics/SuccessPercent"]);
            const shown = body.widgets.find((w: any) => w.type === "alarm").properties.alarms;
            const added = ofType(prod, "aws:cloudwatch/metricAlarm:MetricAlarm")
                .filter((a) => a.inputs.namespace === "CloudWatchSynthetics" || a.inputs.namespace === "ExpertConnect" || a.inputs.metricQueries?.some((q: any) => q.metric?.namespace === "ExpertConnect"));
            expect(added).to.have.length(4);
            expect(shown).to.include.members(added.map((a) => a.outputs.arn));
        });
    });

    describe("dr", () => {
        it("in standby has the application's signals and keeps the canary's artifacts, but runs no canary (pilot light serves nobody), no scanning, no cost monitor", () => {
            expect(ofType(standby, "aws:cloudwatch/queryDefinition:QueryDefinition").map((q) => q.inputs.name)).to.include("expertconnect-dr/daily/errors-by-service");
            expect(ofType(standby, "aws:synthetics/canary:Canary")).to.deep.equal([]);
            expect(ofType(standby, "aws:cloudwatch/metricAlarm:MetricAlarm").filter((a) => a.inputs.namespace === "CloudWatchSynthetics")).to.deep.equal([]);
            // The artifacts of past runs stay, protected, so moving between phases deletes nothing protected.
            const bucket = ofType(standby, "aws:s3/bucket:Bucket").find((b) => b.inputs.bucket === "expertconnect-dr-canary-artifacts-123456789012")!;
            expect((bucket as any).protect).to.equal(true);
            expect(ofType(standby, "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration")).to.deep.equal([]);
            expect(ofType(standby, "aws:costexplorer/anomalyMonitor:AnomalyMonitor")).to.deep.equal([]);
        });

        it("once promoted runs its own canary against its own regional name", () => {
            const canary = one(promoted, "aws:synthetics/canary:Canary");
            expect(canary.inputs.name).to.equal("expertconnect-dr");
            expect(canary.inputs.runConfig.environmentVariables.SITE_URL).to.equal("https://dr.app.expertconnect.example/");
            expect(canary.inputs.artifactS3Location).to.match(/^s3:\/\/expertconnect-dr-canary-artifacts-123456789012\/canary\/$/);
        });
    });
});
