/** Class 3: cost signals gone or blunted (budget, anomaly alerts), and a canary that stops itself. */
import { ACCOUNT, Case, drift, edit, remove, suite } from "./support";

const BUDGET = "aws:budgets/budget:Budget";
const ANOMALY = "aws:costexplorer/anomalySubscription:AnomalySubscription";
const CANARY = "aws:synthetics/canary:Canary";
const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:expertconnect-alarms`;

const violations: Case[] = [
    { name: "monthly budget deleted", change: remove(BUDGET) },
    { name: "budget notifications removed", change: drift(BUDGET, p => { p.notifications = []; }) },
    { name: "budget limit 1,000,000 USD", change: edit(BUDGET, p => { p.limitAmount = "1000000.00"; }) },
    { name: "budget filtered to a tag value nothing carries", change: edit(BUDGET, p => { p.costFilters = [{ name: "TagKeyValue", values: ["user:Environment$production"] }]; }) },
    { stack: "dr", name: "dr budget filtered to prod's tag", change: edit(BUDGET, p => { p.costFilters = [{ name: "TagKeyValue", values: ["user:Environment$prod"] }]; }) },
    { name: "cost anomaly subscription deleted", change: remove(ANOMALY) },
    { name: "cost anomaly monitor deleted", change: remove("aws:costexplorer/anomalyMonitor:AnomalyMonitor") },
    { name: "cost anomaly threshold 1,000,000 USD", change: edit(ANOMALY, p => { p.thresholdExpression.dimension.values = ["1000000"]; }) },
    { name: "canary runs once (rate(0 minute))", change: edit(CANARY, p => { p.schedule.expression = "rate(0 minute)"; }) },
    { name: "canary stops after an hour (durationInSeconds)", change: edit(CANARY, p => { p.schedule.durationInSeconds = 3600; }) },
];

const compliant: Case[] = [
    { name: "budget raised 3000 -> 3500", change: edit(BUDGET, p => { p.limitAmount = "3500.00"; }) },
    { name: "extra budget notification at 50%", change: edit(BUDGET, p => { p.notifications.push({ comparisonOperator: "GREATER_THAN", notificationType: "ACTUAL", subscriberSnsTopicArns: [TOPIC], threshold: 50, thresholdType: "PERCENTAGE" }); }) },
    { name: "cost anomaly threshold stricter (50 USD)", change: edit(ANOMALY, p => { p.thresholdExpression.dimension.values = ["50"]; }) },
    { name: "canary every minute", change: edit(CANARY, p => { p.schedule.expression = "rate(1 minute)"; }) },
];

suite("adversarial class 3: cost signals and a canary that stops itself", violations, compliant);
