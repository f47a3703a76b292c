import { PolicyResource } from "@pulumi/policy";

import { stackPolicy } from "../lib/define";
import { known, knownDeep, knownString, ofType, regionOfArn } from "../lib/stack";
import { METRIC_ALARM } from "../lib/tokens";
import { alarmMetrics, resolutionOf } from "./metricData";
import { windowProblem } from "./metrics";
import { signalTimingProblems, timedAlarm } from "./signalTiming";

/** The guide's alarm setup. */
export const GUIDE_ALARMS = "Monitoring System Health › AWS Deployment Monitoring › Configure CloudWatch Alarms";

const COMPOSITE_ALARM = ["aws:cloudwatch/compositeAlarm:CompositeAlarm"] as const;

/** Alarm names or ARNs a composite alarm's rule reads (`ALARM("name")`, `OK(arn)`, …). */
export function ruleChildren(rule: string): string[] {
    return [...rule.matchAll(/\b(?:ALARM|OK|INSUFFICIENT_DATA)\s*\(\s*"?([^")]+?)"?\s*\)/g)].map(m => m[1].trim());
}

/**
 * The names and ARNs of the alarms that notify through a composite alarm: children of a composite
 * whose actions are enabled and name a target. CloudWatch evaluates a child's state whatever its
 * own actions, so such a child needs none (it is often silenced on purpose, to page only on the
 * combination).
 */
export function notifiedThroughComposites(resources: PolicyResource[]): Set<string> {
    const out = new Set<string>();
    for (const composite of ofType(resources, COMPOSITE_ALARM)) {
        const actions = knownDeep(() => composite.props.alarmActions, []) as unknown[] | undefined;
        const rule = known(() => composite.props.alarmRule);
        if (known(() => composite.props.actionsEnabled, true) === false || !Array.isArray(actions) || actions.length === 0 || typeof rule !== "string") continue;
        ruleChildren(rule).forEach(c => out.add(c));
    }
    return out;
}

/**
 * Actions that tell people: SNS topics, and Systems Manager OpsItems and incidents. EC2 actions
 * (arn:aws:automate:…:ec2:recover|reboot|stop|terminate) act on an instance without telling
 * anyone, and the stack has no instance for them to act on; scaling policies adjust capacity.
 */
const NOTIFYING = /^arn:aws[\w-]*:(sns|ssm|ssm-incidents):/;
const SCALING = /^arn:aws[\w-]*:autoscaling:/;

/** Why an alarm's own actions do not notify anyone (no problem for a composite's child), and region mismatches. */
function actionProblems(props: Record<string, unknown>, composed: boolean): string[] {
    const problems: string[] = [];
    if (!composed && props.actionsEnabled === false) {
        problems.push("actionsEnabled is false.");
    }
    if (!composed && (!Array.isArray(props.alarmActions) || props.alarmActions.length === 0)) {
        problems.push("alarmActions is empty: the alarm would change state silently (unless a composite alarm with actions reads it).");
    }
    // A scaling alarm (only scaling policies) is not a signal for people; any other alarm must notify someone.
    const alarmActions = (Array.isArray(props.alarmActions) ? props.alarmActions : []).filter((a): a is string => typeof a === "string" && a !== "(unknown)");
    if (!composed && alarmActions.length > 0 && !alarmActions.some(a => NOTIFYING.test(a)) && !alarmActions.every(a => SCALING.test(a))) {
        problems.push(`alarmActions (${alarmActions.join(", ")}) names no SNS topic: the action runs but no one is told. Add the expertconnect-alarms topic.`);
    }
    // The alarm's region: its ARN (or v7's per-resource region); unknown during a preview of a new alarm.
    const region = typeof props.region === "string" ? props.region : regionOfArn(typeof props.arn === "string" ? props.arn : undefined);
    const actions = ["alarmActions", "okActions", "insufficientDataActions"].flatMap(k => (Array.isArray(props[k]) ? props[k] : []) as unknown[]);
    for (const action of actions.filter((a): a is string => typeof a === "string" && a.startsWith("arn:aws:sns:"))) {
        const topicRegion = regionOfArn(action);
        if (region !== undefined && topicRegion !== undefined && topicRegion !== region) {
            problems.push(`action ${action} is a topic in ${topicRegion}, not the alarm's region ${region}: CloudWatch cannot notify it (and a regional outage would silence it).`);
        }
    }
    return problems;
}

export const cloudwatchAlarmActions = stackPolicy<{ maximumMinutesToAlarm: number }>({
    name: "cloudwatch-alarm-actions",
    description: "CloudWatch alarms notify someone in time: actions enabled, at least one alarm action and one that tells people (an SNS topic or an SSM OpsItem, unless the alarm only scales), every SNS action in the alarm's own region (CloudWatch notifies only topics of its region), and ALARM reached within maximumMinutesToAlarm of the first breaching datapoint (or one datapoint of a metric AWS publishes less often, policy/lib/facts/awsMetrics.ts: a day for S3's storage metrics); an alarm on one of the stack's signals (policy/lib/facts/alarmSignals.ts: unhealthy hosts, CPU, storage, canary …) reads it with a statistic that sees one bad sample (Maximum for unhealthy hosts, never Minimum) and an evaluation window (period × evaluationPeriods) within the signal's bound; an alarm read by a composite alarm with actions may have no actions of its own.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "medium",
        guideSection: GUIDE_ALARMS,
        fsbpControl: "CloudWatch.15",
        remediationSteps: "Set alarmActions (and okActions) to the expertconnect-alarms topic ARN and leave actionsEnabled on, or have a composite alarm with actions read the alarm; on a signal's alarm use a statistic the message names and a shorter period or fewer evaluation periods.",
    },
    config: {
        maximumMinutesToAlarm: {
            type: "integer", minimum: 5, maximum: 1440, default: 720,
            description: "Most minutes any alarm may take from the first breaching datapoint to ALARM (period × datapoints to alarm; default 720, the longest silence expertconnect:monitoring.appSignals.noSuccessfulCreditMinutes accepts): an alarm that needs a day or a week of data tells no one in time.",
        },
    },
    types: METRIC_ALARM,
    onlyWith: METRIC_ALARM[0],
    validate: (resources, report, { config }) => {
        const composed = notifiedThroughComposites(resources);
        for (const alarm of ofType(resources, METRIC_ALARM)) {
            // Read one by one: an unknown ARN during preview must not hide the known actions.
            const props: Record<string, unknown> = {
                actionsEnabled: known(() => alarm.props.actionsEnabled, true),
                alarmActions: knownDeep(() => alarm.props.alarmActions, ["(unknown)"]),
                okActions: knownDeep(() => alarm.props.okActions, []),
                insufficientDataActions: knownDeep(() => alarm.props.insufficientDataActions, []),
                region: known(() => alarm.props.region),
                arn: known(() => alarm.props.arn),
            };
            const name = knownString(alarm, "name");
            const arn = knownString(alarm, "arn");
            const isChild = (name !== undefined && composed.has(name)) || (arn !== undefined && composed.has(arn));
            for (const problem of actionProblems(props, isChild)) {
                report(`alarm ${name ?? alarm.name}: ${problem}`, alarm.urn);
            }
            // No alarm can fire sooner than one datapoint of what it reads: S3's daily storage metrics allow a day.
            const slowest = Math.max(0, ...alarmMetrics(alarm).map(m => resolutionOf(m, () => undefined)?.seconds ?? 0)) / 60;
            const late = windowProblem(alarm, Math.max(config.maximumMinutesToAlarm, slowest));
            if (late !== undefined) {
                report(`alarm ${name ?? alarm.name}: ${late}; shorten period or datapointsToAlarm/evaluationPeriods.`, alarm.urn);
            }
            for (const problem of signalTimingProblems(timedAlarm(alarm))) {
                report(`alarm ${name ?? alarm.name}: ${problem}. The page would come late or never (policy/lib/facts/alarmSignals.ts).`, alarm.urn);
            }
        }
    },
});
