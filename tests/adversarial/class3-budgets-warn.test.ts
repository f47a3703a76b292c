/**
 * Class 3, a budget that exists but would not warn in time: counted over a year against the
 * monthly limit, thresholds it never reaches, filtered to one service, emailing an outsider, or
 * blind to the database once its Environment tag is gone.
 */
import { ACCOUNT, Case, drift, edit, suite } from "./support";

const BUDGET = "aws:budgets/budget:Budget";
const DB = "aws:rds/instance:Instance";
const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:expertconnect-alarms`;
const notifications = (change: (n: any) => void) => edit(BUDGET, p => { p.notifications.forEach(change); });
const stripTags = (...keys: string[]) => drift(DB, p => { for (const k of keys) { delete p.tags[k]; delete p.tagsAll[k]; } });

const violations: Case[] = [
    { name: "budget period ANNUALLY with the monthly limit", change: edit(BUDGET, p => { p.timeUnit = "ANNUALLY"; }) },
    { name: "budget period QUARTERLY", change: edit(BUDGET, p => { p.timeUnit = "QUARTERLY"; }) },
    { stack: "dr", name: "dr budget period ANNUALLY", change: edit(BUDGET, p => { p.timeUnit = "ANNUALLY"; }) },
    { name: "budget notification thresholds 10000%", change: notifications(n => { n.threshold = 10000; }) },
    { name: "budget notifications at 1,000,000 USD absolute", change: notifications(n => { n.threshold = 1000000; n.thresholdType = "ABSOLUTE_VALUE"; }) },
    { name: "budget notifications flipped to LESS_THAN", change: notifications(n => { n.comparisonOperator = "LESS_THAN"; }) },
    { name: "budget filtered to Route 53 spend only", change: edit(BUDGET, p => { p.costFilters = [{ name: "Service", values: ["Amazon Route 53"] }]; }) },
    { name: "budget narrowed to one usage type besides the tag", change: edit(BUDGET, p => { p.costFilters.push({ name: "UsageType", values: ["USE1-DataTransfer-Out-Bytes"] }); }) },
    { name: "budget alerts go to an outside email instead of the topic", change: notifications(n => { delete n.subscriberSnsTopicArns; n.subscriberEmailAddresses = ["finance.contractor@gmail.com"]; }) },
    { name: "budget alerts copied to an outside email beside the topic", change: notifications(n => { n.subscriberEmailAddresses = ["someone@partner.example"]; }) },
    { name: "budget alerts go only to finance, no longer to on-call", change: notifications(n => { delete n.subscriberSnsTopicArns; n.subscriberEmailAddresses = ["finance@expertconnect.example"]; }) },
    { name: "drift: Name/Environment tags stripped from the database (its spend leaves the budget)", change: stripTags("Component", "Environment") },
    { name: "database retagged Environment=staging", change: edit(DB, p => { p.tags = { ...p.tags, Environment: "staging" }; if (p.tagsAll) p.tagsAll = { ...p.tagsAll, Environment: "staging" }; }) },
];

const compliant: Case[] = [
    { name: "extra budget notification at 50% to the topic", change: edit(BUDGET, p => { p.notifications.push({ comparisonOperator: "GREATER_THAN", notificationType: "ACTUAL", subscriberSnsTopicArns: [TOPIC], threshold: 50, thresholdType: "PERCENTAGE" }); }) },
    { name: "budget alerts also email the on-call address the topic already reaches", change: notifications(n => { n.subscriberEmailAddresses = ["oncall@expertconnect.example"]; }) },
    { name: "budget also emails finance at the company's domain", change: notifications(n => { n.subscriberEmailAddresses = ["finance@expertconnect.example"]; }) },
    { name: "an absolute 2,500 USD warning", change: edit(BUDGET, p => { p.notifications.push({ comparisonOperator: "GREATER_THAN", notificationType: "FORECASTED", subscriberSnsTopicArns: [TOPIC], threshold: 2500, thresholdType: "ABSOLUTE_VALUE" }); }) },
    { name: "drift: only the Component tag stripped from the database (cost split, not the budget)", change: stripTags("Component") },
];

suite("adversarial class 3: budgets that warn in time, about all the stack's spend", violations, compliant);
