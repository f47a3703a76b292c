/**
 * Class 3: EventBridge rules whose pattern can never match: a detail-type the source never emits,
 * a documented detail field asked only for values AWS never sends, or an ARN of the stack's kind that is not the stack's resource (the restore-test validator and
 * the deployment-failure alarm then never fire, and nothing says so).
 */
import { Case, edit, named, suite } from "./support";

const ER = "aws:cloudwatch/eventRule:EventRule";
const pattern = (rule: string, fn: (p: any) => void) => edit(ER, p => {
    if (typeof p.eventPattern !== "string") return;
    const v = JSON.parse(p.eventPattern);
    fn(v);
    p.eventPattern = JSON.stringify(v);
}, named(rule));

const violations: Case[] = [
    { name: "the restore-test pattern names a plan the stack does not have", change: pattern("dr-restore-test-completed", d => { d.detail.restoreTestingPlanArn = ["arn:aws:backup:us-east-1:123456789012:restore-testing-plan/expertconnect_prod_weekly"]; }) },
    { name: "the ecs-deployment-failed detail-type misspelled", change: pattern("monitoring-ecs-deployment-failed", d => { d["detail-type"] = ["ECS Deployment State Changed"]; }) },
    { name: "the restore-job-failed rule asks aws.backup for an ECS event type", change: pattern("monitoring-restore-job-failed", d => { d["detail-type"] = ["ECS Task State Change"]; }) },
    { name: "the ecs-deployment-failed event name misspelled", change: pattern("monitoring-ecs-deployment-failed", d => { d.detail.eventName = ["SERVICE_DEPLOYMENT_FAILD"]; }) },
    { name: "the backup-job-failed rule asks for lower-case states", change: pattern("monitoring-backup-job-failed", d => { d.detail.state = ["failed", "aborted", "expired"]; }) },
    { name: "the image-vulnerability rule's detail-type pluralised", change: pattern("monitoring-image-vulnerability-found", d => { d["detail-type"] = ["Inspector2 Findings"]; }) },
];

const compliant: Case[] = [
    { name: "the ecs-deployment-failed rule also listens for task state changes", change: pattern("monitoring-ecs-deployment-failed", d => { d["detail-type"] = ["ECS Deployment State Change", "ECS Task State Change"]; }) },
    { name: "the restore-failed rule also listens for EXPIRED", change: pattern("monitoring-restore-job-failed", d => { d.detail.status = [...d.detail.status, "EXPIRED"]; }) },
];

suite("adversarial class 3: event patterns that can match", violations, compliant);
