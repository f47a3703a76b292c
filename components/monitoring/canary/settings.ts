import { policyDocument } from "../../../lib/iam";
import type { AlarmDefinition } from "../alarms/definition";
import { SYNTHETICS_NAMESPACE } from "../../../policy/lib/facts/metricProducers";

/**
 * Synthetics runtime of the canary: the newest Node.js Playwright runtime when this was written
 * (Lambda Node.js 22, Playwright 1.61). AWS deprecates runtimes on a published schedule; the
 * policy pack's `synthetics-canary` policy refuses deprecated ones, so a bump is a one-line change here.
 */
export const CANARY_RUNTIME = "syn-nodejs-playwright-8.0";
/** The script's file (at the root of the code archive) and its exported function. */
export const CANARY_HANDLER = "siteCheck.handler";

/** Canary names: lowercase letters, digits, `-` and `_`, at most 21 characters (the console's limit). */
const CANARY_NAME = /^[0-9a-z_-]{1,21}$/;

/** The canary's name: `expertconnect-prod`. */
export function canaryName(project: string, environment: string): string {
    const name = `${project}-${environment}`;
    if (!CANARY_NAME.test(name)) {
        throw new Error(`canary name ${JSON.stringify(name)}: allowed: 1-21 of a-z, 0-9, - and _ (shorten the project or environment name)`);
    }
    return name;
}

/** The schedule expression for a run every `minutes` minutes (1–60). */
export function canarySchedule(minutes: number): string {
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > 60) {
        throw new Error(`monitoring.canary.everyMinutes ${minutes}: allowed: a whole number from 1 to 60`);
    }
    return minutes === 1 ? "rate(1 minute)" : `rate(${minutes} minutes)`;
}

/** The Lambda function Synthetics creates runs as `cwsyn-<name>-<id>`; its log group is `/aws/lambda/<function>`. */
export function canaryLogGroupPrefix(name: string): string {
    return `/aws/lambda/cwsyn-${name}-`;
}

/** The function name in the canary's `engineArn` (`arn:aws:lambda:…:function:<name>:<version>`). */
export function functionNameOf(engineArn: string): string {
    const parts = engineArn.split(":");
    if (parts[5] !== "function" || !parts[6]) {
        throw new Error(`canary engineArn ${JSON.stringify(engineArn)} is not a Lambda function ARN`);
    }
    return parts[6];
}

/** What the execution role's policy names. */
export interface CanaryPolicyInputs {
    region: string;
    accountId: string;
    canaryName: string;
    bucketArn: string;
    keyArn: string;
}

/**
 * The canary's execution role: write its artifacts (under `canary/`) with the artifacts key,
 * write to its own log group (created by the stack with a retention, so no CreateLogGroup),
 * and publish to the CloudWatchSynthetics namespace only. ListAllMyBuckets and GetBucketLocation
 * are what the Synthetics runtime calls before uploading. What Synthetics does as this role on
 * every run is stated in policy/lib/facts/metricProducers.ts (CANARY_RUN_REQUESTS), and
 * paths-verified asks each request of the role as AWS decides it.
 */
export function canaryRolePolicy(p: CanaryPolicyInputs): string {
    return policyDocument([
        { Sid: "PutArtifacts", Effect: "Allow", Action: "s3:PutObject", Resource: `${p.bucketArn}/canary/*` },
        { Sid: "LocateArtifactsBucket", Effect: "Allow", Action: "s3:GetBucketLocation", Resource: p.bucketArn },
        { Sid: "SyntheticsListsBuckets", Effect: "Allow", Action: "s3:ListAllMyBuckets", Resource: "*" },
        { Sid: "EncryptArtifacts", Effect: "Allow", Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: p.keyArn },
        {
            Sid: "WriteOwnLogs",
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resource: `arn:aws:logs:${p.region}:${p.accountId}:log-group:${canaryLogGroupPrefix(p.canaryName)}*`,
        },
        {
            Sid: "PublishCanaryMetrics",
            Effect: "Allow",
            Action: "cloudwatch:PutMetricData",
            Resource: "*",
            Condition: { StringEquals: { "cloudwatch:namespace": SYNTHETICS_NAMESPACE } },
        },
    ]);
}

/**
 * The canary's alarm: two failed runs of the last three page. A period without a run (canary
 * stopped or deleted by hand) is breaching: a check that no longer runs must not look green.
 */
export function canaryAlarm(project: string, name: string, everyMinutes: number): AlarmDefinition {
    return {
        name: `${project}-synthetic-check-failed`,
        description: `The synthetic check ${name} (public site, API health, video path) failed in two of its last three runs, or stopped running.`,
        metric: { namespace: SYNTHETICS_NAMESPACE, metricName: "SuccessPercent", dimensions: { CanaryName: name }, statistic: "Average" },
        window: { period: Math.max(60, everyMinutes * 60), evaluationPeriods: 3, datapointsToAlarm: 2 },
        threshold: 100,
        comparison: "LessThanThreshold",
        treatMissingData: "breaching",
    };
}
