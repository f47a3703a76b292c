/** cost-signals both ways: the budget and the anomaly alerts that tell someone about spend. */
import { costSignals } from "../../policy/cost/costSignals";
import { named, stackTable } from "./support/cases";
import { ACCOUNT, backendContainer, primaryDb, TAGS, taskDefinition } from "./support/fixtures";
import { StackResourceInput, UNKNOWN } from "./support/harness";

const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:expertconnect-alarms`;
const PROD_TAGS = { ...TAGS, Environment: "prod" };
const TASK_ROLE = `arn:aws:iam::${ACCOUNT}:role/backend-roles-task-019c1c0`;
const notify = (threshold: number, type = "ACTUAL") => ({ comparisonOperator: "GREATER_THAN", notificationType: type, threshold, thresholdType: "PERCENTAGE", subscriberSnsTopicArns: [TOPIC] });

const stack: StackResourceInput[] = [
    {
        type: "aws:budgets/budget:Budget", name: "cost-budget",
        props: {
            name: "expertconnect-prod-monthly", budgetType: "COST", timeUnit: "MONTHLY", limitAmount: "3000.00", limitUnit: "USD",
            costFilters: [{ name: "TagKeyValue", values: ["user:Environment$prod"] }],
            notifications: [notify(80), notify(100), notify(100, "FORECASTED")], tags: PROD_TAGS,
        },
    },
    { ...primaryDb, props: { ...primaryDb.props, region: "us-east-1", arn: `arn:aws:rds:us-east-1:${ACCOUNT}:db:expertconnect-prod-db`, tags: PROD_TAGS, tagsAll: PROD_TAGS } },
    { ...taskDefinition([backendContainer]), props: { ...taskDefinition([backendContainer]).props, taskRoleArn: TASK_ROLE, executionRoleArn: `arn:aws:iam::${ACCOUNT}:role/backend-roles-execution-65fe5e6` } },
    { type: "aws:ec2/natGateway:NatGateway", name: "nat", props: { region: "us-east-1", tags: PROD_TAGS, tagsAll: PROD_TAGS } },
    { type: "aws:cloudwatch/dashboard:Dashboard", name: "dashboard", props: { dashboardName: "ExpertConnect-Dashboard", dashboardBody: "{}" } },
    { type: "aws:sns/topicSubscription:TopicSubscription", name: "oncall", props: { topic: TOPIC, protocol: "email", endpoint: "oncall@expertconnect.example" } },
    { type: "aws:costexplorer/anomalyMonitor:AnomalyMonitor", name: "cost-anomalies-monitor", props: { name: "expertconnect-services", monitorType: "DIMENSIONAL", monitorDimension: "SERVICE", tags: PROD_TAGS } },
    {
        type: "aws:costexplorer/anomalySubscription:AnomalySubscription", name: "cost-anomalies-subscription",
        props: {
            name: "expertconnect-cost-anomalies", frequency: "IMMEDIATE", subscribers: [{ type: "SNS", address: TOPIC }], tags: PROD_TAGS,
            thresholdExpression: { dimension: { key: "ANOMALY_TOTAL_IMPACT_ABSOLUTE", matchOptions: ["GREATER_THAN_OR_EQUAL"], values: ["100"] } },
        },
    },
];
const budget = (s: StackResourceInput[]) => named(s, "cost-budget").props;
const monitor = (s: StackResourceInput[]) => named(s, "cost-anomalies-monitor").props;
const customMonitor = (expression: object) => (s: StackResourceInput[]) => {
    Object.assign(monitor(s), { monitorType: "CUSTOM", monitorDimension: undefined, monitorSpecification: JSON.stringify(expression) });
};
/** Adds a budget action (AUTOMATIC unless `approvalModel` says otherwise) with one definition. */
const action = (actionType: string, definition: object, approvalModel = "AUTOMATIC") => (s: StackResourceInput[]) => {
    s.push({
        type: "aws:budgets/budgetAction:BudgetAction", name: "cost-budget-action",
        props: {
            budgetName: "expertconnect-prod-monthly", actionType, approvalModel, notificationType: "ACTUAL", definition,
            executionRoleArn: `arn:aws:iam::${ACCOUNT}:role/expertconnect-budget-actions`,
            actionThreshold: { actionThresholdType: "PERCENTAGE", actionThresholdValue: 100 }, subscribers: [{ address: TOPIC, subscriptionType: "SNS" }],
        },
    });
};
const denyAll = (roles: string[]) => ({ iamActionDefinition: { policyArn: "arn:aws:iam::aws:policy/AWSDenyAll", roles } });
const stopRds = (instanceIds: string[], region = "us-east-1") => ({ ssmActionDefinition: { actionSubType: "STOP_RDS_INSTANCES", instanceIds, region } });
const anomaly = (s: StackResourceInput[]) => named(s, "cost-anomalies-subscription").props;
const drop = (s: StackResourceInput[], name: string) => s.splice(s.indexOf(named(s, name)), 1);

describe("cost-signals", () => {
    stackTable(costSignals, stack, {
        config: { environment: "prod" },
        passes: {
            "the budget is raised a little above the config": { change: s => { budget(s).limitAmount = "3500.00"; } },
            "an extra notification at 50%": { change: s => { (budget(s).notifications as object[]).push(notify(50)); } },
            "the anomaly threshold is stricter": { change: s => { (anomaly(s).thresholdExpression as any).dimension.values = ["50"]; } },
            "the dr stack owns no anomaly monitor": { config: { environment: "dr", monthlyBudgetUsd: 3000 }, change: s => { drop(s, "cost-anomalies-monitor"); drop(s, "cost-anomalies-subscription"); } },
            "the limit is unknown during preview": { change: s => { budget(s).limitAmount = UNKNOWN; } },
            "the on-call address subscribed to the topic also gets the budget's email": {
                change: s => { (budget(s).notifications as any[])[0].subscriberEmailAddresses = ["OnCall@expertconnect.example"]; },
            },
            "finance at the on-call address's domain also gets the email": { change: s => { (budget(s).notifications as any[]).forEach(n => { n.subscriberEmailAddresses = ["finance@expertconnect.example"]; }); } },
            "a notification emails only the on-call address": { change: s => { const n = (budget(s).notifications as any[])[0]; delete n.subscriberSnsTopicArns; n.subscriberEmailAddresses = ["oncall@expertconnect.example"]; } },
            "an absolute threshold within the budget": { change: s => { (budget(s).notifications as object[]).push({ ...notify(2500), thresholdType: "ABSOLUTE_VALUE" }); } },
            "the subscription's address is unknown during preview": {
                change: s => { named(s, "oncall").props.endpoint = UNKNOWN; (budget(s).notifications as any[])[0].subscriberEmailAddresses = ["someone@example.com"]; },
            },
            "the database's tags are unknown during preview": { change: s => { named(s, "database-instance").props.tagsAll = UNKNOWN; named(s, "database-instance").props.tags = UNKNOWN; } },
            "the database keeps Environment but loses Component": {
                change: s => { const { Component: _c, ...rest } = PROD_TAGS; named(s, "database-instance").props.tags = rest; named(s, "database-instance").props.tagsAll = rest; },
            },
            "a filter on the stack's own account": { change: s => { (budget(s).costFilters as object[]).push({ name: "LinkedAccount", values: [ACCOUNT] }); } },
            "a notification above the limit beside those within it": { change: s => { (budget(s).notifications as object[]).push(notify(150)); } },
            "an absolute FORECASTED threshold at the limit replaces the percentage": {
                change: s => { const n = (budget(s).notifications as any[])[2]; n.thresholdType = "ABSOLUTE_VALUE"; n.threshold = 3000; },
            },
            "a raised limit keeps its 100 % alerts": { change: s => { budget(s).limitAmount = "4000.00"; } },
            "a MANUAL action denying the task role": { change: action("APPLY_IAM_POLICY", denyAll(["backend-roles-task-019c1c0"]), "MANUAL") },
            "an automatic deny on a role no workload runs as": { change: action("APPLY_IAM_POLICY", denyAll(["sandbox-developers"])) },
            "an automatic allow-only policy of the stack on the task role": {
                change: s => {
                    s.push({ type: "aws:iam/policy:Policy", name: "read-only", props: { arn: `arn:aws:iam::${ACCOUNT}:policy/read-only`, policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] }) } });
                    action("APPLY_IAM_POLICY", { iamActionDefinition: { policyArn: `arn:aws:iam::${ACCOUNT}:policy/read-only`, roles: ["backend-roles-task-019c1c0"] } })(s);
                },
            },
            "an automatic stop of an RDS instance the stack does not run": { change: action("RUN_SSM_DOCUMENTS", stopRds(["expertconnect-dev-db"])) },
            "an automatic stop of the same identifier in another region": { change: action("RUN_SSM_DOCUMENTS", stopRds(["expertconnect-prod-db"], "eu-west-1")) },
            "an automatic SCP on another account": { change: action("APPLY_SCP_POLICY", { scpActionDefinition: { policyId: "p-denyall1", targetIds: ["444455556666"] } }) },
            "the action's approval model is unknown during preview": { change: s => { action("APPLY_IAM_POLICY", denyAll(["backend-roles-task-019c1c0"]))(s); named(s, "cost-budget-action").props.approvalModel = UNKNOWN; } },
            "a LINKED_ACCOUNT dimensional monitor (the whole account's spend)": { change: s => { monitor(s).monitorDimension = "LINKED_ACCOUNT"; } },
            "a custom monitor of the stack's Environment tag": { change: customMonitor({ Tags: { Key: "Environment", Values: ["prod"], MatchOptions: ["EQUALS"] } }) },
            "a custom monitor listing every service the stack bills": {
                change: customMonitor({ Dimensions: { Key: "SERVICE", Values: ["Amazon Relational Database Service", "EC2 - Other", "Amazon Elastic Container Service"] } }),
            },
            "a custom monitor on cost categories (not resolved here)": { change: customMonitor({ CostCategories: { Key: "Team", Values: ["payments"] } }) },
            "a tag filter on a tag the stack carries under another key": { change: s => { budget(s).costFilters = [{ name: "TagKeyValue", values: ["user:Project$expertconnect"] }]; } },
        },
        violations: {
            "the budget is deleted": { change: s => drop(s, "cost-budget"), message: /no AWS Budgets budget: spend above its monthlyBudgetUsd \(3000 USD\)/ },
            "the budget's notifications are removed": { change: s => { budget(s).notifications = []; }, message: /it has no notifications/ },
            "the limit is a million": { change: s => { budget(s).limitAmount = "1000000.00"; }, message: /limit 1000000 USD is above 4500 USD/ },
            "a configured stricter share": { config: { maximumLimitShareOfBudget: 1 }, change: s => { budget(s).limitAmount = "3001"; }, message: /above 3000 USD/ },
            "the tag filter selects a value nothing carries": { change: s => { budget(s).costFilters = [{ name: "TagKeyValue", values: ["user:Environment$production"] }]; }, message: /selects a tag no resource of the stack carries/ },
            "the database's Environment tag is stripped (its spend leaves the budget)": {
                change: s => { const { Environment: _e, ...rest } = PROD_TAGS; named(s, "database-instance").props.tags = rest; named(s, "database-instance").props.tagsAll = rest; },
                message: /TagKeyValue \["user:Environment\$prod"\] leaves out Instance database-instance \(about \d+ USD a month\), which do not carry that tag/,
            },
            "the database is tagged for another environment": {
                change: s => { named(s, "database-instance").props.tagsAll = { ...PROD_TAGS, Environment: "staging" }; named(s, "database-instance").props.tags = { ...PROD_TAGS, Environment: "staging" }; },
                message: /leaves out Instance database-instance/,
            },
            "the budget counts a year against the monthly limit": { change: s => { budget(s).timeUnit = "ANNUALLY"; }, message: /timeUnit is ANNUALLY, but its limit is the stack's monthly budget/ },
            "the budget counts a quarter": { change: s => { budget(s).timeUnit = "QUARTERLY"; }, message: /timeUnit is QUARTERLY/ },
            "every threshold is 10000 %": {
                change: s => { (budget(s).notifications as any[]).forEach(n => { n.threshold = 10000; }); },
                message: /no ACTUAL notification fires at or below 100 % of its limit \(its lowest fires at 300000 USD, 10000 % of the limit 3000 USD\)/,
            },
            "absolute thresholds above the limit": {
                change: s => { (budget(s).notifications as any[]).forEach(n => { n.threshold = 50000; n.thresholdType = "ABSOLUTE_VALUE"; }); },
                message: /lowest fires at 50000 USD/,
            },
            "every notification fires below the spend (LESS_THAN)": {
                change: s => { (budget(s).notifications as any[]).forEach(n => { n.comparisonOperator = "LESS_THAN"; }); },
                message: /none fires on spend above a threshold \(LESS_THAN\)/,
            },
            "the ACTUAL notifications at 800 %": {
                change: s => { (budget(s).notifications as any[]).filter(n => n.notificationType === "ACTUAL").forEach(n => { n.threshold = 800; }); },
                message: /no ACTUAL notification fires at or below 100 % of its limit \(its lowest fires at 24000 USD, 800 % of the limit 3000 USD\)/,
            },
            "the FORECASTED notification dropped": {
                change: s => { budget(s).notifications = (budget(s).notifications as any[]).filter(n => n.notificationType !== "FORECASTED"); },
                message: /it has no FORECASTED notification: the forecast is the only alert that comes before the money is spent/,
            },
            "the FORECASTED notification at 150 %": { change: s => { (budget(s).notifications as any[])[2].threshold = 150; }, message: /no FORECASTED notification fires at or below 100 %/ },
            "the forecast at an absolute value above the limit": {
                change: s => { const n = (budget(s).notifications as any[])[2]; n.thresholdType = "ABSOLUTE_VALUE"; n.threshold = 3500; },
                message: /no FORECASTED notification .* 3500 USD, 117 % of the limit/,
            },
            "every notification FORECASTED": { change: s => { (budget(s).notifications as any[]).forEach(n => { n.notificationType = "FORECASTED"; }); }, message: /it has no ACTUAL notification/ },
            "an automatic AWSDenyAll on the task role": {
                change: action("APPLY_IAM_POLICY", denyAll(["backend-roles-task-019c1c0"])),
                message: /budget action cost-budget-action \(APPLY_IAM_POLICY, approvalModel AUTOMATIC\) acts on what serves production: role backend-roles-task-019c1c0 \(a workload of the stack runs as it\)/,
            },
            "an automatic deny on the execution role named by ARN": {
                change: action("APPLY_IAM_POLICY", denyAll([`arn:aws:iam::${ACCOUNT}:role/backend-roles-execution-65fe5e6`])), message: /role arn:aws:iam::\d+:role\/backend-roles-execution-65fe5e6/,
            },
            "an automatic policy outside the stack on the task role": {
                change: action("APPLY_IAM_POLICY", { iamActionDefinition: { policyArn: `arn:aws:iam::${ACCOUNT}:policy/freeze`, roles: ["backend-roles-task-019c1c0"] } }), message: /acts on what serves production/,
            },
            "an automatic deny policy of the stack on the task role": {
                change: s => {
                    s.push({ type: "aws:iam/policy:Policy", name: "freeze", props: { arn: `arn:aws:iam::${ACCOUNT}:policy/freeze`, policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Deny", Action: "*", Resource: "*" }] }) } });
                    action("APPLY_IAM_POLICY", { iamActionDefinition: { policyArn: `arn:aws:iam::${ACCOUNT}:policy/freeze`, roles: ["backend-roles-task-019c1c0"] } })(s);
                },
                message: /role backend-roles-task-019c1c0/,
            },
            "an automatic deny on a user the stack issues access keys": {
                change: s => {
                    s.push({ type: "aws:iam/accessKey:AccessKey", name: "smtp-key", props: { user: "expertconnect-smtp" } });
                    action("APPLY_IAM_POLICY", { iamActionDefinition: { policyArn: "arn:aws:iam::aws:policy/AWSDenyAll", users: ["expertconnect-smtp"] } })(s);
                },
                message: /user expertconnect-smtp \(the stack issues it access keys\)/,
            },
            "an automatic stop of the prod database": {
                change: action("RUN_SSM_DOCUMENTS", stopRds(["expertconnect-prod-db"])), message: /RDS instance expertconnect-prod-db \(the stack's, in us-east-1\)/,
            },
            "an automatic stop of the database in upper case": { change: action("RUN_SSM_DOCUMENTS", stopRds(["ExpertConnect-Prod-DB"])), message: /RDS instance ExpertConnect-Prod-DB/ },
            "an automatic SCP on the stack's account": {
                change: action("APPLY_SCP_POLICY", { scpActionDefinition: { policyId: "p-denyall1", targetIds: [ACCOUNT] } }), message: /account 123456789012 \(the stack's own\)/,
            },
            "an automatic SCP on an OU": { change: action("APPLY_SCP_POLICY", { scpActionDefinition: { policyId: "p-denyall1", targetIds: ["ou-ab12-cdef3456"] } }), message: /organizational unit ou-ab12-cdef3456/ },
            "the anomaly monitor narrowed to EC2 compute": {
                change: customMonitor({ Dimensions: { Key: "SERVICE", Values: ["Amazon Elastic Compute Cloud - Compute"] } }),
                message: /watch only part of the stack's spend: Amazon Relational Database Service \(database-instance\); EC2 - Other \(nat\)/,
            },
            "a custom monitor excluding RDS": {
                change: customMonitor({ Not: { Dimensions: { Key: "SERVICE", Values: ["Amazon Relational Database Service"] } } }), message: /Amazon Relational Database Service \(database-instance\) are in no alerted monitor's scope/,
            },
            "a custom monitor of another environment's tag": { change: customMonitor({ Tags: { Key: "Environment", Values: ["staging"] } }), message: /watch only part of the stack's spend/ },
            "a custom monitor of one region where the stack does not run": { change: customMonitor({ Dimensions: { Key: "REGION", Values: ["eu-west-1"] } }), message: /watch only part/ },
            "the subscription alerts on a monitor of EC2 compute, the SERVICE monitor left unsubscribed": {
                change: s => {
                    monitor(s).arn = `arn:aws:ce::${ACCOUNT}:anomalymonitor/services`;
                    s.push({ type: "aws:costexplorer/anomalyMonitor:AnomalyMonitor", name: "ec2-monitor", props: { arn: `arn:aws:ce::${ACCOUNT}:anomalymonitor/ec2`, monitorType: "CUSTOM", monitorSpecification: JSON.stringify({ Dimensions: { Key: "SERVICE", Values: ["Amazon Elastic Compute Cloud - Compute"] } }) } });
                    named(s, "cost-anomalies-subscription").props.monitorArnLists = [`arn:aws:ce::${ACCOUNT}:anomalymonitor/ec2`];
                },
                message: /monitor\(s\) ec2-monitor watch only part/,
            },
            "filtered to one service": { change: s => { budget(s).costFilters = [{ name: "Service", values: ["Amazon Route 53"] }]; }, message: /cost filter Service \["Amazon Route 53"\] counts only that part/ },
            "filtered to one region besides the tag": { change: s => { (budget(s).costFilters as object[]).push({ name: "Region", values: ["us-east-1"] }); }, message: /cost filter Region/ },
            "alerts go to an outside address": {
                change: s => { (budget(s).notifications as any[]).forEach(n => { delete n.subscriberSnsTopicArns; n.subscriberEmailAddresses = ["finance.contractor@gmail.com"]; }); },
                message: /email finance.contractor@gmail.com, outside the addresses \(and their domains\) the stack subscribes/,
            },
            "alerts go only to finance, not on-call": {
                change: s => { (budget(s).notifications as any[]).forEach(n => { delete n.subscriberSnsTopicArns; n.subscriberEmailAddresses = ["finance@expertconnect.example"]; }); },
                message: /3 notification\(s\) reach neither a topic nor an address subscribed to one/,
            },
            "a notification with no subscriber": { change: s => { delete (budget(s).notifications as any[])[0].subscriberSnsTopicArns; }, message: /1 notification\(s\) name no subscriber/ },
            "the anomaly subscription is deleted": { change: s => drop(s, "cost-anomalies-subscription"), message: /no cost anomaly subscription/ },
            "the anomaly monitor is deleted": { change: s => drop(s, "cost-anomalies-monitor"), message: /no cost anomaly monitor/ },
            "the anomaly threshold is a million": { change: s => { (anomaly(s).thresholdExpression as any).dimension.values = ["1000000"]; }, message: /pages only from 1000000 USD of impact, above the configured 100 USD/ },
            "the anomaly threshold is nested in an AND": {
                change: s => { anomaly(s).thresholdExpression = { and: [{ dimension: { key: "ANOMALY_TOTAL_IMPACT_ABSOLUTE", values: ["5000"] } }, { dimension: { key: "ANOMALY_TOTAL_IMPACT_PERCENTAGE", values: ["10"] } }] }; },
                message: /pages only from 5000 USD/,
            },
        },
    });
});
