/**
 * iam-trust-policy and iam-no-users, adversarially: who may assume a role, spelled every way
 * AWS accepts, and long-lived user credentials.
 */
import { iamTrustPolicy } from "../../policy/iam/trustPolicy";
import { iamNoUsers } from "../../policy/iam/users";
import { resourceTable, stackTable } from "./support/cases";
import { ACCOUNT } from "./support/fixtures";
import { StackResourceInput } from "./support/harness";
import { doc, ecsTrust, find, FOREIGN, iamStack, REGION } from "./support/iam";

const trust = (statement: object) => (s: StackResourceInput[]) => { find(s, "backend-task-role").props.assumeRolePolicy = doc(statement); };
const assume = (Principal: unknown, Condition?: object, Action: unknown = "sts:AssumeRole") => trust({ Effect: "Allow", Principal, Action, ...(Condition ? { Condition } : {}) });
const GITHUB = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;
const github = (sub?: unknown) => assume({ Federated: GITHUB }, {
    StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" },
    ...(sub === undefined ? {} : { StringLike: { "token.actions.githubusercontent.com:sub": sub } }),
}, "sts:AssumeRoleWithWebIdentity");

const GITLAB = `arn:aws:iam::${ACCOUNT}:oidc-provider/gitlab.com`;
/** A GitLab CI role: the audience GitLab jobs pick for themselves, and `conditions` on gitlab.com's claims. */
const gitlab = (conditions: Record<string, Record<string, unknown>> = {}) => assume({ Federated: GITLAB }, {
    ...conditions, StringEquals: { "gitlab.com:aud": "https://gitlab.com", ...(conditions.StringEquals ?? {}) },
}, "sts:AssumeRoleWithWebIdentity");
/** GitHub Actions with `conditions` beside the audience (sub, repository, job_workflow_ref…). */
const githubWith = (conditions: Record<string, Record<string, unknown>>, ...more: object[]) => (s: StackResourceInput[]) => {
    find(s, "backend-task-role").props.assumeRolePolicy = doc({ Effect: "Allow", Principal: { Federated: GITHUB }, Action: "sts:AssumeRoleWithWebIdentity",
        Condition: { ...conditions, StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com", ...(conditions.StringEquals ?? {}) } } }, ...more);
};
const COGNITO = { Federated: "cognito-identity.amazonaws.com" };

/** The backend role handed to ECS by a task definition, with `principals` trusted beside ecs-tasks. */
const handedToEcs = (...statements: object[]) => (s: StackResourceInput[]) => {
    s.push({ type: "aws:ecs/taskDefinition:TaskDefinition", name: "backend-task", props: { family: "backend", taskRoleArn: find(s, "backend-task-role").props.arn }, propertyDependencies: { taskRoleArn: ["backend-task-role"] } });
    find(s, "backend-task-role").props.assumeRolePolicy = doc(JSON.parse(ecsTrust()).Statement[0], ...statements);
};
const ecsSource = { StringEquals: { "aws:SourceAccount": ACCOUNT }, ArnLike: { "aws:SourceArn": `arn:aws:ecs:${REGION}:${ACCOUNT}:*` } };

describe("iam-trust-policy", () => {
    stackTable(iamTrustPolicy, iamStack(), {
        passes: {
            "another role of this account assumes it": { change: assume({ AWS: `arn:aws:iam::${ACCOUNT}:role/deployer` }) },
            "this account's root (IAM decides who)": { change: assume({ AWS: ACCOUNT }) },
            "a partner account with a concrete external id": { change: assume({ AWS: `arn:aws:iam::${FOREIGN}:root` }, { StringEquals: { "sts:ExternalId": "3f1c2a9e-expertconnect" } }) },
            "a partner account listed as trusted in pack config": { change: assume({ AWS: FOREIGN }), config: { trustedAccountIds: [FOREIGN] } },
            "anyone in our organization (configured)": { change: assume({ AWS: "*" }, { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } }), config: { organizationId: "o-a1b2c3d4e5" } },
            "the service is confined by aws:SourceArn alone": { change: assume({ Service: "ecs-tasks.amazonaws.com" }, { ArnLike: { "aws:SourceArn": `arn:aws:ecs:${REGION}:${ACCOUNT}:*` } }) },
            "EC2, whose role assumption carries no source context": { change: assume({ Service: "ec2.amazonaws.com" }) },
            "the role a task definition uses trusts ECS tasks only": { change: handedToEcs() },
            "a second ECS statement for the same service": { change: handedToEcs({ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:TagSession", Condition: ecsSource }) },
            "GitHub Actions limited to one repository's main branch": { change: github("repo:expertconnect/infra:ref:refs/heads/main") },
            "GitHub Actions limited to one repository's protected environment": { change: githubWith({ StringEquals: { "token.actions.githubusercontent.com:sub": "repo:expertconnect/infra:environment:prod" } }) },
            "GitHub Actions: two named environments of one repository": {
                change: githubWith({ StringEquals: { "token.actions.githubusercontent.com:sub": ["repo:expertconnect/infra:environment:prod", "repo:expertconnect/infra:environment:dr"] } }),
            },
            "GitHub Actions: a release tag pinned exactly": { change: github("repo:expertconnect/infra:ref:refs/tags/v1.0.0") },
            "GitHub Actions: any branch, narrowed by a Deny to the main branch": {
                change: githubWith({ StringLike: { "token.actions.githubusercontent.com:sub": "repo:expertconnect/infra:*" } },
                    { Effect: "Deny", Principal: "*", Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringNotEquals: { "token.actions.githubusercontent.com:sub": "repo:expertconnect/infra:ref:refs/heads/main" } } }),
            },
            "GitLab CI: one project's protected main branch": {
                change: gitlab({ StringEquals: { "gitlab.com:sub": "project_path:expertconnect/infra:ref_type:branch:ref:main", "gitlab.com:ref_protected": "true" } }),
            },
            "GitLab CI: any branch of one project, protected refs only": {
                change: gitlab({ StringLike: { "gitlab.com:sub": "project_path:expertconnect/infra:ref_type:branch:ref:*" }, StringEquals: { "gitlab.com:ref_protected": "true" } }),
            },
            "a Cognito identity pool of ours, authenticated identities": {
                change: assume(COGNITO, { StringEquals: { "cognito-identity.amazonaws.com:aud": "us-east-1:0f3c2a9e-1111-2222-3333-444455556666" }, "ForAnyValue:StringLike": { "cognito-identity.amazonaws.com:amr": "authenticated" } }, "sts:AssumeRoleWithWebIdentity"),
            },
            "a Deny statement for everyone (deny, not a grant)": {
                change: s => { find(s, "backend-task-role").props.assumeRolePolicy = doc(JSON.parse(ecsTrust()).Statement[0], { Effect: "Deny", Principal: "*", Action: "sts:AssumeRole", Condition: { Bool: { "aws:SecureTransport": "false" } } }); },
            },
        },
        violations: {
            "a task role also trusted by EC2 (any instance profile of the account)": {
                change: handedToEcs({ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }), message: /hands it to ecs-tasks.amazonaws.com, but its trust policy also lets ec2.amazonaws.com assume it/,
            },
            "a task role also trusted by Lambda in the same statement": {
                change: s => { handedToEcs()(s); find(s, "backend-task-role").props.assumeRolePolicy = doc({ Effect: "Allow", Principal: { Service: ["ecs-tasks.amazonaws.com", "lambda.amazonaws.com"] }, Action: "sts:AssumeRole", Condition: ecsSource }); },
                message: /also lets lambda.amazonaws.com assume it/,
            },
            "a task role whose trust names the wrong ECS principal": {
                change: s => { handedToEcs()(s); find(s, "backend-task-role").props.assumeRolePolicy = doc({ Effect: "Allow", Principal: { Service: "ecs.amazonaws.com" }, Action: "sts:AssumeRole", Condition: ecsSource }); },
                message: /lets ecs.amazonaws.com assume it instead/,
            },
            "Principal \"*\"": { change: assume("*"), message: /Principal "\*"/ },
            "Principal AWS \"*\"": { change: assume({ AWS: "*" }), message: /Principal "\*"/ },
            "AWS \"*\" with a wildcard account condition": { change: assume({ AWS: ["*"] }, { StringLike: { "aws:PrincipalAccount": "*" } }), message: /Principal "\*"/ },
            "AWS \"*\" confined to an organization that is not ours": { change: assume({ AWS: "*" }, { StringEquals: { "aws:PrincipalOrgID": "o-7fq2k9xm4p" } }), config: { organizationId: "o-a1b2c3d4e5" }, message: /Principal "\*"/ },
            "AWS \"*\" confined to an organization when the stack has none": { change: assume({ AWS: "*" }, { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } }), message: /Principal "\*"/ },
            "a foreign account guarded only by another organization's id": { change: assume({ AWS: FOREIGN }, { StringEquals: { "aws:PrincipalOrgID": "o-7fq2k9xm4p" } }), config: { organizationId: "o-a1b2c3d4e5" }, message: new RegExp(FOREIGN) },
            "AWS \"*\" with an organization id that is a wildcard": { change: assume({ AWS: "*" }, { StringLike: { "aws:PrincipalOrgID": "o-*" } }), message: /Principal "\*"/ },
            "AWS \"*\" confined to a foreign account": { change: assume({ AWS: "*" }, { StringEquals: { "aws:PrincipalAccount": FOREIGN } }), message: new RegExp(FOREIGN) },
            "a foreign bare account id": { change: assume({ AWS: FOREIGN }), message: new RegExp(`account ${FOREIGN}.*sts:ExternalId`) },
            "a foreign account root ARN": { change: assume({ AWS: `arn:aws:iam::${FOREIGN}:root` }), message: new RegExp(FOREIGN) },
            "a foreign role, mixed in a list with our own": { change: assume({ AWS: [`arn:aws:iam::${ACCOUNT}:role/ci`, `arn:aws:iam::${FOREIGN}:role/deployer`] }), message: new RegExp(FOREIGN) },
            "a foreign account with a wildcard external id": { change: assume({ AWS: FOREIGN }, { StringLike: { "sts:ExternalId": "*" } }), message: new RegExp(FOREIGN) },
            "a foreign account with an IfExists external id": { change: assume({ AWS: FOREIGN }, { StringEqualsIfExists: { "sts:ExternalId": "abc" } }), message: new RegExp(FOREIGN) },
            "the ECS service without source conditions": { change: assume({ Service: "ecs-tasks.amazonaws.com" }), message: /confused deputy/ },
            "the service with aws:SourceAccount \"*\"": { change: assume({ Service: ["ecs-tasks.amazonaws.com"] }, { StringLike: { "aws:SourceAccount": "*" } }), message: /confused deputy/ },
            "the service with a negated source condition": { change: assume({ Service: "ecs-tasks.amazonaws.com" }, { StringNotEquals: { "aws:SourceAccount": FOREIGN } }), message: /confused deputy/ },
            "the service with a source ARN of any account": { change: assume({ Service: "ecs-tasks.amazonaws.com" }, { ArnLike: { "aws:SourceArn": "arn:aws:ecs:*:*:*" } }), message: /confused deputy/ },
            "the service acting for a foreign account": { change: assume({ Service: "ecs-tasks.amazonaws.com" }, { StringEquals: { "aws:SourceAccount": FOREIGN } }), message: new RegExp(FOREIGN) },
            "NotPrincipal with Allow": { change: trust({ Effect: "Allow", NotPrincipal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "sts:AssumeRole" }), message: /NotPrincipal/ },
            "GitHub Actions without a subject": { change: github(), message: /subject/ },
            "GitHub Actions for every repository": { change: github("repo:*"), message: /subject/ },
            "GitHub Actions for any repository of an owner": { change: github("repo:expertconnect/*"), message: /another repository of expertconnect/ },
            "GitHub Actions: every branch and pull request of one repository": { change: github("repo:expertconnect/expertconnect:*"), message: /a new branch of expertconnect\/expertconnect.*a pull request/ },
            "GitHub Actions: an owner prefix another account can register": { change: github("repo:expertconnect*:ref:refs/heads/main"), message: /an account whose name starts with expertconnect/ },
            "GitHub Actions: any environment of one repository": { change: github("repo:expertconnect/infra:environment:*"), message: /a new environment of expertconnect\/infra/ },
            "GitHub Actions: pull requests of one repository": { change: github("repo:expertconnect/infra:pull_request"), message: /a pull request in expertconnect\/infra/ },
            "GitHub Actions: a set operator on the subject, any repository": {
                change: githubWith({ "ForAnyValue:StringLike": { "token.actions.githubusercontent.com:sub": "repo:*" } }), message: /another GitHub account/,
            },
            "GitHub Actions: only the workflow file is pinned, any repository": {
                change: githubWith({ StringLike: { "token.actions.githubusercontent.com:job_workflow_ref": "*/.github/workflows/deploy.yml@*" } }), message: /another GitHub account/,
            },
            "GitHub Actions: only the workflow file on main is pinned, any repository": {
                change: githubWith({ StringLike: { "token.actions.githubusercontent.com:job_workflow_ref": "*/.github/workflows/deploy.yml@refs/heads/main" } }), message: /another GitHub account \(pack-probe\/pack-probe, ref:refs\/heads\/main\)/,
            },
            "GitHub Actions: a workflow file name on any ref of any repository": {
                change: githubWith({ StringLike: { "token.actions.githubusercontent.com:job_workflow_ref": "*/deploy.yml@*" } }), message: /another GitHub account/,
            },
            "GitHub Actions: the repository claim pinned, any ref": {
                change: githubWith({ StringEquals: { "token.actions.githubusercontent.com:repository": "expertconnect/infra" } }), message: /a new branch of expertconnect\/infra/,
            },
            "GitHub Actions: an environment condition that only applies if present": {
                change: githubWith({ StringEqualsIfExists: { "token.actions.githubusercontent.com:environment": "prod" } }), message: /another GitHub account/,
            },
            "GitHub Actions: environments by prefix in one repository (a job creates prod-anything)": {
                change: github("repo:expertconnect/infra:environment:prod*"), message: /a new environment of expertconnect\/infra matching environment:prod\*/,
            },
            "GitLab CI: only the audience (every gitlab.com project)": { change: gitlab(), message: /another GitLab group/ },
            "GitLab CI: one project, any branch, unprotected refs too": {
                change: gitlab({ StringLike: { "gitlab.com:sub": "project_path:expertconnect/infra:*" } }), message: /a new, unprotected branch of expertconnect\/infra/,
            },
            "GitLab CI: a group prefix another group can register": {
                change: gitlab({ StringLike: { "gitlab.com:sub": "project_path:expertconnect*:ref_type:branch:ref:main" } }), message: /a group whose path starts with expertconnect/,
            },
            "a Cognito trust without the identity pool": {
                change: assume(COGNITO, { "ForAnyValue:StringLike": { "cognito-identity.amazonaws.com:amr": "authenticated" } }, "sts:AssumeRoleWithWebIdentity"), message: /another identity of the provider/,
            },
            "an identity provider of another account": {
                change: assume({ Federated: `arn:aws:iam::${FOREIGN}:oidc-provider/token.actions.githubusercontent.com` }, { StringLike: { "token.actions.githubusercontent.com:sub": "repo:a/b:*" } }, "sts:AssumeRoleWithWebIdentity"),
                message: new RegExp(FOREIGN),
            },
            "the trust policy in getPolicyDocument's shape, open to all": {
                change: s => { find(s, "backend-task-role").props.assumeRolePolicy = { statements: [{ actions: ["sts:AssumeRole"], principals: [{ type: "*", identifiers: ["*"] }] }] }; },
                message: /Principal "\*"/,
            },
            "the trust policy is not JSON": { change: s => { find(s, "backend-task-role").props.assumeRolePolicy = "{"; }, message: /not valid JSON/ },
        },
    });
});

describe("iam-no-users", () => {
    resourceTable(iamNoUsers, { type: "aws:iam/role:Role", name: "ci", props: { assumeRolePolicy: ecsTrust() } }, {
        violations: {
            "an IAM user is created": { change: r => Object.assign(r, { type: "aws:iam/user:User", props: { name: "ci" } }), message: /IAM user/ },
            "an access key is created": { change: r => Object.assign(r, { type: "aws:iam/accessKey:AccessKey", props: { user: "ci" } }), message: /access key/ },
            "a console password is created": { change: r => Object.assign(r, { type: "aws:iam/userLoginProfile:UserLoginProfile", props: { user: "ci" } }), message: /console password/ },
            "a service-specific credential is created": {
                change: r => Object.assign(r, { type: "aws:iam/serviceSpecificCredential:ServiceSpecificCredential", props: { userName: "ci", serviceName: "codecommit.amazonaws.com" } }), message: /credential/,
            },
            "an SSH key is uploaded for a user": { change: r => Object.assign(r, { type: "aws:iam/sshKey:SshKey", props: { username: "ci" } }), message: /credential/ },
        },
    });
});
