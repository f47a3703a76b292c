/** Class 9: a child alarm silenced on purpose because a composite alarm with actions reads it stays allowed. */
import { ACCOUNT, add, all, Case, suite, tags } from "./support";

const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const COMPOSITE = "aws:cloudwatch/compositeAlarm:CompositeAlarm";
const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:expertconnect-alarms`;
const LB = "app/expertconnect-prod-alb/355b586e7f4e1f26";
const child = (extra: object = {}) => add(ALARM, "alb-requests-low", {
    name: "expertconnect-alb-requests-low", namespace: "AWS/ApplicationELB", metricName: "RequestCount", statistic: "Sum", period: 300, evaluationPeriods: 3,
    datapointsToAlarm: 3, threshold: 10, comparisonOperator: "LessThanThreshold", treatMissingData: "breaching", dimensions: { LoadBalancer: LB }, tags: tags("monitoring"), ...extra,
});
const composite = (rule: string, extra: object = {}) => add(COMPOSITE, "traffic-drop", {
    alarmName: "expertconnect-traffic-drop", alarmRule: rule, alarmActions: [TOPIC], okActions: [TOPIC], actionsEnabled: true, tags: tags("monitoring"), ...extra,
});
const RULE = 'ALARM("expertconnect-alb-requests-low") AND ALARM("expertconnect-synthetic-check-failed")';

const violations: Case[] = [
    { name: "silent child whose composite has its actions disabled", change: all(child({ actionsEnabled: false }), composite(RULE, { actionsEnabled: false })) },
    { name: "silent child the composite does not read", change: all(child({ actionsEnabled: false }), composite('ALARM("expertconnect-synthetic-check-failed")')) },
    { name: "silent alarm and no composite at all", change: child({ actionsEnabled: false }) },
];

const compliant: Case[] = [
    { name: "child alarm without actions feeding a composite alarm that notifies", change: all(child({ actionsEnabled: false }), composite(RULE)) },
    { name: "child with actions enabled but none, read by a composite", change: all(child(), composite(`${RULE} OR INSUFFICIENT_DATA("expertconnect-alb-requests-low")`)) },
];

suite("adversarial class 9: silent children of composite alarms", violations, compliant);
