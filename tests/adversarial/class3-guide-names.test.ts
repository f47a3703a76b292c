/** Class 3: the names the guide's commands use literally, renamed or removed. */
import { Case, edit, named, remove, suite } from "./support";

const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";

const violations: Case[] = [
    { name: "the guide's CPU alarm renamed to a house style", change: edit(ALARM, p => { p.name = "prod-backend-cpu-high"; }, r => r.inputs.name === "expertconnect-backend-cpu-high") },
    { name: "the dashboard the guide updates removed", change: remove("aws:cloudwatch/dashboard:Dashboard") },
    { name: "the database identifier the snapshot command names changed", change: edit("aws:rds/instance:Instance", p => { p.identifier = "expertconnect-prod-postgres"; }) },
    { name: "the ECS cluster renamed", change: edit("aws:ecs/cluster:Cluster", p => { p.name = "expertconnect-cluster"; }) },
    { name: "the settings moved out of /expertconnect/prod", change: edit("aws:ssm/parameter:Parameter", p => { p.name = p.name.replace("/expertconnect/prod/", "/expertconnect/production/"); }) },
    { stack: "dr", name: "dr's replica identifier changed", change: edit("aws:rds/instance:Instance", p => { p.identifier = "expertconnect-dr-replica"; }) },
];

const compliant: Case[] = [
    { name: "the CPU alarm's description reworded", change: edit(ALARM, p => { p.alarmDescription = "Backend CPU above 80% for 10 minutes"; }, r => r.inputs.name === "expertconnect-backend-cpu-high") },
    { name: "the dashboard's body changed", change: edit("aws:cloudwatch/dashboard:Dashboard", p => { const body = JSON.parse(p.dashboardBody); body.periodOverride = "inherit"; p.dashboardBody = JSON.stringify(body); }, named("monitoring-dashboard")) },
];

suite("adversarial class 3: names the guide's commands use", violations, compliant);
