/**
 * Class 3: deployments that take the service down or run what no review saw: a minimum healthy
 * percent that lets ECS stop every serving task first, and a service pointed at a task-definition
 * revision registered outside the program.
 */
import { Case, drift, edit, named, suite } from "./support";

const SVC = "aws:ecs/service:Service";

const violations: Case[] = [
    { name: "deploymentMinimumHealthyPercent 0 on the prod backend", change: edit(SVC, p => { p.deploymentMinimumHealthyPercent = 0; }, named("backend-service")) },
    { name: "deploymentMinimumHealthyPercent 10 on the prod frontend", change: edit(SVC, p => { p.deploymentMinimumHealthyPercent = 10; }, named("frontend-service")) },
    { name: "DRIFT: the backend service pointed at a revision registered outside Pulumi", change: drift(SVC, p => { p.taskDefinition = "arn:aws:ecs:us-east-1:123456789012:task-definition/expertconnect-prod-backend:7"; }, named("backend-service")) },
    { name: "the backend service pointed at another family's revision", change: edit(SVC, p => { p.taskDefinition = "arn:aws:ecs:us-east-1:123456789012:task-definition/debug-shell:1"; }, named("backend-service")) },
];

const compliant: Case[] = [
    { name: "deploymentMinimumHealthyPercent 50 with maximum 200 (rolling by halves)", change: edit(SVC, p => { p.deploymentMinimumHealthyPercent = 50; }, named("backend-service")) },
];

suite("adversarial class 3: deployment safety", violations, compliant);
