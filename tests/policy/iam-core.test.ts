/** The IAM evaluation core (policy/lib/iam) on its own: reading, expanding, classifying, evaluating. */
import { expect } from "chai";

import {
    accessLevel, accountOf, evaluate, expandActions, isAccountRoot, isPolicyError, isRestrictive, NormalPolicy,
    parsePolicy, probeResource, requesterScope, riskOf, statementActions,
} from "../../policy/lib/iam";
import { arnWitness } from "../../policy/lib/iam/arnWitness";
import { callerChosenContext } from "../../policy/lib/iam/conditions";
import { namedInstances } from "../../policy/lib/iam/evaluate";
import { forPrincipal } from "../../policy/lib/iam/variables";

const ACCOUNT = "123456789012";
const policy = (input: unknown) => {
    const p = parsePolicy(input);
    if (isPolicyError(p)) {
        throw new Error(p.error);
    }
    return p as NormalPolicy;
};

describe("IAM core: parsePolicy", () => {
    const canonical = { Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::b/*"] };
    const shapes: Record<string, unknown> = {
        "JSON text": JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" }] }),
        "an object with one statement (not a list)": { Statement: { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" } },
        "a bare list of statements": [{ Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::b/*"] }],
        "getPolicyDocument's statements": { statements: [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::b/*"] }] },
        "a single statement object": { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" },
    };
    for (const [name, input] of Object.entries(shapes)) {
        it(`reads ${name}`, () => expect(policy(input).json.Statement).to.deep.equal([canonical]));
    }
    it("turns Principal \"*\" into AWS \"*\", and getPolicyDocument principals and conditions into IAM's form", () => {
        expect(policy({ Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:*" }] }).statements[0].principal).to.deep.equal({ AWS: ["*"] });
        const s = policy([{ effect: "Allow", actions: ["sts:AssumeRole"], principals: [{ type: "Service", identifiers: ["ecs-tasks.amazonaws.com"] }], conditions: [{ test: "StringEquals", variable: "aws:SourceAccount", values: [ACCOUNT] }] }]).statements[0];
        expect(s.principal).to.deep.equal({ Service: ["ecs-tasks.amazonaws.com"] });
        expect(s.condition).to.deep.equal({ StringEquals: { "aws:SourceAccount": [ACCOUNT] } });
    });
    for (const [name, input, error] of [
        ["text that is not JSON", "{", /not valid JSON/],
        ["a number", 3, /not a JSON object/],
        ["an object without statements", { Version: "2012-10-17" }, /no Statement/],
        ["an Effect AWS does not know", { Statement: [{ Effect: "Permit", Action: "*" }] }, /Effect "Permit"/],
        ["a statement without Action or NotAction", { Statement: [{ Effect: "Allow", Resource: "*" }] }, /neither Action nor NotAction/],
    ] as const) {
        it(`refuses ${name}`, () => expect((parsePolicy(input) as { error: string }).error).to.match(error));
    }
});

describe("IAM core: the action catalogue", function () {
    this.timeout(20000);
    it("expands wildcards case-insensitively against AWS's list", async () => {
        expect(await expandActions(["IAM:passrole"])).to.deep.equal(["iam:PassRole"]);
        expect(await expandActions(["iam:Put?olePolicy"])).to.deep.equal(["iam:PutRolePolicy"]);
        expect((await expandActions(["s3:*"])).length).to.be.greaterThan(100);
    });
    it("matches a wildcard service prefix as IAM does (a glob over service:Action)", async () => {
        expect((await expandActions(["*:*"])).length).to.equal((await expandActions(["*"])).length);
        expect(await expandActions(["*:PassRole"])).to.include("iam:PassRole");
    });
    it("reads NotAction as every other action", async () => {
        const rest = await statementActions({ notAction: ["iam:*"] });
        expect(rest).to.include("s3:GetObject").and.not.include("iam:PassRole");
    });
    it("gives AWS's access level, Permissions management first", async () => {
        expect(await accessLevel("iam:AttachRolePolicy")).to.equal("Permissions management");
        expect(await accessLevel("s3:ListBucket")).to.equal("List");
        expect(await accessLevel("s3:GetObject")).to.equal("Read");
        expect(await accessLevel("iam:TagRole")).to.equal("Tagging");
        expect(await accessLevel("nosuch:Action")).to.equal(undefined);
    });
    it("classes escalation, credential-reading, destroying and data-reading actions", async () => {
        expect(await riskOf("iam:CreatePolicyVersion")).to.equal("permissions-management");
        expect(await riskOf("iam:PassRole")).to.equal("privilege-escalation");
        expect(await riskOf("secretsmanager:GetSecretValue")).to.equal("credential-read");
        expect(await riskOf("CloudTrail:StopLogging")).to.equal("destruction");
        expect(await riskOf("s3:GetObject")).to.equal("data-read");
        expect(await riskOf("s3:ListBucket")).to.equal(undefined);
    });
});

describe("IAM core: evaluate (iam-simulate)", function () {
    this.timeout(20000);
    const request = async (p: object, action: string) => evaluate({ identity: [policy(p)] }, {
        action, resource: (await probeResource(action, ACCOUNT, "us-east-1"))!, resourceAccount: ACCOUNT,
    });
    it("builds a probe ARN of the action's resource type that names nothing", async () => {
        expect(await probeResource("iam:PassRole", ACCOUNT, "us-east-1")).to.equal(`arn:aws:iam::${ACCOUNT}:role/pack-probe-unnamed`);
        expect(await probeResource("iam:ListRoles", ACCOUNT, "us-east-1")).to.equal("*");
    });
    it("honours explicit deny, NotResource and conditions", async () => {
        expect(await request({ Statement: [{ Effect: "Allow", Action: "iam:PassRole", Resource: "*" }] }, "iam:PassRole")).to.equal("Allowed");
        expect(await request({ Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }, { Effect: "Deny", Action: "iam:*", Resource: "*" }] }, "iam:PassRole")).to.equal("ExplicitlyDenied");
        expect(await request({ Statement: [{ Effect: "Allow", Action: "iam:PassRole", NotResource: `arn:aws:iam::${ACCOUNT}:role/x` }] }, "iam:PassRole")).to.equal("Allowed");
        expect(await request({ Statement: [{ Effect: "Allow", Action: "iam:PassRole", Resource: `arn:aws:iam::${ACCOUNT}:role/app-*` }] }, "iam:PassRole")).to.equal("ImplicitlyDenied");
        expect(await request({ Statement: [{ Effect: "Allow", Action: "iam:PassRole", Resource: "*", Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } } }] }, "iam:PassRole")).to.equal("ImplicitlyDenied");
    });
    describe("a Deny with NotPrincipal spares a principal only when it names every identity AWS checks it as", () => {
        const ROLE = `arn:aws:iam::${ACCOUNT}:role/replication`;
        const SESSION = `arn:aws:sts::${ACCOUNT}:assumed-role/replication/s3-replication`;
        const ROOT = `arn:aws:iam::${ACCOUNT}:root`;
        const bucket = (notPrincipal: string[]) => policy({ Statement: [
            { Effect: "Allow", Principal: { AWS: ROLE }, Action: "s3:ReplicateObject", Resource: "arn:aws:s3:::replica/*" },
            { Effect: "Deny", NotPrincipal: { AWS: notPrincipal }, Action: "s3:*", Resource: "arn:aws:s3:::replica/*" },
        ] });
        const replicate = (p: NormalPolicy, principal: string, boundary?: NormalPolicy) => evaluate({ identity: [], resource: p, boundary }, { action: "s3:ReplicateObject", resource: "arn:aws:s3:::replica/k", resourceAccount: ACCOUNT, principal });
        const cases: [string, string[], string, string][] = [
            ["the role alone: its session and account are denied", [ROLE], ROLE, "ExplicitlyDenied"],
            ["the role and its account: the session is denied", [ROLE, ROOT], ROLE, "ExplicitlyDenied"],
            ["account, role and a session of it", [ROOT, ROLE, SESSION], ROLE, "Allowed"],
            ["account, role and that session, asked as the session", [ACCOUNT, ROLE, SESSION], SESSION, "Allowed"],
            ["account, role and another session, asked as this one", [ROOT, ROLE, `arn:aws:sts::${ACCOUNT}:assumed-role/replication/other`], SESSION, "ExplicitlyDenied"],
            ["another role of the account", [ROOT, `arn:aws:iam::${ACCOUNT}:role/other`, `arn:aws:sts::${ACCOUNT}:assumed-role/other/s`], ROLE, "ExplicitlyDenied"],
        ];
        for (const [what, named, principal, expected] of cases) {
            it(`${what}: ${expected}`, async () => expect(await replicate(bucket(named), principal)).to.equal(expected));
        }
        it("never spares a principal with a permissions boundary", async () => {
            const boundary = policy({ Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }] });
            expect(await evaluate({ identity: [boundary], resource: bucket([ROOT, ROLE, SESSION]), boundary }, { action: "s3:ReplicateObject", resource: "arn:aws:s3:::replica/k", resourceAccount: ACCOUNT, principal: ROLE })).to.equal("ExplicitlyDenied");
        });
    });
});

describe("IAM core: conditions and accounts", () => {
    it("treats wildcard-only values, IfExists, ForAllValues, negation and Null as not restrictive", () => {
        expect(isRestrictive({ op: "StringEquals", key: "aws:SourceAccount", values: [ACCOUNT] })).to.equal(true);
        for (const [op, values] of [["StringLike", ["*"]], ["StringEqualsIfExists", [ACCOUNT]], ["ForAllValues:StringEquals", [ACCOUNT]], ["StringNotEquals", [ACCOUNT]], ["Null", ["false"]], ["StringEquals", []]] as const) {
            expect(isRestrictive({ op, key: "aws:SourceAccount", values: [...values] }), op).to.equal(false);
        }
    });
    it("finds the accounts a statement confines requesters to", () => {
        expect(requesterScope({ StringEquals: { "aws:SourceAccount": [ACCOUNT] } }).accounts).to.deep.equal([ACCOUNT]);
        expect(requesterScope({ ArnLike: { "aws:SourceArn": ["arn:aws:sns:*:*:t"] } }).accounts).to.equal(undefined);
        expect(requesterScope({ StringEquals: { "aws:PrincipalOrgID": ["o-abc123"] } }).boundary).to.match(/o-abc123/);
        expect(requesterScope({ StringLike: { "aws:PrincipalOrgID": ["o-*"] } }).boundary).to.equal(undefined);
        expect(requesterScope({ StringEquals: { "aws:PrincipalOrgID": ["o-abc123"] } }, ["o-abc123"]).boundary).to.match(/o-abc123/);
        expect(requesterScope({ StringEquals: { "aws:PrincipalOrgPaths": ["o-abc123/r-ab12/ou-ab12-11111111/"] } }, ["o-abc123"]).boundary).to.match(/o-abc123/);
        expect(requesterScope({ StringEquals: { "aws:PrincipalOrgID": ["o-other99999"] } }, ["o-abc123"]).boundary).to.equal(undefined);
        expect(requesterScope({ StringEquals: { "aws:SourceOrgID": ["o-abc123"] } }, []).boundary).to.equal(undefined);
    });
    it("meets the conditions a caller of the account chooses (service, network, context), not who it is", () => {
        expect(callerChosenContext({
            StringEquals: { "kms:ViaService": ["secretsmanager.us-east-1.amazonaws.com"], "aws:SourceVpce": ["vpce-0a1b2c3d4e5f67890"], "aws:PrincipalArn": [`arn:aws:iam::${ACCOUNT}:role/app`] },
            StringLike: { "kms:EncryptionContext:SecretARN": ["arn:aws:secretsmanager:us-east-1:*:secret:app-*"] },
            StringEqualsIfExists: { "aws:SourceVpc": ["vpc-1"] },
        })).to.deep.equal({
            "kms:ViaService": "secretsmanager.us-east-1.amazonaws.com", "aws:SourceVpce": "vpce-0a1b2c3d4e5f67890",
            "kms:EncryptionContext:SecretARN": "arn:aws:secretsmanager:us-east-1:x:secret:app-x",
        });
    });
    it("reads the account of ARNs, bare ids, registries and queue URLs", () => {
        expect(accountOf(`arn:aws:kms:us-east-1:${ACCOUNT}:key/x`)).to.equal(ACCOUNT);
        expect(accountOf(ACCOUNT)).to.equal(ACCOUNT);
        expect(accountOf(`${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/app:1`)).to.equal(ACCOUNT);
        expect(accountOf(`https://sqs.us-east-1.amazonaws.com/${ACCOUNT}/jobs`)).to.equal(ACCOUNT);
        expect(accountOf("arn:aws:s3:::bucket")).to.equal(undefined);
        expect(isAccountRoot(`arn:aws:iam::${ACCOUNT}:root`)).to.equal(true);
        expect(isAccountRoot(`arn:aws:iam::${ACCOUNT}:role/x`)).to.equal(false);
    });
});

describe("IAM core: a resource of the action's type that a pattern names (arnWitness, namedInstances)", function () {
    this.timeout(20000); // namedInstances loads AWS's action catalogue
    const fixed = { Partition: "aws", Account: ACCOUNT, Region: "us-east-1" };
    const STREAM = "arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}:log-stream:${LogStreamName}";
    const GROUP = "arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}";
    const witnesses: Array<[string, string, string, string | undefined]> = [
        ["a group's streams written as the group then *", `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/ecs/app:*`, STREAM, `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/ecs/app:log-stream:pack-probe`],
        ["a group's streams written out", `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/ecs/app:log-stream:*`, STREAM, `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/ecs/app:log-stream:pack-probe`],
        ["every group of a prefix", `arn:aws:logs:*:${ACCOUNT}:log-group:/ecs/*`, GROUP, `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/ecs/pack-probe`],
        ["a `?` in a name", `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/ecs/ap?`, GROUP, `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/ecs/apx`],
        ["another account (no witness)", "arn:aws:logs:us-east-1:999999999999:log-group:/ecs/app", GROUP, undefined],
        ["another region (no witness)", `arn:aws:logs:us-west-2:${ACCOUNT}:log-group:*`, GROUP, undefined],
        ["a group named exactly, for a stream action (no witness)", `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/ecs/app`, STREAM, undefined],
        ["* alone", "*", GROUP, `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:pack-probe`],
    ];
    for (const [name, pattern, template, expected] of witnesses) {
        it(name, () => expect(arnWitness(pattern, template, fixed)).to.equal(expected));
    }
    it("fills a stream pattern's wildcard so the ARN is a stream's, for logs:GetLogEvents", async () => {
        const found = await namedInstances("logs:GetLogEvents", [`arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/ecs/app:*`], ACCOUNT, "us-east-1");
        expect(found[0]).to.equal(`arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/ecs/app:log-stream:pack-probe`);
    });
    it("fills a pattern no template fits plainly, after those that fit", async () => {
        const found = await namedInstances("logs:GetLogEvents", ["arn:aws:s3:::bucket/*", `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/a:*`], ACCOUNT, "us-east-1");
        expect(found).to.deep.equal([`arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/a:log-stream:pack-probe`, "arn:aws:s3:::bucket/pack-probe"]);
    });
});

describe("IAM core: policy variables, as IAM fills them in for one principal", () => {
    const role = { kind: "role" as const, name: "app", account: ACCOUNT, tags: { Environment: "prod" } };
    const resources = (p: NormalPolicy) => p.statements.map(s => s.resource);
    const grant = (Resource: unknown, Version = "2012-10-17") => policy({ Version, Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource }] });
    it("fills a principal tag with the principal's value", () => {
        expect(resources(forPrincipal(grant("arn:aws:s3:::expertconnect-${aws:PrincipalTag/Environment}-*/*"), role))).to.deep.equal([["arn:aws:s3:::expertconnect-prod-*/*"]]);
    });
    it("leaves a tag the principal lacks matching nothing, unless the variable has a default", () => {
        expect(resources(forPrincipal(grant("arn:aws:s3:::x-${aws:PrincipalTag/Team}/*"), role))).to.deep.equal([]);
        expect(resources(forPrincipal(grant("arn:aws:s3:::x-${aws:PrincipalTag/Team, 'shared'}/*"), role))).to.deep.equal([["arn:aws:s3:::x-shared/*"]]);
    });
    it("lets a variable of the request match whatever the caller sends, and keeps the literal characters", () => {
        expect(resources(forPrincipal(grant("arn:aws:s3:::b/${aws:RequestTag/owner}/${*}"), role))).to.deep.equal([["arn:aws:s3:::b/*/*"]]);
    });
    it("reads variables as text under Version 2008-10-17 (and with no Version)", () => {
        expect(resources(forPrincipal(grant("arn:aws:s3:::expertconnect-${aws:PrincipalTag/Environment}-*/*", "2008-10-17"), role))).to.deep.equal([["arn:aws:s3:::expertconnect-${aws:PrincipalTag/Environment}-*/*"]]);
        expect(forPrincipal(policy({ Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::${aws:username}/*" }] }), { ...role, kind: "user" }).statements[0].resource).to.deep.equal(["arn:aws:s3:::${aws:username}/*"]);
    });
    it("gives a user its name and a group any member's", () => {
        expect(resources(forPrincipal(grant("arn:aws:s3:::home/${aws:username}/*"), { kind: "user", name: "alice", account: ACCOUNT, tags: {} }))).to.deep.equal([["arn:aws:s3:::home/alice/*"]]);
        expect(resources(forPrincipal(grant("arn:aws:s3:::home/${aws:username}/*"), { kind: "group", account: ACCOUNT, tags: {} }))).to.deep.equal([["arn:aws:s3:::home/*/*"]]);
    });
});
