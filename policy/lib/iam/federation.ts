/**
 * Who can assume a role through OIDC federation, found the way AWS decides it: the trust
 * policy's statements for the provider are evaluated (by the same simulator as every other
 * request) against the tokens an outsider can obtain from that provider. A condition that reads
 * well but admits one of them — a subject with a wildcard across branches, an owner prefix that
 * another organization can register, an audience the token's requester chooses — admits an
 * attacker, whatever its spelling.
 *
 * A CI provider issues a token to whoever runs a job on it: any account holder runs jobs in
 * their own repositories, and anyone with write access to ours runs them on a new branch, a pull
 * request, a tag or a new environment (GitHub creates an environment a job names, without
 * protection rules). Only a pinned environment (whose protection rules decide who deploys) or a
 * pinned branch or tag keep them out. The audience of a CI token is chosen by the job that asks
 * for it, so an `aud` condition never keeps anyone out; the audience of an identity provider for
 * people (Google, Cognito) is the application's client or pool id, which an outsider's token
 * does not carry.
 */
import { runUnsafeSimulation } from "@cloud-copilot/iam-simulate";

import { parseArn } from "./arn";
import { NormalStatement } from "./document";

/** A token an outsider can obtain, as the condition keys AWS derives from its claims. */
export interface OutsiderToken {
    /** Who holds it, for the message. */
    who: string;
    /** Claims without the provider prefix (`sub`, `aud`, `repository`, …). */
    claims: Record<string, string | string[]>;
}

/** A provider's outsiders, given what the trust policy itself pins (its own values). */
interface ProviderModel {
    /** Whether the token's audience is chosen by whoever asks for it (every CI provider). */
    requesterChoosesAudience: boolean;
    outsiders(pinned: PinnedValues): OutsiderToken[];
}

/** The concrete values a statement's conditions require of a claim (keys lower case, without provider prefix). */
export type PinnedValues = Readonly<Record<string, readonly string[]>>;

/** A name no real account, repository, branch or environment of ours carries. */
const PROBE = "pack-probe";

/** One value matching a condition pattern: its wildcards filled in (`*` with a name, `?` with one letter). */
function instance(pattern: string): string {
    return pattern.replace(/\*/g, PROBE).replace(/\?/g, "x");
}

/** The text of a pattern before its first wildcard, and whether it has one. */
function concretePrefix(pattern: string): { prefix: string; wild: boolean } {
    const at = pattern.search(/[*?]/);
    return at < 0 ? { prefix: pattern, wild: false } : { prefix: pattern.slice(0, at), wild: true };
}

/** A name and whether the pattern fixed it whole or only its start. */
interface Named { name: string; whole: boolean }

/** What a CI subject pattern fixes: the owner (or group), the repository (or project), and the job context after them (as written, wildcards kept). */
interface SubjectShape { owner?: Named; repo?: string; context?: string }

/** Splits `repo:OWNER/REPO:CONTEXT` (GitHub) or `project_path:GROUP/PROJECT:CONTEXT` (GitLab). */
function subjectShape(value: string, scheme: "repo" | "project_path"): SubjectShape | undefined {
    if (!value.startsWith(`${scheme}:`)) {
        return undefined;
    }
    const rest = value.slice(scheme.length + 1);
    const colon = rest.search(/:(?=ref_type:|ref:|environment:|pull_request|[^/]*$)/);
    const path = colon < 0 ? rest : rest.slice(0, colon);
    const context = colon < 0 ? undefined : rest.slice(colon + 1);
    const { prefix, wild } = concretePrefix(path);
    const slash = prefix.lastIndexOf("/");
    if (slash < 0) {
        return prefix === "" ? { context } : { owner: { name: prefix, whole: false }, context };
    }
    const owner = { name: prefix.slice(0, slash), whole: true };
    return { owner, repo: wild ? undefined : path.slice(slash + 1), context };
}

/** The shapes a statement pins through the subject or the path claims (`repository`, `project_path`). */
function shapes(pinned: PinnedValues, scheme: "repo" | "project_path", pathClaim: string): SubjectShape[] {
    return [...(pinned.sub ?? []), ...(pinned[pathClaim] ?? []).map(r => `${scheme}:${r}`)]
        .map(v => subjectShape(v, scheme))
        .filter((x): x is SubjectShape => x !== undefined);
}

/** Distinct non-empty strings, in order. */
const distinct = (values: (string | undefined)[]): string[] => [...new Set(values.filter((v): v is string => typeof v === "string" && v !== ""))];

/** A GitHub Actions job's context: what follows `repo:owner/name:` in its subject. */
function githubToken(who: string, owner: string, repo: string, context: string, workflowPath: string, workflow: string): OutsiderToken {
    const environment = /^environment:(.+)$/.exec(context)?.[1];
    const ref = /^ref:(.+)$/.exec(context)?.[1] ?? (context === "pull_request" ? "refs/pull/1/merge" : `refs/heads/${PROBE}`);
    return {
        who,
        claims: {
            sub: `repo:${owner}/${repo}:${context}`, repository: `${owner}/${repo}`, repository_owner: owner, ref,
            ...(environment ? { environment } : {}),
            job_workflow_ref: `${owner}/${repo}/${workflowPath}@${ref}`, workflow, actor: PROBE,
            repository_id: "1", repository_owner_id: "1", actor_id: "1",
        },
    };
}

/**
 * GitHub Actions. An outsider's own repositories are theirs whole: they name their workflow file,
 * workflow, branch and environment as the policy expects. Inside a repository of ours, a writer
 * adds a branch, a tag, a pull request or a new environment.
 */
const GITHUB: ProviderModel = {
    requesterChoosesAudience: true,
    outsiders: pinned => {
        const found = shapes(pinned, "repo", "repository");
        const owners = found.length > 0 ? found.map(f => f.owner) : [undefined];
        const repos = distinct(found.map(f => f.repo));
        // Contexts an outsider's own repository can take: the ones the policy names, wildcards filled in.
        const named = [
            ...found.map(f => f.context),
            ...(pinned.job_workflow_ref ?? []).map(v => /@(.+)$/.exec(v)?.[1]).map(ref => ref && `ref:${ref}`),
            ...(pinned.ref ?? []).map(ref => `ref:${ref}`),
            ...(pinned.environment ?? []).map(e => `environment:${e}`),
        ].filter((c): c is string => c !== undefined && /^(ref:|environment:|pull_request)/.test(c));
        const contexts = distinct([...named.map(instance), `ref:refs/heads/${PROBE}`]);
        // Workflows live directly in .github/workflows: an outsider names theirs like the pinned one.
        const workflowFile = (pinned.job_workflow_ref ?? []).map(v => /([^/@]+)@/.exec(v)?.[1]).find(f => f) ?? `${PROBE}.yml`;
        const workflowPath = `.github/workflows/${instance(workflowFile)}`;
        const workflow = instance(pinned.workflow?.[0] ?? PROBE);
        const repo = repos[0] ?? PROBE;
        const token = (who: string, o: string, r: string, c: string) => githubToken(who, o, r, c, workflowPath, workflow);
        const out: OutsiderToken[] = [];
        for (const context of contexts) {
            out.push(token(`a repository of another GitHub account (${PROBE}/${repo}, ${context})`, PROBE, repo, context));
        }
        for (const owner of distinct(owners.map(o => o?.name))) {
            for (const context of contexts) {
                out.push(token(`an account whose name starts with ${owner} (${owner}${PROBE}/${repo}, ${context})`, `${owner}${PROBE}`, repo, context));
                out.push(token(`another repository of ${owner} (${owner}/${PROBE}, ${context})`, owner, PROBE, context));
            }
            for (const r of repos) {
                for (const wild of distinct(named.filter(c => /[*?]/.test(c)))) {
                    out.push(token(`a new ${wild.startsWith("environment:") ? "environment" : /^ref:refs\/tags\//.test(wild) ? "tag" : "branch"} of ${owner}/${r} matching ${wild}`, owner, r, instance(wild)));
                }
                out.push(token(`a new branch of ${owner}/${r}`, owner, r, `ref:refs/heads/${PROBE}`));
                out.push(token(`a pull request in ${owner}/${r}`, owner, r, "pull_request"));
                out.push(token(`a new tag of ${owner}/${r}`, owner, r, `ref:refs/tags/${PROBE}`));
                out.push(token(`a new environment of ${owner}/${r} (created by the job that names it, without protection rules)`, owner, r, `environment:${PROBE}`));
            }
        }
        return out;
    },
};

/** A GitLab CI job's token for `project` at `ref`; `protectedRef` is whether the ref is protected in that project. */
function gitlabToken(who: string, project: string, refType: string, ref: string, protectedRef: boolean): OutsiderToken {
    return {
        who,
        claims: {
            sub: `project_path:${project}:ref_type:${refType}:ref:${ref}`, project_path: project, namespace_path: project.slice(0, project.lastIndexOf("/")),
            ref, ref_type: refType, ref_protected: String(protectedRef), pipeline_source: "push", user_login: PROBE,
            project_id: "1", namespace_id: "1", user_id: "1",
        },
    };
}

/**
 * GitLab CI. An outsider's own project is theirs whole (any branch, protected by them); inside a
 * project of ours, a developer pushes a new, unprotected branch or tag.
 */
const GITLAB: ProviderModel = {
    requesterChoosesAudience: true,
    outsiders: pinned => {
        const found = shapes(pinned, "project_path", "project_path");
        const named = found.map(f => f.context).filter((c): c is string => c !== undefined && c.startsWith("ref_type:"));
        const refs = distinct([...named.map(instance), `ref_type:branch:ref:${PROBE}`])
            .map(c => /^ref_type:([^:]+):ref:(.+)$/.exec(c))
            .filter((m): m is RegExpExecArray => m !== null)
            .map(m => [m[1], m[2]] as const);
        const project = found.map(f => f.repo).find(r => r) ?? PROBE;
        const out: OutsiderToken[] = [];
        for (const [type, ref] of refs) {
            out.push(gitlabToken(`a project of another GitLab group (${PROBE}/${project}, ${type} ${ref})`, `${PROBE}/${project}`, type, ref, true));
        }
        for (const group of distinct(found.map(f => f.owner?.name))) {
            for (const [type, ref] of refs) {
                out.push(gitlabToken(`a group whose path starts with ${group} (${group}${PROBE}/${project}, ${type} ${ref})`, `${group}${PROBE}/${project}`, type, ref, true));
                out.push(gitlabToken(`another project of ${group} (${group}/${PROBE}, ${type} ${ref})`, `${group}/${PROBE}`, type, ref, true));
            }
            for (const p of distinct(found.filter(f => f.owner?.name === group).map(f => f.repo))) {
                for (const wild of distinct(named.filter(c => /[*?]/.test(c)))) {
                    const m = /^ref_type:([^:]+):ref:(.+)$/.exec(instance(wild));
                    if (m) {
                        out.push(gitlabToken(`a new, unprotected ${m[1]} of ${group}/${p} matching ${wild}`, `${group}/${p}`, m[1], m[2], false));
                    }
                }
                out.push(gitlabToken(`a new, unprotected branch of ${group}/${p}`, `${group}/${p}`, "branch", PROBE, false));
                out.push(gitlabToken(`a new, unprotected tag of ${group}/${p}`, `${group}/${p}`, "tag", PROBE, false));
            }
        }
        return out;
    },
};

/** Any other OIDC provider: another identity of it, with an audience it did not pin unless the requester chooses it. */
const GENERIC: ProviderModel = {
    requesterChoosesAudience: false,
    outsiders: () => [{ who: "another identity of the provider", claims: { sub: `${PROBE}-subject`, amr: ["authenticated", "unauthenticated"] } }],
};

/** GitHub Actions' token issuers: github.com's (with an enterprise's own path) and GitHub Enterprise Cloud's. */
const GITHUB_HOSTS = [/^token\.actions\.githubusercontent\.com(\/|$)/, /^token\.actions\.[^.]+\.ghe\.com$/];
/** Other CI providers: their tokens' audience is chosen by the job too; their subjects are modelled as any other provider's. */
const OTHER_CI_HOSTS = [/buildkite/, /circleci/, /bitbucket/, /app\.terraform\.io$/];

/** The provider's host as condition keys name it: `token.actions.githubusercontent.com`, `gitlab.com`. */
export function providerHost(provider: string): string {
    return (parseArn(provider)?.resource.replace(/^oidc-provider\//, "") ?? provider).replace(/^https:\/\//, "").toLowerCase();
}

function modelOf(host: string): ProviderModel {
    if (GITHUB_HOSTS.some(h => h.test(host))) {
        return GITHUB;
    }
    if (/gitlab/.test(host)) {
        return GITLAB;
    }
    return OTHER_CI_HOSTS.some(h => h.test(host)) ? { ...GENERIC, requesterChoosesAudience: true } : GENERIC;
}

/**
 * The values a statement's string conditions require of each of the provider's claims (keys lower
 * case, without the provider prefix), as written: they tell which repository or project the
 * policy means, so the outsiders tried are its neighbours.
 */
export function pinnedValues(statements: readonly NormalStatement[], host: string): PinnedValues {
    const out: Record<string, string[]> = {};
    for (const s of statements) {
        for (const [operator, keys] of Object.entries(s.condition ?? {})) {
            const base = operator.replace(/^for(any|all)values?:/i, "").replace(/ifexists$/i, "");
            if (!/^string/i.test(base) || /not/i.test(base)) {
                continue;
            }
            for (const [key, values] of Object.entries(keys as Record<string, unknown>)) {
                if (key.toLowerCase().startsWith(`${host}:`)) {
                    const claim = key.slice(host.length + 1).toLowerCase();
                    out[claim] = [...(out[claim] ?? []), ...[values].flat().map(String)];
                }
            }
        }
    }
    return out;
}

/** A statement of the trust policy as an identity statement: its conditions decide, the principal already matched. */
function asIdentityStatement(s: NormalStatement): object {
    return {
        Effect: s.effect,
        ...(s.action ? { Action: s.action } : { NotAction: s.notAction ?? [] }),
        Resource: "*",
        ...(s.condition ? { Condition: s.condition } : {}),
    };
}

/** Whether a Deny or Allow statement applies to a request from the provider's principal. */
function namesProvider(s: NormalStatement, provider: string): boolean {
    const federated = s.principal?.Federated ?? [];
    const aws = s.principal?.AWS ?? [];
    return federated.some(f => f.toLowerCase() === provider.toLowerCase()) || aws.includes("*") || (s.effect === "Deny" && s.notPrincipal !== undefined);
}

/**
 * The outsiders a trust policy lets assume the role through `provider` with
 * sts:AssumeRoleWithWebIdentity: each outsider's token is a request the trust policy's
 * statements that name the provider (and Deny statements for everyone) are evaluated against.
 */
export function admittedOutsiders(statements: readonly NormalStatement[], provider: string, roleArn: string, account: string): OutsiderToken[] {
    const host = providerHost(provider);
    const relevant = statements.filter(s => namesProvider(s, provider));
    const pinned = pinnedValues(relevant, host);
    const model = modelOf(host);
    const policy = { Version: "2012-10-17", Statement: relevant.map(asIdentityStatement) };
    return model.outsiders(pinned).filter(token => {
        const claims: Record<string, string | string[]> = { ...token.claims };
        // The audience: whatever the policy asks for when the requester picks it, else the outsider's own client.
        claims.aud = model.requesterChoosesAudience ? pinned.aud?.find(a => !/[*?]/.test(a)) ?? "sts.amazonaws.com" : `${PROBE}-client`;
        const context = Object.fromEntries(Object.entries(claims).map(([claim, value]) => [`${host}:${claim}`, value]));
        const decision = runUnsafeSimulation({
            request: {
                principal: `arn:aws:iam::${account}:role/${PROBE}-federated`,
                action: "sts:AssumeRoleWithWebIdentity",
                resource: { resource: roleArn, accountId: account },
                contextVariables: context,
            },
            identityPolicies: [{ name: "trust", policy }],
            serviceControlPolicies: [],
            resourceControlPolicies: [],
        }, { simulationMode: "Strict" });
        return String(decision) === "Allowed";
    });
}
