/**
 * Roles for people and CI: iam-human-roles (MFA judged by simulating AssumeRole without it,
 * session ceilings), iam-no-broad-grants' privileged shapes (a break-glass role, a CI role
 * contained by its boundary), iam-password-policy (the CIS floors), the evaluation core under
 * them, and the session facts the CI workflows must agree with.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";

import { iamNoBroadGrants } from "../../policy/iam/broadGrants";
import { iamHumanRoles, isoSeconds } from "../../policy/iam/humanRoles";
import { iamPasswordPolicy } from "../../policy/iam/passwordPolicy";
import { CI_SESSION_SECONDS } from "../../policy/lib/facts/sessionLimits";
import { NormalPolicy, parsePolicy } from "../../policy/lib/iam/document";
import { admittedWithoutMfa, trustCallers } from "../../policy/lib/iam/humanAccess";
import { resourceTable, stackTable } from "./support/cases";
import { ACCOUNT } from "./support/fixtures";
import { StackResourceInput } from "./support/harness";
import { adding, allow, containingBoundary, doc, find, iamStack, REGION, TOPIC_ARN, TRAIL_LOG_GROUP } from "./support/iam";

const ROOT = { AWS: `arn:aws:iam::${ACCOUNT}:root` };
const assume = (condition?: object, Principal: object = ROOT) => ({ Effect: "Allow", Principal, Action: "sts:AssumeRole", ...(condition ? { Condition: condition } : {}) });
const MFA = { Bool: { "aws:MultiFactorAuthPresent": "true" } };
const FRESH_MFA = { ...MFA, NumericLessThan: { "aws:MultiFactorAuthAge": "3600" } };
const GH = "token.actions.githubusercontent.com";
const OIDC_TRUST = doc({
    Effect: "Allow", Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/${GH}` }, Action: "sts:AssumeRoleWithWebIdentity",
    Condition: { StringEquals: { [`${GH}:aud`]: "sts.amazonaws.com", [`${GH}:sub`]: "repo:expertconnect/expertconnect-infra:environment:prod" } },
});
const ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess";
const LOGS = `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/ecs/expertconnect-prod-backend:*`;

const role = (name: string, trust: string, extra: object = {}): StackResourceInput => ({
    type: "aws:iam/role:Role", name, props: { name: `expertconnect-${name}`, arn: `arn:aws:iam::${ACCOUNT}:role/expertconnect-${name}`, assumeRolePolicy: trust, maxSessionDuration: 3600, ...extra },
});
const inline = (name: string, roleName: string, ...statements: object[]): StackResourceInput => ({
    type: "aws:iam/rolePolicy:RolePolicy", name, props: { role: `expertconnect-${roleName}`, policy: doc(...statements) }, propertyDependencies: { role: [roleName] },
});
const attach = (name: string, roleName: string, policyArn: string): StackResourceInput => ({
    type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment", name, props: { role: `expertconnect-${roleName}`, policyArn }, propertyDependencies: { role: [roleName] },
});
const props = (name: string, values: object) => (s: StackResourceInput[]) => { Object.assign(find(s, name).props, values); };
const trustOf = (name: string, ...statements: object[]) => props(name, { assumeRolePolicy: doc(...statements) });

/** The stack with an operator role (MFA), a CI role (web identity, the workflows' session) and a permission set. */
function peopleStack(): StackResourceInput[] {
    return [
        ...iamStack(),
        role("operator", doc(assume(MFA))),
        inline("operator-logs", "operator", allow(["logs:FilterLogEvents", "logs:GetLogEvents"], LOGS)),
        role("ci-preview", OIDC_TRUST, { maxSessionDuration: CI_SESSION_SECONDS }),
        attach("ci-preview-read", "ci-preview", "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"),
        { type: "aws:ssoadmin/permissionSet:PermissionSet", name: "operators", props: { name: "Operators", sessionDuration: "PT1H" } },
    ];
}

describe("iam-human-roles", function () {
    this.timeout(20000); // the first case loads AWS's action catalogue
    stackTable(iamHumanRoles, peopleStack(), {
        passes: {
            "the trust denies on BoolIfExists MultiFactorAuthPresent false": { change: trustOf("operator", assume(), { Effect: "Deny", Principal: ROOT, Action: "sts:AssumeRole", Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } } }) },
            "the trust lets in without MFA but the role's policy denies a session without MFA everything": {
                change: s => {
                    trustOf("operator", assume())(s);
                    s.push(inline("operator-guard", "operator", { Effect: "Deny", NotAction: "sts:GetCallerIdentity", Resource: "*", Condition: { Bool: { "aws:MultiFactorAuthPresent": "false" } } }));
                },
            },
            "a service role with a 12-hour maximum (no person or CI assumes it)": { change: props("backend-task-role", { maxSessionDuration: 43200 }) },
            "maxSessionDuration unset (AWS's one hour)": { change: props("operator", { maxSessionDuration: undefined }) },
            "a permission set without sessionDuration (Identity Center's one hour)": { change: props("operators", { sessionDuration: undefined }) },
        },
        violations: {
            "the account may assume the operator role without MFA": { change: trustOf("operator", assume()), message: /long-term access key.*logs:/ },
            "without MFA, and the role's only grant reads the service's log streams (written as the group's ARN then *)": {
                change: s => { trustOf("operator", assume())(s); find(s, "operator-logs").props.policy = doc(allow(["logs:GetLogEvents"], LOGS)); },
                message: /long-term access key.*logs:GetLogEvents/,
            },
            "the trust denies on Bool MultiFactorAuthPresent false (a long-term key carries no key)": {
                change: trustOf("operator", assume(), { Effect: "Deny", Principal: ROOT, Action: "sts:AssumeRole", Condition: { Bool: { "aws:MultiFactorAuthPresent": "false" } } }), message: /long-term access key/,
            },
            "the trust allows on BoolIfExists MultiFactorAuthPresent true": { change: trustOf("operator", assume({ BoolIfExists: { "aws:MultiFactorAuthPresent": "true" } })), message: /long-term access key/ },
            "the trust only asks that the MFA key exists": { change: trustOf("operator", assume({ Null: { "aws:MultiFactorAuthPresent": "false" } })), message: /temporary credentials obtained without MFA/ },
            "a named user may assume it without MFA": { change: trustOf("operator", assume(MFA), assume(undefined, { AWS: `arn:aws:iam::${ACCOUNT}:user/alice` })), message: /user\/alice/ },
            "the role's own guard denies IAM only": {
                change: s => {
                    trustOf("operator", assume())(s);
                    s.push(inline("operator-guard", "operator", { Effect: "Deny", Action: "iam:*", Resource: "*", Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } } }));
                },
                message: /may still act/,
            },
            "an AWS managed policy the pack has no document for grants the no-MFA session something": {
                change: s => { trustOf("operator", assume())(s); s.push(attach("operator-view", "operator", "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess")); },
                message: /ViewOnlyAccess/,
            },
            "people's sessions last 12 hours": { change: props("operator", { maxSessionDuration: 43200 }), message: /assumed by people.*43200/ },
            "CI's sessions last longer than the workflows ask for": { change: props("ci-preview", { maxSessionDuration: 43200 }), message: /web-identity.*43200/ },
            "a permission set's sessions last 12 hours": { change: props("operators", { sessionDuration: "PT12H" }), message: /PT12H/ },
        },
    });
});

/** The trail delivering to its log group, an alarm topic with a subscriber, and a break-glass role paged on each use. */
function breakGlassStack(): StackResourceInput[] {
    return [
        ...iamStack(),
        { type: "aws:cloudtrail/trail:Trail", name: "trail", props: { name: "expertconnect-trail", arn: `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/expertconnect-trail`, cloudWatchLogsGroupArn: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${TRAIL_LOG_GROUP}:*` } },
        { type: "aws:sns/topicSubscription:TopicSubscription", name: "oncall", props: { topic: TOPIC_ARN, protocol: "email", endpoint: "oncall@example.com" } },
        role("break-glass", doc(assume(FRESH_MFA))),
        attach("break-glass-admin", "break-glass", ADMIN),
        {
            type: "aws:cloudwatch/logMetricFilter:LogMetricFilter", name: "break-glass-used",
            props: { logGroupName: TRAIL_LOG_GROUP, pattern: '{ ($.eventName = "AssumeRole") && ($.requestParameters.roleArn = "*:role/expertconnect-break-glass") }', metricTransformation: { name: "BreakGlassUsed", namespace: "Security", value: "1" } },
        },
        {
            type: "aws:cloudwatch/metricAlarm:MetricAlarm", name: "break-glass-alarm",
            props: { namespace: "Security", metricName: "BreakGlassUsed", statistic: "Sum", period: 60, evaluationPeriods: 1, threshold: 1, comparisonOperator: "GreaterThanOrEqualToThreshold", alarmActions: [TOPIC_ARN] },
        },
    ];
}

describe("iam-no-broad-grants: a break-glass role", function () {
    this.timeout(20000);
    stackTable(iamNoBroadGrants, breakGlassStack(), {
        passes: {
            "the alarm fires above 0": { change: props("break-glass-alarm", { threshold: 0, comparisonOperator: "GreaterThanThreshold" }) },
        },
        violations: {
            "MFA of any age opens it": { change: trustOf("break-glass", assume(MFA)), message: /MFA older than 3600 s/ },
            "no MFA at all": { change: trustOf("break-glass", assume()), message: /long-term access key/ },
            "its sessions last 12 hours": { change: props("break-glass", { maxSessionDuration: 43200 }), message: /sessions of at most 3600/ },
            "the alarm needs two uses": { change: props("break-glass-alarm", { threshold: 2 }), message: /alarm that pages on a single one/ },
            "the alarm needs two periods": { change: props("break-glass-alarm", { evaluationPeriods: 2 }), message: /alarm that pages on a single one/ },
            "the alarm has no action": { change: props("break-glass-alarm", { alarmActions: [] }), message: /alarm that pages/ },
            "the filter counts another role": { change: props("break-glass-used", { pattern: '{ $.requestParameters.roleArn = "*:role/other" }' }), message: /metric filter/ },
            "the filter is on another log group": { change: props("break-glass-used", { logGroupName: "/ecs/backend" }), message: /metric filter/ },
            "a CI token may assume it too": { change: trustOf("break-glass", assume(FRESH_MFA), JSON.parse(OIDC_TRUST).Statement[0]), message: /full access/ },
        },
    });
});

const BOUNDARY_ARN = `arn:aws:iam::${ACCOUNT}:policy/deploy-boundary`;

/** A CI deploy role with AdministratorAccess inside a boundary that contains it (named by its ARN, the policy's arn unknown). */
function deployStack(): StackResourceInput[] {
    return [
        ...iamStack(),
        { type: "aws:iam/policy:Policy", name: "deploy-boundary", props: { name: "deploy-boundary", policy: containingBoundary(BOUNDARY_ARN) } },
        role("deploy", OIDC_TRUST, { maxSessionDuration: CI_SESSION_SECONDS, permissionsBoundary: BOUNDARY_ARN }),
        attach("deploy-admin", "deploy", ADMIN),
    ];
}
const boundaryWithout = (...omit: string[]) => props("deploy-boundary", { policy: containingBoundary(BOUNDARY_ARN, ...omit) });

describe("iam-no-broad-grants: a CI role contained by its boundary", function () {
    this.timeout(60000);
    stackTable(iamNoBroadGrants, deployStack(), {
        violations: {
            "the boundary lets it create roles without the boundary": { change: boundaryWithout("RolesKeepTheBoundary"), message: /creates a role without the boundary/ },
            "the boundary lets it mint a user's access key": { change: boundaryWithout("NoUsers"), message: /iam:CreateAccessKey/ },
            "the boundary lets it rewrite itself": { change: boundaryWithout("BoundaryStays"), message: /rewrites its boundary/ },
            "the boundary lets it change the recorders": { change: boundaryWithout("RecordingIsNotDeployable"), message: /changes what the account records/ },
            "the boundary lets it read secrets and objects": { change: boundaryWithout("NoDataReads"), message: /reads the data directly/ },
            "the boundary only allows *": { change: props("deploy-boundary", { policy: doc(allow("*")) }), message: /leaves the boundary/ },
            "no boundary": { change: props("deploy", { permissionsBoundary: undefined }), message: /a permissions boundary/ },
            "a boundary the pack has no document for": { change: props("deploy", { permissionsBoundary: `arn:aws:iam::${ACCOUNT}:policy/elsewhere` }), message: /no document for/ },
            "12-hour sessions": { change: props("deploy", { maxSessionDuration: 43200 }), message: /sessions of at most 5400/ },
            "the trust admits every branch": { change: props("deploy", { assumeRolePolicy: OIDC_TRUST.replace(":environment:prod", ":*").replace("StringEquals", "StringLike") }), message: /admits no token an outsider/ },
        },
    });
});

describe("iam-no-broad-grants: a boundary is not a grant", function () {
    this.timeout(20000);
    stackTable(iamNoBroadGrants, iamStack(), {
        passes: {
            "an Allow-* boundary named by a literal ARN while the policy's arn is unknown": {
                change: adding(
                    { type: "aws:iam/policy:Policy", name: "boundary", props: { name: "boundary", path: "/ci/", policy: doc(allow("*")) } },
                    role("bounded", doc(assume(MFA)), { permissionsBoundary: `arn:aws:iam::${ACCOUNT}:policy/ci/boundary` }),
                ),
            },
        },
        violations: {
            "the same policy under another path is not that boundary, so it is judged on its own": {
                change: adding(
                    { type: "aws:iam/policy:Policy", name: "boundary", props: { name: "boundary", path: "/other/", policy: doc(allow("*")) } },
                    role("bounded", doc(assume(MFA)), { permissionsBoundary: `arn:aws:iam::${ACCOUNT}:policy/ci/boundary` }),
                ),
                message: /unattached policy boundary.*full access/,
            },
        },
    });
});

describe("iam-password-policy", () => {
    resourceTable(iamPasswordPolicy, {
        type: "aws:iam/accountPasswordPolicy:AccountPasswordPolicy", name: "password-policy",
        props: { minimumPasswordLength: 14, passwordReusePrevention: 24, requireUppercaseCharacters: true, requireLowercaseCharacters: true, requireNumbers: true, requireSymbols: true, allowUsersToChangePassword: true },
    }, {
        passes: {
            "passwords are longer and expire": { change: r => { Object.assign(r.props, { minimumPasswordLength: 20, maxPasswordAge: 90 }); } },
        },
        violations: {
            "8 characters": { change: r => { r.props.minimumPasswordLength = 8; }, message: /minimumPasswordLength is 8/ },
            "length unset": { change: r => { delete r.props.minimumPasswordLength; }, message: /unset \(AWS: 6\)/ },
            "reuse prevention 5": { change: r => { r.props.passwordReusePrevention = 5; }, message: /passwordReusePrevention is 5/ },
            "reuse prevention unset": { change: r => { delete r.props.passwordReusePrevention; }, message: /passwordReusePrevention is unset/ },
            "no symbols": { change: r => { r.props.requireSymbols = false; }, message: /requireSymbols/ },
            "no numbers nor upper case": { change: r => { delete r.props.requireNumbers; r.props.requireUppercaseCharacters = false; }, message: /requireUppercaseCharacters, requireNumbers are not true/ },
            "users may not change their password": { change: r => { r.props.allowUsersToChangePassword = false; }, message: /allowUsersToChangePassword/ },
            "a raised floor": { config: { minimumPasswordLength: 16 }, message: /below 16/ },
        },
    });
});

describe("humanAccess: who a trust admits, and without MFA", function () {
    this.timeout(20000);
    const policy = (...statements: object[]) => parsePolicy(JSON.parse(doc(...statements))) as NormalPolicy;
    const roleArn = `arn:aws:iam::${ACCOUNT}:role/r`;
    it("sorts callers: account, users and * are people; SAML and Identity Center federate people; OIDC is CI", () => {
        const callers = trustCallers(policy(
            assume(undefined, { AWS: [ACCOUNT, `arn:aws:iam::${ACCOUNT}:user/a`, `arn:aws:iam::${ACCOUNT}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0123`, `arn:aws:iam::${ACCOUNT}:role/other`, "arn:aws:iam::444455556666:root"] }),
            { Effect: "Allow", Principal: { Federated: [`arn:aws:iam::${ACCOUNT}:saml-provider/okta`, `arn:aws:iam::${ACCOUNT}:oidc-provider/${GH}`], Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" },
        ), ACCOUNT);
        expect(callers.people).to.deep.equal([ACCOUNT, `arn:aws:iam::${ACCOUNT}:user/a`]);
        expect(callers.federatedPeople).to.have.length(2);
        expect(callers.webIdentity).to.deep.equal([`arn:aws:iam::${ACCOUNT}:oidc-provider/${GH}`]);
        expect(callers.roles).to.deep.equal([`arn:aws:iam::${ACCOUNT}:role/other`]);
        expect(callers.foreign).to.deep.equal(["arn:aws:iam::444455556666:root"]);
        expect(callers.services).to.deep.equal(["ecs-tasks.amazonaws.com"]);
    });
    const gaps = async (trust: NormalPolicy, fresh?: number) => (await admittedWithoutMfa(trust, roleArn, ACCOUNT, fresh)).map(g => g.credential.split(" (")[0]);
    it("a Deny on Bool false misses the long-term key, BoolIfExists does not", async () => {
        const deny = (op: string) => ({ Effect: "Deny", Principal: ROOT, Action: "sts:AssumeRole", Condition: { [op]: { "aws:MultiFactorAuthPresent": "false" } } });
        expect(await gaps(policy(assume(), deny("Bool")))).to.deep.equal(["a long-term access key"]);
        expect(await gaps(policy(assume(), deny("BoolIfExists")))).to.deep.equal([]);
    });
    it("an Allow needs the key true; a fresh-MFA ceiling refuses old MFA", async () => {
        expect(await gaps(policy(assume(MFA)))).to.deep.equal([]);
        expect(await gaps(policy(assume(MFA)), 3600)).to.deep.equal(["MFA older than 3600 s"]);
        expect(await gaps(policy(assume(FRESH_MFA)), 3600)).to.deep.equal([]);
    });
    it("reads ISO 8601 session durations", () => {
        expect(isoSeconds("PT1H")).to.equal(3600);
        expect(isoSeconds("PT1H30M")).to.equal(5400);
        expect(isoSeconds("P1D")).to.equal(undefined);
    });
});

describe("session facts and the CI workflows", () => {
    it("every workflow asks for the CI session the pack allows (policy/lib/facts/sessionLimits.ts)", () => {
        const dir = path.join(__dirname, "../../.github/workflows");
        const asked = fs.readdirSync(dir).flatMap(f => [...fs.readFileSync(path.join(dir, f), "utf8").matchAll(/role-duration-seconds:\s*(\d+)/g)].map(m => Number(m[1])));
        expect(asked).to.not.be.empty;
        expect([...new Set(asked)]).to.deep.equal([CI_SESSION_SECONDS]);
    });
});
