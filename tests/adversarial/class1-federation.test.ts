/**
 * Class 1 (IAM), federation: a CI deploy role whose trust policy reads like it names our
 * repository but admits a token an outsider can get (another account, an owner prefix, any
 * branch, pull request or new environment of ours), judged by evaluating the tokens; and an
 * event bus opened to every account through a permission rather than a bus policy.
 */
import { ACCOUNT, add, all, Case, Change, suite, tags } from "./support";

const ROLE = "aws:iam/role:Role";
const OIDC = "aws:iam/openIdConnectProvider:OpenIdConnectProvider";
const BUS_PERMISSION = "aws:cloudwatch/eventPermission:EventPermission";

/** An OIDC provider for `host` and a deploy role trusting it with `condition`. */
const ciRole = (host: string, name: string, condition: object): Change => all(
    add(OIDC, `${name}-provider`, { url: `https://${host}`, clientIdLists: [host === "gitlab.com" ? "https://gitlab.com" : "sts.amazonaws.com"], tags: tags("ci") }),
    add(ROLE, name, {
        name: `expertconnect-${name}`, tags: tags("ci"), maxSessionDuration: 3600,
        assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/${host}` }, Action: "sts:AssumeRoleWithWebIdentity", Condition: condition }] }),
    }),
);
const GH = "token.actions.githubusercontent.com";
const github = (name: string, extra: Record<string, Record<string, unknown>>) => ciRole(GH, name, { ...extra, StringEquals: { [`${GH}:aud`]: "sts.amazonaws.com", ...(extra.StringEquals ?? {}) } });
const gitlab = (name: string, extra: Record<string, Record<string, unknown>>) => ciRole("gitlab.com", name, { ...extra, StringEquals: { "gitlab.com:aud": "https://gitlab.com", ...(extra.StringEquals ?? {}) } });

const violations: Case[] = [
    { name: "GitHub deploy role for every branch and pull request of the repository", change: github("gha-any-ref", { StringLike: { [`${GH}:sub`]: "repo:expertconnect/expertconnect:*" } }) },
    { name: "GitHub deploy role for an owner prefix (expertconnectx can register it)", change: github("gha-prefix", { StringLike: { [`${GH}:sub`]: "repo:expertconnect*:ref:refs/heads/main" } }) },
    { name: "GitHub deploy role for any environment of the repository", change: github("gha-any-env", { StringLike: { [`${GH}:sub`]: "repo:expertconnect/expertconnect:environment:*" } }) },
    { name: "GitHub deploy role pinned only by the workflow file", change: github("gha-workflow", { StringLike: { [`${GH}:job_workflow_ref`]: "*/.github/workflows/deploy.yml@refs/heads/main" } }) },
    { name: "GitHub deploy role pinned by repository claim, any ref", change: github("gha-repo-claim", { StringEquals: { [`${GH}:repository`]: "expertconnect/expertconnect" } }) },
    { name: "GitLab deploy role checking only the audience", change: gitlab("gl-aud", {}) },
    { name: "GitLab deploy role for any ref of the project, unprotected too", change: gitlab("gl-any-ref", { StringLike: { "gitlab.com:sub": "project_path:expertconnect/infra:*" } }) },
    { name: "default event bus open to every account (event permission *)", change: add(BUS_PERMISSION, "bus-open", { principal: "*", statementId: "any", eventBusName: "default" }) },
    { name: "default event bus open to another organization (event permission * with its org id)", change: add(BUS_PERMISSION, "bus-org", { principal: "*", statementId: "org", condition: { key: "aws:PrincipalOrgID", type: "StringEquals", value: "o-zz99zz99zz" } }) },
    { name: "[dr] GitHub deploy role for pull requests", stack: "dr", change: github("gha-pr", { StringEquals: { [`${GH}:sub`]: "repo:expertconnect/expertconnect:pull_request" } }) },
];

const compliant: Case[] = [
    { name: "GitHub deploy role pinned to the repository's prod environment", change: github("gha-env", { StringEquals: { [`${GH}:sub`]: "repo:expertconnect/expertconnect:environment:prod" } }) },
    { name: "GitHub deploy role pinned to main, with the workflow file pinned too", change: github("gha-main", { StringEquals: { [`${GH}:sub`]: "repo:expertconnect/expertconnect:ref:refs/heads/main", [`${GH}:job_workflow_ref`]: "expertconnect/expertconnect/.github/workflows/deploy.yml@refs/heads/main" } }) },
    { name: "GitLab deploy role pinned to the project's protected main branch", change: gitlab("gl-main", { StringEquals: { "gitlab.com:sub": "project_path:expertconnect/infra:ref_type:branch:ref:main", "gitlab.com:ref_protected": "true" } }) },
    { name: "[dr] GitHub deploy role pinned to the dr environment", stack: "dr", change: github("gha-dr", { StringEquals: { [`${GH}:sub`]: "repo:expertconnect/expertconnect:environment:dr" } }) },
    { name: "event bus permission for our own account", change: add(BUS_PERMISSION, "bus-self", { principal: ACCOUNT, statementId: "self" }) },
];




suite("adversarial class 1: federation judged by the tokens outsiders can get", violations, compliant);
