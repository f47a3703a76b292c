/** cost-signals both ways: the budget and the anomaly alerts that tell someone about spend. */
import { costSignals } from "../../policy/cost/costSignals";
import { named, stackTable } from "./support/cases";
import { ACCOUNT, primaryDb, TAGS } from "./support/fixtures";
import { StackResourceInput, UNKNOWN } from "./support/harness";

const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:expertconnect-alarms`;
const PROD_TAGS = { ...TAGS, Environment: "prod" };
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
    { ...primaryDb, props: { ...primaryDb.props, region: "us-east-1", tags: PROD_TAGS, tagsAll: PROD_TAGS } },
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
                message: /no notification fires at or below 4500 USD \(its lowest fires at 300000 USD\)/,
            },
            "absolute thresholds above the ceiling": {
                change: s => { (budget(s).notifications as any[]).forEach(n => { n.threshold = 50000; n.thresholdType = "ABSOLUTE_VALUE"; }); },
                message: /lowest fires at 50000 USD/,
            },
            "every notification fires below the spend (LESS_THAN)": {
                change: s => { (budget(s).notifications as any[]).forEach(n => { n.comparisonOperator = "LESS_THAN"; }); },
                message: /never \(no GREATER_THAN notification\)/,
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
