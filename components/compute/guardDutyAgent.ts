/**
 * GuardDuty's Fargate agent repository: the table lives with the policy pack, which verifies
 * the pull path, so the program and the pack read the same accounts.
 */
export { GUARDDUTY_FARGATE_AGENT_ACCOUNTS, GUARDDUTY_FARGATE_AGENT_REPOSITORY, guardDutyAgentRepositoryArn } from "../../policy/lib/facts/guardDutyAgent";
