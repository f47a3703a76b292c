/** Class 1 (IAM), invoke paths: what invokes a function (an EventBridge rule, a subscription) needs a Lambda permission for its service and source. */
import { ACCOUNT, add, Case, Change, edit, named, remove, suite } from "./support";

const PERMISSION = "aws:lambda/permission:Permission";
const DB_FUNCTION = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:expertconnect-prod-db-tasks`;
const restorePermission = (f: (p: Record<string, any>) => void): Change => edit(PERMISSION, f, named("dr-restore-test-invoke"));

const violations: Case[] = [
    { name: "dr-restore Lambda permission's sourceArn points to another rule", change: restorePermission(p => { p.sourceArn = `arn:aws:events:us-east-1:${ACCOUNT}:rule/some-other-rule`; }) },
    { name: "dr-restore Lambda permission removed (restore validation never runs)", change: remove(PERMISSION, named("dr-restore-test-invoke")) },
    { name: "dr-restore Lambda permission granted to SNS instead of EventBridge", change: restorePermission(p => { p.principal = "sns.amazonaws.com"; }) },
    { name: "a Lambda subscription to the alarm topic without a permission for SNS", change: add("aws:sns/topicSubscription:TopicSubscription", "alarms-to-db-tasks", { protocol: "lambda", endpoint: DB_FUNCTION, topic: `arn:aws:sns:us-east-1:${ACCOUNT}:expertconnect-alarms` }) },
];

const compliant: Case[] = [
    { name: "dr-restore Lambda permission also confined to the account", change: restorePermission(p => { p.sourceAccount = ACCOUNT; }) },
];

suite("adversarial class 1: what invokes a function may invoke it", violations, compliant);
