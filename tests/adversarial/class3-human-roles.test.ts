/**
 * Class 3, roles for people and CI (iam-human-roles, iam-no-broad-grants' privileged shapes,
 * iam-password-policy), judged as IAM evaluates them: a trust policy is asked for the AssumeRole
 * request of a long-term access key (no MFA key at all), of temporary credentials without MFA
 * (the key false) and, for a role with full access, of MFA older than an hour; a session's own
 * policies may refuse what a trust lets in; session ceilings for people and CI; and full access
 * only as a break-glass role (fresh MFA, short sessions, paged on every use) or a CI role inside
 * a boundary it cannot leave, kept off the evidence and the data. Red team U's cases first.
 */
import { containingBoundary as boundaryWithout, CONFIG_BUCKET_ARN, TRAIL_BUCKET_ARN, TRAIL_LOG_GROUP } from "../policy/support/iam";
import { ACCOUNT, add, all, Case, Change, doc, suite, tags } from "./support";

const ROLE = "aws:iam/role:Role";
const RP = "aws:iam/rolePolicy:RolePolicy";
const RPA = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";
const POLICY = "aws:iam/policy:Policy";
const MF = "aws:cloudwatch/logMetricFilter:LogMetricFilter";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const PASSWORD_POLICY = "aws:iam/accountPasswordPolicy:AccountPasswordPolicy";
const PERMISSION_SET = "aws:ssoadmin/permissionSet:PermissionSet";
const ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess";
const VIEW_ONLY = "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess";
const ROOT = { AWS: `arn:aws:iam::${ACCOUNT}:root` };
const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:expertconnect-alarms`;
const SEC_NS = "ExpertConnect/Security";

// --- People's roles -----------------------------------------------------------------------------
const assume = (condition?: object, principal: object = ROOT) => ({ Effect: "Allow", Principal: principal, Action: "sts:AssumeRole", ...(condition ? { Condition: condition } : {}) });
const MFA = { Bool: { "aws:MultiFactorAuthPresent": "true" } };
const FRESH_MFA = { ...MFA, NumericLessThan: { "aws:MultiFactorAuthAge": "3600" } };
const MFA_TRUST = doc(assume(FRESH_MFA));

function humanRole(resource: string, name: string, trust: string, policyArns: string[], maxSessionDuration = 3600): Change {
    return all(
        add(ROLE, resource, { name, assumeRolePolicy: trust, maxSessionDuration, tags: tags("operations") }),
        ...policyArns.map((arn, i) => add(RPA, `${resource}-${i}`, { role: name, policyArn: arn })),
    );
}
/** The operator role of the guide's commands: ViewOnlyAccess plus reading the services' log groups, and `extra` statements. */
function operatorRole(trust: string, maxSessionDuration = 3600, ...extra: object[]): Change {
    return all(
        humanRole("operator", "expertconnect-operator", trust, [VIEW_ONLY], maxSessionDuration),
        add(RP, "operator-logs", { role: "expertconnect-operator", policy: doc({ Sid: "ReadServiceLogs", Effect: "Allow", Action: ["logs:FilterLogEvents", "logs:GetLogEvents", "logs:DescribeLogStreams"], Resource: [`arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/ecs/expertconnect-prod-backend:*`] }, ...extra) }),
    );
}
/** A role whose only policy is inline (no AWS managed policy), for identity-side MFA guards. */
function logReader(trust: string, ...guard: object[]): Change {
    return all(
        add(ROLE, "log-reader", { name: "expertconnect-log-reader", assumeRolePolicy: trust, maxSessionDuration: 3600, tags: tags("operations") }),
        add(RP, "log-reader-policy", { role: "expertconnect-log-reader", policy: doc({ Effect: "Allow", Action: ["logs:FilterLogEvents", "logs:GetLogEvents"], Resource: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/ecs/expertconnect-prod-backend:*` }, ...guard) }),
    );
}

// --- Break-glass --------------------------------------------------------------------------------
interface AlarmOptions { pattern?: string; threshold?: number; evaluationPeriods?: number; comparisonOperator?: string; actions?: string[]; logGroupName?: string }
const breakGlassAlarm = (o: AlarmOptions = {}): Change => all(
    add(MF, "audit-trail-break-glass", { name: "expertconnect-break-glass-used", logGroupName: o.logGroupName ?? TRAIL_LOG_GROUP, pattern: o.pattern ?? '{ ($.eventName = "AssumeRole") && ($.requestParameters.roleArn = "*:role/expertconnect-break-glass") }', metricTransformation: { name: "BreakGlassUsed", namespace: SEC_NS, value: "1" } }),
    add(ALARM, "audit-trail-break-glass-alarm", { name: "expertconnect-break-glass-used", namespace: SEC_NS, metricName: "BreakGlassUsed", statistic: "Sum", period: 60, evaluationPeriods: o.evaluationPeriods ?? 1, threshold: o.threshold ?? 1, comparisonOperator: o.comparisonOperator ?? "GreaterThanOrEqualToThreshold", treatMissingData: "notBreaching", alarmActions: o.actions ?? [TOPIC], dimensions: {}, tags: tags("audit") }),
);
const breakGlass = (trust = MFA_TRUST, maxSessionDuration = 3600, alarm: AlarmOptions | null = {}): Change => all(
    humanRole("break-glass", "expertconnect-break-glass", trust, [ADMIN], maxSessionDuration),
    ...(alarm ? [breakGlassAlarm(alarm)] : []),
);

// --- CI deploy role ----------------------------------------------------------------------------
const GH = "token.actions.githubusercontent.com";
const REPO = "expertconnect/expertconnect-infra";
const OIDC_TRUST = doc({ Effect: "Allow", Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/${GH}` }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringEquals: { [`${GH}:aud`]: "sts.amazonaws.com", [`${GH}:sub`]: `repo:${REPO}:environment:prod` } } });
const BOUNDARY_NAME = "expertconnect-deploy-boundary";
const BOUNDARY_ARN = `arn:aws:iam::${ACCOUNT}:policy/${BOUNDARY_NAME}`;
const containingBoundary = (...omit: string[]) => boundaryWithout(BOUNDARY_ARN, ...omit);
/** Red team U's boundary: it denies stopping the recorders, deleting evidence objects, some data reads and changes to itself, and nothing else. */
const RED_TEAM_BOUNDARY = doc(
    { Sid: "DeployWithinBoundary", Effect: "Allow", Action: "*", Resource: "*" },
    {
        Sid: "EvidenceIsNotDeployable", Effect: "Deny", Resource: "*",
        Action: ["cloudtrail:StopLogging", "cloudtrail:DeleteTrail", "cloudtrail:DeleteEventDataStore", "guardduty:DeleteDetector", "guardduty:DisassociateFromAdministratorAccount", "guardduty:CreateIPSet",
            "config:StopConfigurationRecorder", "config:DeleteConfigurationRecorder", "config:DeleteDeliveryChannel", "securityhub:DisableSecurityHub", "access-analyzer:DeleteAnalyzer"],
    },
    { Sid: "EvidenceObjectsAreNotDeletable", Effect: "Deny", Action: ["s3:DeleteObject", "s3:DeleteObjectVersion", "s3:PutBucketVersioning", "s3:DeleteBucket", "s3:DeleteBucketPolicy"], Resource: [TRAIL_BUCKET_ARN, `${TRAIL_BUCKET_ARN}/*`, CONFIG_BUCKET_ARN, `${CONFIG_BUCKET_ARN}/*`] },
    { Sid: "NoCustomerDataReads", Effect: "Deny", Action: ["s3:GetObject", "s3:GetObjectVersion", "rds-db:connect"], Resource: ["arn:aws:s3:::expertconnect-backup/*", "arn:aws:s3:::expertconnect-prod-static/*", `arn:aws:rds-db:*:${ACCOUNT}:dbuser:*/*`] },
    { Sid: "AuditKeyAndLogsStay", Effect: "Deny", Action: ["kms:ScheduleKeyDeletion", "kms:DisableKey", "logs:DeleteLogGroup", "logs:PutRetentionPolicy", "logs:DeleteRetentionPolicy"], Resource: [`arn:aws:kms:*:${ACCOUNT}:key/*`, `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:${TRAIL_LOG_GROUP}*`] },
    { Sid: "BoundaryStays", Effect: "Deny", Action: ["iam:DeleteRolePermissionsBoundary", "iam:PutRolePermissionsBoundary", "iam:CreatePolicyVersion", "iam:DeletePolicy", "iam:SetDefaultPolicyVersion"], Resource: [BOUNDARY_ARN, `arn:aws:iam::${ACCOUNT}:role/expertconnect-deploy-prod`] },
);
interface DeployOptions { trust?: string; maxSessionDuration?: number; boundaryDoc?: string | null; policyArns?: string[] }
function deployRole(o: DeployOptions = {}): Change {
    return all(
        add("aws:iam/openIdConnectProvider:OpenIdConnectProvider", "github-oidc", { url: `https://${GH}`, clientIdLists: ["sts.amazonaws.com"], tags: tags("ci") }),
        ...(o.boundaryDoc === null ? [] : [add(POLICY, "deploy-boundary", { name: BOUNDARY_NAME, description: "Permissions boundary of the CI deploy roles", policy: o.boundaryDoc ?? containingBoundary(), tags: tags("ci") })]),
        add(ROLE, "deploy-prod", {
            name: "expertconnect-deploy-prod", assumeRolePolicy: o.trust ?? OIDC_TRUST, maxSessionDuration: o.maxSessionDuration ?? 5400,
            ...(o.boundaryDoc === null ? {} : { permissionsBoundary: BOUNDARY_ARN }), tags: tags("ci"),
        }),
        ...(o.policyArns ?? [ADMIN]).map((arn, i) => add(RPA, `deploy-prod-access-${i}`, { role: "expertconnect-deploy-prod", policyArn: arn })),
    );
}
const passwordPolicy = (p: object): Change => add(PASSWORD_POLICY, "password-policy", {
    minimumPasswordLength: 14, requireSymbols: true, requireNumbers: true, requireUppercaseCharacters: true, requireLowercaseCharacters: true,
    allowUsersToChangePassword: true, passwordReusePrevention: 24, ...p,
});

const violations: Case[] = [
    // Red team U, people's roles.
    { name: "operator role (ViewOnly + service logs): MFA 'enforced' with Deny Bool aws:MultiFactorAuthPresent=false — the key is absent for long-term access-key calls, Bool does not match, so a leaked access key gets in without MFA", change: operatorRole(doc(assume(), { Effect: "Deny", Principal: ROOT, Action: "sts:AssumeRole", Condition: { Bool: { "aws:MultiFactorAuthPresent": "false" } } })) },
    { name: "operator role (ViewOnly + service logs): the account may assume it without MFA — a leaked access key of any user allowed sts:AssumeRole on * reads application logs with customer data", change: operatorRole(doc(assume())) },
    { name: "break-glass role: the account may assume it without MFA — any user or role allowed sts:AssumeRole on * becomes admin", change: breakGlass(doc(assume())) },
    // Other spellings and techniques of the same class.
    { name: "operator role: Allow with BoolIfExists aws:MultiFactorAuthPresent true — a long-term key carries no key, IfExists matches, so it gets in", change: operatorRole(doc(assume({ BoolIfExists: { "aws:MultiFactorAuthPresent": "true" } }))) },
    { name: "operator role: Allow only when aws:MultiFactorAuthPresent is present (Null false) — temporary credentials obtained without MFA carry it as false", change: operatorRole(doc(assume({ Null: { "aws:MultiFactorAuthPresent": "false" } }))) },
    // A grant whose only resources are log streams, in the spellings people write them.
    ...[
        ["the group's ARN then *", `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/ecs/expertconnect-prod-backend:*`],
        ["log-stream:* written out", `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/ecs/expertconnect-prod-backend:log-stream:*`],
        ["every /ecs group's streams", `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/ecs/*:log-stream:*`],
        ["a region wildcard and one stream prefix", `arn:aws:logs:*:${ACCOUNT}:log-group:/ecs/expertconnect-prod-backend:log-stream:ecs/backend/*`],
    ].map(([spelling, resource]): Case => ({
        name: `a role the account assumes without MFA whose only grant is logs:GetLogEvents on log streams (${spelling}) — a leaked access key reads the application's log lines`,
        change: all(
            add(ROLE, "stream-reader", { name: "expertconnect-stream-reader", assumeRolePolicy: doc(assume()), maxSessionDuration: 3600, tags: tags("operations") }),
            add(RP, "stream-reader-policy", { role: "expertconnect-stream-reader", policy: doc({ Effect: "Allow", Action: "logs:GetLogEvents", Resource: resource }) }),
        ),
    })),
    { name: "operator role: a named user may assume it without MFA (the account needs MFA, the user not)", change: operatorRole(doc(assume(MFA), assume(undefined, { AWS: `arn:aws:iam::${ACCOUNT}:user/ops-alice` }))) },
    { name: "operator role: MFA age checked but not presence — NumericLessThan on a missing aws:MultiFactorAuthAge does not match in the Deny", change: operatorRole(doc(assume(), { Effect: "Deny", Principal: ROOT, Action: "sts:AssumeRole", Condition: { NumericGreaterThan: { "aws:MultiFactorAuthAge": "3600" } } })) },
    { name: "log reader: trust without MFA, its own policy denies only IAM without MFA — a session without MFA still reads the logs", change: logReader(doc(assume()), { Effect: "Deny", Action: "iam:*", Resource: "*", Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } } }) },
    { name: "operator role with MFA but 12-hour sessions — a session credential outlives the working day", change: operatorRole(MFA_TRUST, 43200) },
    { name: "Identity Center permission set with 12-hour sessions", change: add(PERMISSION_SET, "operators", { name: "Operators", instanceArn: "arn:aws:sso:::instance/ssoins-1234567890abcdef", sessionDuration: "PT12H", tags: tags("operations") }) },
    // Red team U note: the 12-hour deploy role was blocked only because of its AdministratorAccess.
    { name: "CI role with ViewOnlyAccess and 12-hour sessions — a credential leaked from a job outlives the job by hours", change: deployRole({ maxSessionDuration: 43200, boundaryDoc: null, policyArns: [VIEW_ONLY] }) },
    { name: "deploy role: 12-hour sessions — a leaked CI credential stays valid for half a day", change: deployRole({ maxSessionDuration: 43200 }) },
    // Break-glass that is not the accepted shape.
    { name: "break-glass role: MFA required but of any age — an MFA session from the morning opens it in the evening", change: breakGlass(doc(assume(MFA))) },
    { name: "break-glass role: 12-hour sessions", change: breakGlass(MFA_TRUST, 43200) },
    { name: "break-glass role without the alarm on its use", change: breakGlass(MFA_TRUST, 3600, null) },
    { name: "break-glass role whose alarm needs 2 assumptions — one use goes unnoticed", change: breakGlass(MFA_TRUST, 3600, { threshold: 2 }) },
    { name: "break-glass role whose filter names another role — the assumption of this one is not counted", change: breakGlass(MFA_TRUST, 3600, { pattern: '{ ($.eventName = "AssumeRole") && ($.requestParameters.roleArn = "*:role/expertconnect-breakglass") }' }) },
    { name: "break-glass role whose filter sits on the backend's log group — it never sees a CloudTrail record", change: breakGlass(MFA_TRUST, 3600, { logGroupName: "/ecs/expertconnect-prod-backend" }) },
    { name: "break-glass role also trusted by the deploy role's OIDC provider — CI holds it without MFA or alarm", change: breakGlass(doc(assume(FRESH_MFA), { Effect: "Allow", Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/${GH}` }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringEquals: { [`${GH}:aud`]: "sts.amazonaws.com", [`${GH}:sub`]: `repo:${REPO}:environment:prod` } } })) },
    // Admin inside a boundary that does not contain it. Red team U's "CI deploy role done right",
    // renamed: its boundary lets the role create roles without it.
    { name: "CI deploy role (red team's 'done right'): AdministratorAccess inside a boundary that never requires itself on the roles the deploy role creates — iam:CreateRole plus AttachRolePolicy make an unbounded AdministratorAccess role it then assumes (privilege escalation); it may also rewrite the trail's selectors and bucket lifecycle and read every secret", change: deployRole({ boundaryDoc: RED_TEAM_BOUNDARY, maxSessionDuration: 3600 }) },
    { name: "deploy role: AdministratorAccess without a permissions boundary — CI (or whoever owns the workflow) can stop the trail, delete the detector and empty the evidence bucket", change: deployRole({ boundaryDoc: null }) },
    { name: "deploy role: permissions boundary that only allows * — a boundary with no Deny leaves StopLogging, DeleteDetector and evidence deletion available", change: deployRole({ boundaryDoc: doc({ Sid: "DeployWithinBoundary", Effect: "Allow", Action: "*", Resource: "*" }) }) },
    { name: "CI deploy role: AdministratorAccess inside a boundary that denies evidence deletion and data reads but lets it iam:CreateRole without the boundary — it creates an unbounded role with AdministratorAccess and assumes it (privilege escalation)", change: deployRole({ boundaryDoc: containingBoundary("RolesKeepTheBoundary") }) },
    { name: "CI deploy role: boundary keeps roles bounded but lets it mint an access key for any user (iam:CreateAccessKey) — a break-glass user's key is outside the boundary", change: deployRole({ boundaryDoc: containingBoundary("NoUsers") }) },
    { name: "CI deploy role: boundary lets it rewrite the boundary itself (iam:CreatePolicyVersion)", change: deployRole({ boundaryDoc: containingBoundary("BoundaryStays") }) },
    { name: "CI deploy role: boundary lets it change the trail's event selectors and the detector — it can stop recording what it does", change: deployRole({ boundaryDoc: containingBoundary("RecordingIsNotDeployable") }) },
    { name: "CI deploy role: boundary lets it change the trail bucket's lifecycle and delete log files", change: deployRole({ boundaryDoc: containingBoundary("EvidenceIsReadOnly") }) },
    { name: "CI deploy role: boundary lets it read the secrets and the backups' objects", change: deployRole({ boundaryDoc: containingBoundary("NoDataReads") }) },
    { name: "CI deploy role: contained by its boundary but also trusted by the account — any principal of the account holds it", change: deployRole({ trust: doc(JSON.parse(OIDC_TRUST).Statement[0], assume()) }) },
    { name: "CI deploy role: contained by its boundary but trusted for every branch of the repository", change: deployRole({ trust: OIDC_TRUST.replace(":environment:prod", ":*").replace("StringEquals", "StringLike") }) },
    // Password policy.
    { name: "account password policy: 8 characters, no symbols or numbers, no reuse prevention, no expiry — below CIS (14, reuse 24)", change: passwordPolicy({ minimumPasswordLength: 8, requireSymbols: false, requireNumbers: false, passwordReusePrevention: 0, maxPasswordAge: 0 }) },
    { name: "account password policy: 14 characters but reuse prevention 5", change: passwordPolicy({ passwordReusePrevention: 5 }) },
    { name: "account password policy: length left unset (AWS's 6)", change: passwordPolicy({ minimumPasswordLength: undefined }) },
    { name: "account password policy: symbols not required", change: passwordPolicy({ requireSymbols: false }) },
];

const compliant: Case[] = [
    { name: "a stream reader the account assumes only with MFA (its only grant logs:GetLogEvents on the backend's streams)", change: all(
        add(ROLE, "stream-reader", { name: "expertconnect-stream-reader", assumeRolePolicy: MFA_TRUST, maxSessionDuration: 3600, tags: tags("operations") }),
        add(RP, "stream-reader-policy", { role: "expertconnect-stream-reader", policy: doc({ Effect: "Allow", Action: "logs:GetLogEvents", Resource: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/ecs/expertconnect-prod-backend:log-stream:*` }) }),
    ) },
    { name: "operator role: MFA, 1-hour sessions, ViewOnlyAccess plus reading the services' log groups (the guide's describe-services and filter-log-events)", change: operatorRole(MFA_TRUST) },
    { name: "operator role: MFA enforced with a Deny on BoolIfExists aws:MultiFactorAuthPresent false", change: operatorRole(doc(assume(), { Effect: "Deny", Principal: ROOT, Action: "sts:AssumeRole", Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } } })) },
    { name: "log reader: trust without MFA, but its own policy denies everything to a session without MFA (role sessions carry the key, so Bool works there)", change: logReader(doc(assume()), { Effect: "Deny", NotAction: ["sts:GetCallerIdentity"], Resource: "*", Condition: { Bool: { "aws:MultiFactorAuthPresent": "false" } } }) },
    { name: "Identity Center permission set with 1-hour sessions", change: add(PERMISSION_SET, "operators", { name: "Operators", instanceArn: "arn:aws:sso:::instance/ssoins-1234567890abcdef", sessionDuration: "PT1H", tags: tags("operations") }) },
    { name: "break-glass role with MFA (max age 1 h), 1-hour sessions, and an alarm whenever it is assumed", change: breakGlass() },
    { name: "break-glass role: alarm written GreaterThanThreshold 0", change: breakGlass(MFA_TRUST, 3600, { threshold: 0, comparisonOperator: "GreaterThanThreshold" }) },
    { name: "CI role with ViewOnlyAccess and the workflows' 90-minute sessions", change: deployRole({ boundaryDoc: null, policyArns: [VIEW_ONLY] }) },
    { name: "CI deploy role: AdministratorAccess inside a boundary it cannot leave (roles it touches keep the boundary, no users, the boundary fixed), off the recording services and the evidence, with no direct data reads", change: deployRole() },
    { name: "account password policy per CIS: 14+ characters, all classes, reuse prevention 24, 90-day expiry", change: passwordPolicy({ maxPasswordAge: 90 }) },
    { name: "account password policy: 20 characters, no expiry (current CIS)", change: passwordPolicy({ minimumPasswordLength: 20 }) },
];

suite("adversarial class 3: roles for people and CI, as IAM evaluates their trust and sessions", violations, compliant);
