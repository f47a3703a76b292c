/**
 * Class 3, cost controls that warn too late or take production down: a budget whose ACTUAL or
 * FORECASTED alert fires only above its limit (or is gone), an AUTOMATIC budget action that
 * denies the task roles, stops the database or fences the account, and a cost anomaly monitor
 * narrowed so most of the stack's spend is outside its scope.
 */
import { ACCOUNT, add, Case, drift, edit, suite, tags } from "./support";

const BUDGET = "aws:budgets/budget:Budget";
const ACTION = "aws:budgets/budgetAction:BudgetAction";
const MONITOR = "aws:costexplorer/anomalyMonitor:AnomalyMonitor";
const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:expertconnect-alarms`;
const TOPIC_DR = `arn:aws:sns:us-west-2:${ACCOUNT}:expertconnect-alarms`;

const alerts = (change: (n: any) => void, type?: string) => edit(BUDGET, p => { p.notifications.filter((n: any) => type === undefined || n.notificationType === type).forEach(change); });
const dropType = (type: string) => edit(BUDGET, p => { p.notifications = p.notifications.filter((n: any) => n.notificationType !== type); });

/** A budget action on the stack's budget, AUTOMATIC unless told. */
function action(name: string, actionType: string, definition: object, approvalModel = "AUTOMATIC", stack: "prod" | "dr" = "prod") {
    return add(ACTION, name, {
        budgetName: `expertconnect-${stack}-monthly`, actionType, approvalModel, notificationType: "ACTUAL",
        executionRoleArn: `arn:aws:iam::${ACCOUNT}:role/expertconnect-budget-actions`,
        actionThreshold: { actionThresholdType: "PERCENTAGE", actionThresholdValue: 100 }, definition,
        subscribers: [{ address: stack === "prod" ? TOPIC : TOPIC_DR, subscriptionType: "SNS" }],
        tags: tags("monitoring", stack),
    });
}
const iamPolicy = (policyArn: string, scope: object) => ({ iamActionDefinition: { policyArn, ...scope } });
const DENY_ALL = "arn:aws:iam::aws:policy/AWSDenyAll";
const ssm = (actionSubType: string, instanceIds: string[], region = "us-east-1") => ({ ssmActionDefinition: { actionSubType, instanceIds, region } });
const custom = (spec: object) => edit(MONITOR, p => { p.monitorType = "CUSTOM"; delete p.monitorDimension; p.monitorSpecification = JSON.stringify(spec); });

const violations: Case[] = [
    // Alerts that come after the money is spent.
    { name: "red team: ACTUAL notifications at 800%", change: alerts(n => { n.threshold = 800; }, "ACTUAL") },
    { name: "red team: FORECASTED notification dropped", change: dropType("FORECASTED") },
    { name: "FORECASTED notification at 300%", change: alerts(n => { n.threshold = 300; }, "FORECASTED") },
    { name: "FORECASTED notification as an absolute 9,000 USD", change: alerts(n => { n.thresholdType = "ABSOLUTE_VALUE"; n.threshold = 9000; }, "FORECASTED") },
    { name: "ACTUAL notifications dropped, only the forecast left", change: dropType("ACTUAL") },
    { name: "every notification turned FORECASTED", change: alerts(n => { n.notificationType = "FORECASTED"; }) },
    { name: "the forecast flipped to LESS_THAN", change: alerts(n => { n.comparisonOperator = "LESS_THAN"; }, "FORECASTED") },
    { name: "drift: ACTUAL thresholds raised to 250% in the console", change: drift(BUDGET, p => { p.notifications.filter((n: any) => n.notificationType === "ACTUAL").forEach((n: any) => { n.threshold = 250; }); }) },
    { stack: "dr", name: "dr: FORECASTED notification dropped", change: dropType("FORECASTED") },
    // Automatic actions on what serves production.
    { name: "red team: automatic AWSDenyAll on the backend task role", change: action("cost-budget-deny", "APPLY_IAM_POLICY", iamPolicy(DENY_ALL, { roles: ["backend-roles-task-019c1c0"] })) },
    { name: "red team: automatic stop of the prod database", change: action("cost-budget-stop-db", "RUN_SSM_DOCUMENTS", ssm("STOP_RDS_INSTANCES", ["expertconnect-prod-db"])) },
    { name: "automatic AWSDenyAll on the frontend execution role, by ARN", change: action("cost-budget-deny", "APPLY_IAM_POLICY", iamPolicy(DENY_ALL, { roles: [`arn:aws:iam::${ACCOUNT}:role/frontend-roles-execution-e9d9442`] })) },
    { name: "automatic customer policy from outside the stack on the migration function's role", change: action("cost-budget-freeze", "APPLY_IAM_POLICY", iamPolicy(`arn:aws:iam::${ACCOUNT}:policy/cost-freeze`, { roles: ["database-tasks-role-65f58cf"] })) },
    { name: "automatic stop of the database spelt in capitals", change: action("cost-budget-stop-db", "RUN_SSM_DOCUMENTS", ssm("STOP_RDS_INSTANCES", ["ExpertConnect-Prod-DB"])) },
    { name: "automatic deny-all SCP on the stack's own account", change: action("cost-budget-scp", "APPLY_SCP_POLICY", { scpActionDefinition: { policyId: "p-examplepol1", targetIds: [ACCOUNT] } }) },
    { name: "automatic deny-all SCP on the organization root", change: action("cost-budget-scp", "APPLY_SCP_POLICY", { scpActionDefinition: { policyId: "p-examplepol1", targetIds: ["r-ab12"] } }) },
    { stack: "dr", name: "dr: automatic AWSDenyAll on the dr backend task role", change: action("cost-budget-deny", "APPLY_IAM_POLICY", iamPolicy(DENY_ALL, { roles: ["backend-roles-task-75d8975"] }), "AUTOMATIC", "dr") },
    { stack: "dr", name: "dr: automatic stop of the dr database", change: action("cost-budget-stop-db", "RUN_SSM_DOCUMENTS", ssm("STOP_RDS_INSTANCES", ["expertconnect-dr-db"], "us-west-2"), "AUTOMATIC", "dr") },
    // Anomaly monitors that see part of the spend.
    { name: "red team: anomaly monitor narrowed to EC2 compute", change: custom({ Dimensions: { Key: "SERVICE", Values: ["Amazon Elastic Compute Cloud - Compute"] } }) },
    { name: "anomaly monitor of RDS and ECS only (NAT, logs, load balancer unseen)", change: custom({ Dimensions: { Key: "SERVICE", Values: ["Amazon Relational Database Service", "Amazon Elastic Container Service"] } }) },
    { name: "anomaly monitor excluding CloudWatch", change: custom({ Not: { Dimensions: { Key: "SERVICE", Values: ["AmazonCloudWatch"] } } }) },
    { name: "anomaly monitor on a tag value nothing carries", change: custom({ Tags: { Key: "Environment", Values: ["production"], MatchOptions: ["EQUALS"] } }) },
    { name: "anomaly monitor of the region the stack does not run in", change: custom({ Dimensions: { Key: "REGION", Values: ["us-west-2"] } }) },
];

const compliant: Case[] = [
    { name: "red team: an early 50% ACTUAL notification added", change: edit(BUDGET, p => { p.notifications.push({ ...p.notifications[0], threshold: 50 }); }) },
    { name: "an extra 120% ACTUAL notification beside the 80/100 ones", change: edit(BUDGET, p => { p.notifications.push({ ...p.notifications[0], threshold: 120 }); }) },
    { name: "an earlier FORECASTED alert at 80% added", change: edit(BUDGET, p => { p.notifications.push({ comparisonOperator: "GREATER_THAN", notificationType: "FORECASTED", subscriberSnsTopicArns: [TOPIC], threshold: 80, thresholdType: "PERCENTAGE" }); }) },
    { name: "FORECASTED alert as an absolute 2,800 USD", change: alerts(n => { n.thresholdType = "ABSOLUTE_VALUE"; n.threshold = 2800; }, "FORECASTED") },
    { name: "red team: budget lowered to 2,500 USD", change: edit(BUDGET, p => { p.limitAmount = "2500.00"; }) },
    { name: "MANUAL AWSDenyAll on the backend task role (on-call approves)", change: action("cost-budget-deny", "APPLY_IAM_POLICY", iamPolicy(DENY_ALL, { roles: ["backend-roles-task-019c1c0"] }), "MANUAL") },
    { name: "MANUAL stop of the prod database", change: action("cost-budget-stop-db", "RUN_SSM_DOCUMENTS", ssm("STOP_RDS_INSTANCES", ["expertconnect-prod-db"]), "MANUAL") },
    { name: "automatic AWSDenyAll on a developer sandbox role no workload runs as", change: action("cost-budget-sandbox", "APPLY_IAM_POLICY", iamPolicy(DENY_ALL, { roles: ["expertconnect-sandbox-developers"] })) },
    { name: "automatic stop of a dev EC2 instance outside the stack", change: action("cost-budget-stop-dev", "RUN_SSM_DOCUMENTS", ssm("STOP_EC2_INSTANCES", ["i-0123456789abcdef0"])) },
    { name: "MANUAL deny-all SCP on the stack's account", change: action("cost-budget-scp", "APPLY_SCP_POLICY", { scpActionDefinition: { policyId: "p-examplepol1", targetIds: [ACCOUNT] } }, "MANUAL") },
    { name: "red team: anomaly threshold lowered to 50 USD", change: edit("aws:costexplorer/anomalySubscription:AnomalySubscription", p => { p.thresholdExpression.dimension.values = ["50"]; }) },
    { name: "anomaly monitor as a custom monitor of the stack's Environment tag", change: custom({ Tags: { Key: "Environment", Values: ["prod"], MatchOptions: ["EQUALS"] } }) },
    { name: "anomaly monitor as a custom monitor of the stack's account", change: custom({ Dimensions: { Key: "LINKED_ACCOUNT", Values: [ACCOUNT] } }) },
];

suite("adversarial class 3: budgets that warn before the spend, cost controls that cannot take production down", violations, compliant);
