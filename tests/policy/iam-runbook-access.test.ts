/**
 * iam-runbook-access: the runbook's procedures stay runnable by their operators, as IAM evaluates
 * the requests read from the runbook the program emits (policy/lib/facts/runbookAccess.ts).
 */
import { expect } from "chai";

import { buildRunbook } from "../../components/operations/runbook";
import { iamRunbookAccess } from "../../policy/iam/runbookAccess";
import { cliRequests, FAILOVER_REQUESTS, runbookProcedures } from "../../policy/lib/facts/runbookAccess";
import { actionInfo } from "../../policy/lib/iam/catalog";
import { stackTable } from "./support/cases";
import { ACCOUNT } from "./support/fixtures";
import { StackResourceInput } from "./support/harness";

const REGION = "us-west-2";
const doc = (...Statement: object[]) => JSON.stringify({ Version: "2012-10-17", Statement });
const runbook = buildRunbook({
    stack: "dr", region: REGION, clusterName: "expertconnect-dr-cluster",
    services: { backend: "expertconnect-dr-backend", frontend: "expertconnect-dr-frontend" },
    logGroups: { backend: "/ecs/expertconnect-dr-backend", frontend: "/ecs/expertconnect-dr-frontend" },
    backendContainer: "backend", databaseIdentifier: "expertconnect-dr-db", buckets: {}, dashboardName: "d", dashboardUrl: "u",
    alarmTopicArn: `arn:aws:sns:${REGION}:${ACCOUNT}:expertconnect-alarms`, parameterPath: "/expertconnect/dr", drStack: "dr",
    restoreTest: { planName: "p", planArn: `arn:aws:backup:${REGION}:${ACCOUNT}:restore-testing-plan:p`, vaultName: "v", roleArn: `arn:aws:iam::${ACCOUNT}:role/backup`, databaseArn: `arn:aws:rds:${REGION}:${ACCOUNT}:db:expertconnect-dr-db` },
});
const KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/11111111-2222-3333-4444-555555555555`;
const KEY_POLICY = { Sid: "Account", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" };

const fixture: StackResourceInput[] = [
    { type: "pulumi:pulumi:Stack", name: "expertconnect-infra-dr", props: { runbook } },
    { type: "aws:kms/key:Key", name: "database-key", props: { arn: KEY_ARN, policy: doc(KEY_POLICY) } },
    { type: "aws:rds/instance:Instance", name: "database", props: { identifier: "expertconnect-dr-db", arn: `arn:aws:rds:${REGION}:${ACCOUNT}:db:expertconnect-dr-db`, kmsKeyId: KEY_ARN } },
    { type: "aws:ecs/cluster:Cluster", name: "cluster", props: { name: "expertconnect-dr-cluster", configuration: { executeCommandConfiguration: { kmsKeyId: KEY_ARN } } } },
];
const deny = (Action: string | string[], extra: object = {}) => ({ Effect: "Deny", Action, Resource: "*", ...extra });
const onGroup = (statement: object) => (s: StackResourceInput[]) => {
    s.push({ type: "aws:iam/groupPolicy:GroupPolicy", name: "freeze", props: { group: "expertconnect-operators", policy: doc(statement) } });
};
const onDeployRole = (statement: object) => (s: StackResourceInput[]) => {
    s.push({ type: "aws:iam/rolePolicy:RolePolicy", name: "freeze", props: { role: "expertconnect-deploy-dr", policy: doc(statement) } });
};
const peopleRole = (s: StackResourceInput[]) => {
    s.push({ type: "aws:iam/role:Role", name: "operator", props: { name: "expertconnect-operator", arn: `arn:aws:iam::${ACCOUNT}:role/expertconnect-operator`, maxSessionDuration: 3600,
        assumeRolePolicy: doc({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "sts:AssumeRole", Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } } }) } });
};

describe("runbook requests (policy/lib/facts/runbookAccess.ts)", () => {
    it("reads every aws command of the program's runbook as actions AWS knows, on the ARNs it names", async () => {
        const requests = runbookProcedures(runbook.commands).flatMap(p => p.lines.flatMap(l => cliRequests(l, REGION, ACCOUNT).map(r => ({ ...r, procedure: p.procedure }))));
        for (const r of [...requests, ...FAILOVER_REQUESTS]) {
            expect(await actionInfo(r.action), r.action).to.not.equal(undefined);
        }
        const find = (action: string) => requests.filter(r => r.action === action);
        expect(find("ecs:UpdateService").map(r => r.procedure)).to.have.members(["scale", "scale", "forceDeployment", "forceDeployment"]);
        expect(find("ecs:UpdateService")[0].resources).to.include(`arn:aws:ecs:${REGION}:${ACCOUNT}:service/expertconnect-dr-cluster/expertconnect-dr-backend`);
        expect(find("ecs:ExecuteCommand")[0].resources).to.include(`arn:aws:ecs:${REGION}:${ACCOUNT}:task/expertconnect-dr-cluster/placeholder`);
        expect(find("ecs:ListTasks")).to.have.length(1);
        expect(find("rds:CreateDBSnapshot")[0].resources).to.include(`arn:aws:rds:${REGION}:${ACCOUNT}:snapshot:expertconnect-dr-db-manual-placeholder`);
        expect(find("logs:FilterLogEvents")[0].resources).to.deep.equal([`arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/ecs/expertconnect-dr-backend:*`]);
        expect(find("iam:PassRole")[0].resources).to.deep.equal([`arn:aws:iam::${ACCOUNT}:role/backup`]);
        expect(find("backup:StartRestoreJob")).to.have.length(1);
        expect(find("rds:DeleteDBInstance")[0].resources).to.deep.equal([`arn:aws:rds:${REGION}:${ACCOUNT}:db:expertconnect-dr-db-restore-test`]);
    });

    it("ignores lines that call no aws command (the failover's pulumi up is stated, not parsed)", () => {
        expect(cliRequests("pulumi config set expertconnect:dr.phase promote -s dr && pulumi up -s dr", REGION, ACCOUNT)).to.deep.equal([]);
    });
});

describe("iam-runbook-access", () => {
    stackTable(iamRunbookAccess, fixture, {
        passes: {
            "a Deny on the group exempts the people's operator role, which exists": { change: s => { peopleRole(s); onGroup(deny("ecs:UpdateService", { Condition: { ArnNotEquals: { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT}:role/expertconnect-operator` } } }))(s); } },
            "the group must use MFA (people's sessions carry it)": { change: onGroup(deny("*", { Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } } })) },
            "a Deny on actions no procedure makes": { change: onGroup(deny(["iam:CreateUser", "iam:AttachRolePolicy", "rds:DeleteDBSnapshot"])) },
            "a Deny on the live database's deletion (the restore test deletes only its own instance)": { change: onGroup({ Effect: "Deny", Action: "rds:DeleteDBInstance", Resource: `arn:aws:rds:${REGION}:${ACCOUNT}:db:expertconnect-dr-db` }) },
            "the operators are configured elsewhere": { change: onGroup(deny("ecs:UpdateService")), config: { operatorPrincipals: [{ principal: "group/other-operators", flow: "people", procedures: "all" }] } },
        },
        violations: {
            "a Deny on the group exempts a role that exists nowhere": { change: onGroup(deny("ecs:UpdateService", { Condition: { ArnNotEquals: { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT}:role/expertconnect-breakglass` } } })), message: /scale is refused to group expertconnect-operators .*ecs:UpdateService/ },
            "a NotAction Deny on the group": { change: onGroup({ Effect: "Deny", NotAction: ["ecs:Describe*", "logs:*"], Resource: "*" }), message: /refused to group expertconnect-operators/ },
            "a Deny on the deploy role for sessions without MFA": { change: onDeployRole(deny("rds:*", { Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } } })), message: /failover is refused to role expertconnect-deploy-dr .*rds:PromoteReadReplica/ },
            "the database key's policy denies CreateGrant to the deploy role": {
                change: s => { s[1].props.policy = doc(KEY_POLICY, { Effect: "Deny", Principal: { AWS: "*" }, Action: "kms:CreateGrant", Resource: "*", Condition: { ArnLike: { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT}:role/expertconnect-deploy-*` } } }); },
                message: /failover is refused to role expertconnect-deploy-dr .*kms:CreateGrant .*key policy/,
            },
            "exec's key denies the operators GenerateDataKey": {
                change: s => { s[1].props.policy = doc(KEY_POLICY, { Effect: "Deny", Principal: { AWS: "*" }, Action: "kms:GenerateDataKey", Resource: "*", Condition: { StringEquals: { "aws:PrincipalType": "User" } } }); },
                message: /execIntoBackend is refused .*kms:GenerateDataKey/,
            },
            "a boundary on the deploy role (held by the stack) leaves promotion out": {
                change: s => {
                    s.push({ type: "aws:iam/policy:Policy", name: "boundary", props: { name: "b", arn: `arn:aws:iam::${ACCOUNT}:policy/b`, policy: doc({ Effect: "Allow", NotAction: "rds:PromoteReadReplica", Resource: "*" }) } });
                    s.push({ type: "aws:iam/role:Role", name: "deploy", props: { name: "expertconnect-deploy-dr", permissionsBoundary: `arn:aws:iam::${ACCOUNT}:policy/b`, managedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"] } });
                },
                message: /failover is refused to role expertconnect-deploy-dr .*rds:PromoteReadReplica .*permissions boundary/,
            },
            "the group held by the stack has no grant": { change: s => { s.push({ type: "aws:iam/group:Group", name: "operators", props: { name: "expertconnect-operators" } }); }, message: /do not allow it/ },
        },
    });
});
