/**
 * Class 3: the signals that an intruder is covering tracks reach the operators, and the history
 * that shows it is kept. The CIS change filters excuse the deploy roles exactly and every other
 * role's sessions count (the stack's own, and names like the deploy roles'); GuardDuty filters
 * do not archive the trail being disabled or the root user's use by type alone; IAM Access
 * Analyzer archive rules name the principal or resource they vet; AWS Config keeps its history and
 * records global types in one region. Each change edits the real export; "drift" cases change the
 * deployed state only.
 */
import { ACCOUNT, add, all, Case, drift, edit, named, outputOf, suite, tags } from "./support";

const MF = "aws:cloudwatch/logMetricFilter:LogMetricFilter";
const GDF = "aws:guardduty/detectorFeature:DetectorFeature";
const REC = "aws:cfg/recorder:Recorder";
const IAM_EVENTS = [
    "DeleteGroupPolicy", "DeleteRolePolicy", "DeleteUserPolicy", "PutGroupPolicy", "PutRolePolicy", "PutUserPolicy",
    "CreatePolicy", "DeletePolicy", "CreatePolicyVersion", "DeletePolicyVersion", "AttachRolePolicy", "DetachRolePolicy",
    "AttachUserPolicy", "DetachUserPolicy", "AttachGroupPolicy", "DetachGroupPolicy",
];
const SG_EVENTS = ["AuthorizeSecurityGroupIngress", "AuthorizeSecurityGroupEgress", "RevokeSecurityGroupIngress", "RevokeSecurityGroupEgress", "CreateSecurityGroup", "DeleteSecurityGroup"];
const anyOf = (names: string[]) => names.map((n) => `($.eventName = ${n})`).join(" || ");
const issuerNot = (names: string[]) => names.map((r) => `($.userIdentity.sessionContext.sessionIssuer.userName != "${r}")`).join(" && ");
const DEPLOY = ["expertconnect-deploy-prod", "expertconnect-deploy-dr"];
const changes = (events: string[], excluded: string[]) => `{ (${anyOf(events)}) && (($.userIdentity.type != "AssumedRole") || (${issuerNot(excluded)})) }`;
const filter = (suffix: string, pattern: string) => edit(MF, p => { p.pattern = pattern; }, named(suffix));
const iam = (excluded: string[]) => filter("audit-trail-iam-policy-changes", changes(IAM_EVENTS, excluded));
const sg = (excluded: string[]) => filter("audit-trail-security-group-changes", changes(SG_EVENTS, excluded));
const UNAUTHORIZED = '(($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*")) && ($.sourceIPAddress != "delivery.logs.amazonaws.com") && ($.eventName != "HeadBucket")';

const gdFilter = (name: string, criterions: object[]) => (rs: any[]) =>
    add("aws:guardduty/filter:Filter", name, { detectorId: outputOf(rs, GDF, "detectorId"), name, action: "ARCHIVE", rank: 1, findingCriteria: { criterions }, tags: tags("threat-detection") })(rs);
const analyzer = add("aws:accessanalyzer/analyzer:Analyzer", "access-analyzer", { analyzerName: "expertconnect-account", type: "ACCOUNT", tags: tags("security") });
const archive = (filters: object[]) => all(analyzer, add("aws:accessanalyzer/archiveRule:ArchiveRule", "access-analyzer-archive", { analyzerName: "expertconnect-account", ruleName: "archive", filters }));
const retention = (days: number) => add("aws:cfg/retentionConfiguration:RetentionConfiguration", "aws-config-retention", { retentionPeriodInDays: days });

const violations: Case[] = [
    // the red team's changes
    { name: "IAM-change filter: deploy-role exclusion written as \"expertconnect-*\": any role an intruder names expertconnect-… changes IAM silently", change: iam(["expertconnect-*"]) },
    { name: "IAM-change filter: the backend task role added to the excluded deploy roles", change: iam([...DEPLOY, "backend-roles-task-019c1c0"]) },
    { name: "GuardDuty: archive the trail being disabled, the root user's use and a password policy change by type", change: gdFilter("known-admin-activity", [{ field: "type", equals: ["Stealth:IAMUser/CloudTrailLoggingDisabled", "Policy:IAMUser/RootCredentialUsage", "Stealth:IAMUser/PasswordPolicyChange"] }]) },
    { name: "Config: configuration items kept 30 days (retention configuration)", change: retention(30) },
    { name: "Access Analyzer archive rule archives every public-access finding", change: archive([{ criteria: "isPublic", eqs: ["true"] }]) },
    { name: "dr: Config records global resource types too (prod records them for the account)", stack: "dr", change: edit(REC, p => { p.recordingGroup = { ...p.recordingGroup, includeGlobalResourceTypes: true }; }) },
    // variants: whom the change filters excuse
    { name: "security-group filter excludes expertconnect-deploy-* (a wildcard)", change: sg(["expertconnect-deploy-*"]) },
    { name: "security-group filter excludes the frontend execution role beside the deploy roles", change: sg([...DEPLOY, "frontend-roles-execution-e9d9442"]) },
    { name: "IAM-change filter excludes the deploy role with a trailing wildcard (expertconnect-deploy-prod*)", change: iam(["expertconnect-deploy-prod*", "expertconnect-deploy-dr"]) },
    { name: "IAM-change filter excludes the database-tasks role (\"it rotates grants\")", change: iam([...DEPLOY, "database-tasks-role-65f58cf"]) },
    { name: "unauthorized-calls filter leaves out the deploy roles' denied calls", change: filter("audit-trail-unauthorized-api-calls", `{ ${UNAUTHORIZED} && (($.userIdentity.type != "AssumedRole") || (${issuerNot(DEPLOY)})) }`) },
    { name: "IAM-change filter changed in the console to exclude every role named expertconnect* (drift)", change: drift(MF, p => { p.pattern = changes(IAM_EVENTS, ["expertconnect*"]); }, named("audit-trail-iam-policy-changes")) },
    // variants: GuardDuty
    { name: "GuardDuty: archive S3 server access logging disabled everywhere", change: gdFilter("logging-noise", [{ field: "type", equals: ["Stealth:S3/ServerAccessLoggingDisabled"] }]) },
    { name: "GuardDuty: archive buckets made public (Policy:S3/BucketAnonymousAccessGranted) on any bucket", change: gdFilter("public-noise", [{ field: "type", equals: ["Policy:S3/BucketAnonymousAccessGranted", "Policy:S3/BucketBlockPublicAccessDisabled"] }]) },
    // variants: Access Analyzer
    { name: "Access Analyzer archive rule on every S3 bucket finding", change: archive([{ criteria: "resourceType", eqs: ["AWS::S3::Bucket"] }]) },
    { name: "Access Analyzer archive rule on principal.AWS = * (public)", change: archive([{ criteria: "principal.AWS", eqs: ["*"] }]) },
    { name: "Access Analyzer archive rule on every KMS key finding of this account", change: archive([{ criteria: "resourceType", eqs: ["AWS::KMS::Key"] }, { criteria: "resourceOwnerAccount", eqs: [ACCOUNT] }]) },
    // variants: Config history
    { name: "Config: configuration items kept 180 days", change: retention(180) },
    { name: "dr: Config retention configuration of 90 days", stack: "dr", change: retention(90) },
];

const compliant: Case[] = [
    { name: "IAM-change filter written with the deploy roles in the other order", change: iam([...DEPLOY].reverse()) },
    { name: "security-group filter excludes only the prod deploy role (the dr role's changes page too)", change: sg(["expertconnect-deploy-prod"]) },
    { name: "IAM-change filter excuses no role at all", change: filter("audit-trail-iam-policy-changes", `{ ${anyOf(IAM_EVENTS)} }`) },
    { name: "GuardDuty: archive port probes of the public load balancer (Recon noise)", change: gdFilter("probe-noise", [{ field: "type", equals: ["Recon:EC2/PortProbeUnprotectedPort"] }]) },
    { name: "GuardDuty: archive the trail being disabled by the vetted break-glass key only", change: gdFilter("break-glass", [{ field: "type", equals: ["Stealth:IAMUser/CloudTrailLoggingDisabled"] }, { field: "resource.accessKeyDetails.accessKeyId", equals: ["AKIAEXAMPLEBREAKGLASS"] }]) },
    { name: "Access Analyzer archive rule on the canary artifact bucket alone (holds no data)", change: archive([{ criteria: "resource", eqs: [`arn:aws:s3:::expertconnect-prod-canary-artifacts-${ACCOUNT}`] }]) },
    { name: "Config: configuration items kept 7 years (the default, made explicit)", change: retention(2557) },
];

suite("adversarial class 3: signals of covered tracks reach the operators, and the history is kept", violations, compliant);
