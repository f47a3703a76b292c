/**
 * Where GuardDuty Runtime Monitoring's managed Fargate agent comes from. With Runtime Monitoring
 * on, ECS adds GuardDuty's sidecar to every Fargate task and pulls it with the task's execution
 * role, from GuardDuty's repository in the task's region; without ECR pull permission on that
 * repository the task starts unmonitored (and GuardDuty reports it).
 *
 * Source: Amazon GuardDuty User Guide, "ECR Repository for GuardDuty agent on AWS Fargate
 * (Amazon ECS only)", docs.aws.amazon.com/guardduty/latest/ug/ecs-runtime-agent-ecr-image-uri.html
 */

/** Account that owns `aws-guardduty-agent-fargate` in each region (from the table above). */
export const GUARDDUTY_FARGATE_AGENT_ACCOUNTS: Readonly<Record<string, string>> = {
    "us-east-1": "593207742271",
    "us-east-2": "307168627858",
    "us-west-1": "684579721401",
    "us-west-2": "733349766148",
    "ca-central-1": "354763396469",
    "eu-west-2": "892757235363",
    "eu-west-3": "665651866788",
    "ap-south-1": "251508486986",
    "ap-south-2": "950823858135",
    "me-central-1": "000014521398",
};

/** Repository name, the same in every region. */
export const GUARDDUTY_FARGATE_AGENT_REPOSITORY = "aws-guardduty-agent-fargate";

/** ARN of GuardDuty's Fargate agent repository in `region`; throws naming the regions it knows. */
export function guardDutyAgentRepositoryArn(region: string): string {
    const account = GUARDDUTY_FARGATE_AGENT_ACCOUNTS[region];
    if (!account) {
        throw new Error(`GuardDuty's Fargate agent repository for region ${JSON.stringify(region)} is not known; ` +
            `allowed: ${Object.keys(GUARDDUTY_FARGATE_AGENT_ACCOUNTS).join(", ")} (add the region from the GuardDuty user guide's table)`);
    }
    return `arn:aws:ecr:${region}:${account}:repository/${GUARDDUTY_FARGATE_AGENT_REPOSITORY}`;
}
