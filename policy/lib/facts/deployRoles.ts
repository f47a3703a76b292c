/**
 * The IAM roles CI deploys with (the GitHub environments' roles, created outside the stacks). Their
 * security-group and IAM policy changes are deployments, so the CIS change alarms leave them out
 * (components/security/cisAlarms.ts), and only them: the pack checks that the filters still count
 * the same changes made by any other role — one of the stack's, or one named like these
 * (policy/cloudwatch/cisMonitoring.ts). The stack config's `monitoring.deployRoleNames` overrides it.
 */
export const DEPLOY_ROLE_NAMES: readonly string[] = ["expertconnect-deploy-prod", "expertconnect-deploy-dr"];
