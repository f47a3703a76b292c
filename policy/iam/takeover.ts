/**
 * Transitive escalation of the stack's application roles (see lib/iam/takeover.ts): the graph
 * of roles, functions and keys built from the stack, the application roles (those the stack
 * hands to a service that runs application code: an ECS task, a function, an instance profile,
 * a canary, or that trust such a service), the ways into code that runs as a role (shells, and
 * the images task definitions start from), and the findings: an application role judged by the
 * union of what it holds and what it can take over, and a role any principal of the account
 * may assume judged by what it holds.
 */
import { PolicyResource } from "@pulumi/policy";

import { globMatches } from "../lib/iam/catalog";
import { isPolicyError, NormalPolicy, parsePolicy } from "../lib/iam/document";
import { PROBE_NAME } from "../lib/iam/evaluate";
import { admitsWholeAccount, Escalation, GraphPrincipal, TakeoverGraph, TakeoverIndex } from "../lib/iam/takeover";
import { DataTarget } from "../lib/iam/targets";
import { containersOf } from "../lib/containers";
import { ecrRegistryImage } from "../lib/ecr";
import { imageReference, tagMovable } from "../ecr/imageReference";
import { EntryWay } from "../lib/iam/takeover";
import { knownDeep, knownString, linker, ofType } from "../lib/stack";
import { EC2_INSTANCE, ECR_REPOSITORY, ECS_SERVICE, ECS_TASK_DEFINITION, IAM_GROUP, IAM_POLICY, IAM_ROLE, IAM_USER, KMS_KEY, SYNTHETICS_CANARY } from "../lib/tokens";
import { Identity, IdentityDocument } from "./identities";
import { servicesUsingRoles } from "./roleUsers";

/** A role or user of the stack with its documents and resource, as the findings need it. */
export interface StackRole {
    identity: Identity;
    principal: GraphPrincipal;
    resource: PolicyResource | undefined;
    /** It runs application code: the stack hands it to (or it trusts) one of the workload services. */
    application: boolean;
}

/** Types the pack has no shared token for. */
const LAMBDA_FUNCTION = ["aws:lambda/function:Function"];
const INSTANCE_PROFILE = ["aws:iam/instanceProfile:InstanceProfile"];

/** The documents that parse (one that does not is reported on its own). */
function readable(policies: IdentityDocument["policy"][]): NormalPolicy[] {
    return policies.filter((p): p is NormalPolicy => !isPolicyError(p));
}

/** The stack's roles (with known ARNs) and the takeover graph over them. */
export function takeoverGraph(resources: PolicyResource[], identities: Identity[], base: { account: string; region: string; targets: DataTarget[] },
    workloadServices: readonly string[], trusts: (trust: unknown, services: readonly string[]) => boolean): { graph: TakeoverGraph; roles: StackRole[] } {
    const handed = servicesUsingRoles(resources);
    const byArn = new Map([...ofType(resources, IAM_ROLE), ...ofType(resources, IAM_USER), ...ofType(resources, IAM_GROUP)].map(r => [knownString(r, "arn"), r] as const));
    const roles: StackRole[] = [];
    // Groups too: whoever writes a group's permissions writes its members'.
    for (const identity of identities.filter(i => i.self !== undefined)) {
        const { arn, kind } = identity.self!;
        const resource = byArn.get(arn);
        const trust = identity.trust === undefined ? undefined : parsePolicy(identity.trust);
        const managedPolicies = identity.documents.filter(d => IAM_POLICY.includes(d.source.type as typeof IAM_POLICY[number]))
            .map(d => knownString(d.source, "arn")).filter((a): a is string => !!a);
        const services = resource ? handed.get(resource) : undefined;
        roles.push({
            identity, resource,
            application: [...(services ?? [])].some(s => workloadServices.includes(s)) || trusts(identity.trust, workloadServices),
            principal: {
                id: resource?.urn ?? arn, kind, label: identity.label, arn,
                policies: readable(identity.documents.map(d => d.policy)),
                trust: trust && !isPolicyError(trust) ? trust : undefined,
                managedPolicies: [...new Set(managedPolicies)],
            },
        });
    }
    const functions = ofType(resources, LAMBDA_FUNCTION).flatMap(f => {
        const arn = knownString(f, "arn");
        const role = knownString(f, "role");
        return arn && role ? [{ label: `function ${knownString(f, "name") ?? f.name}`, arn, role }] : [];
    });
    const keys = ofType(resources, KMS_KEY).flatMap(k => {
        const arn = knownString(k, "arn");
        return arn ? [{ label: `key ${k.name} (${arn})`, arn }] : [];
    });
    return { graph: { principals: roles.map(r => r.principal), functions, entries: [...shellSessions(resources), ...imageEntries(resources), ...codeEntries(resources), ...codeObjectEntries(resources)], keys, ...base }, roles };
}

/**
 * Where a shell runs as a role: the tasks of an ECS service that accepts ECS Exec
 * (enableExecuteCommand; ecs:ExecuteCommand needs its cluster and a task of it), and an EC2
 * instance with an instance profile (ssm:StartSession or ssm:SendCommand on it).
 */
function shellSessions(resources: PolicyResource[]): TakeoverGraph["entries"] {
    const definitions = ofType(resources, ECS_TASK_DEFINITION);
    const services = ofType(resources, ECS_SERVICE).filter(s => knownDeep(() => s.props.enableExecuteCommand) === true).flatMap(s => {
        const cluster = knownString(s, "cluster");
        const definition = knownString(s, "taskDefinition");
        const taskDefinition = definitions.find(d => definition !== undefined && (knownString(d, "arn") === definition || knownString(d, "family") === definition));
        const role = taskDefinition && knownString(taskDefinition, "taskRoleArn");
        return cluster?.includes(":cluster/") && role
            ? [{ label: `the tasks of service ${knownString(s, "name") ?? s.name}`, role, ways: [{ actions: ["ecs:ExecuteCommand"], resources: [cluster, `${cluster.replace(":cluster/", ":task/")}/${PROBE_NAME}`], how: "ecs:ExecuteCommand into" }] }]
            : [];
    });
    const profileOf = linker(ofType(resources, INSTANCE_PROFILE), ["name", "arn", "id"]);
    const roleOf = linker(ofType(resources, IAM_ROLE), ["name", "arn", "id"]);
    const instances = ofType(resources, EC2_INSTANCE).flatMap(i => {
        const arn = knownString(i, "arn");
        const role = profileOf(i, "iamInstanceProfile").flatMap(p => roleOf(p, "role")).map(r => knownString(r, "arn")).find(a => a !== undefined);
        return arn && role ? [{ label: `instance ${i.name}`, role, ways: ["ssm:StartSession", "ssm:SendCommand"].map(action => ({ actions: [action], resources: [arn], how: `${action} into` })) }] : [];
    });
    return [...services, ...instances];
}

/**
 * Resources that run what their caller writes as the role they already have, without the caller
 * passing it (no iam:PassRole): a CodeBuild project (a build started with a buildspec override,
 * or the project's buildspec changed), a Step Functions state machine (a new definition, then an
 * execution: its SDK integrations call any API as the role), a Synthetics canary (new code,
 * run on its schedule).
 */
const CODE_RUNNERS: readonly { type: string; role: string; label: string; ways: { actions: string[]; how: string }[] }[] = [
    {
        type: "aws:codebuild/project:Project", role: "serviceRole", label: "project",
        ways: [{ actions: ["codebuild:StartBuild"], how: "codebuild:StartBuild with a buildspec override in" }, { actions: ["codebuild:UpdateProject"], how: "codebuild:UpdateProject of the buildspec of" }],
    },
    { type: "aws:sfn/stateMachine:StateMachine", role: "roleArn", label: "state machine", ways: [{ actions: ["states:UpdateStateMachine", "states:StartExecution"], how: "states:UpdateStateMachine + states:StartExecution of" }] },
    { type: SYNTHETICS_CANARY[0], role: "executionRoleArn", label: "canary", ways: [{ actions: ["synthetics:UpdateCanary"], how: "synthetics:UpdateCanary (its code) of" }] },
];

function codeEntries(resources: PolicyResource[]): TakeoverGraph["entries"] {
    return CODE_RUNNERS.flatMap(runner => ofType(resources, [runner.type]).flatMap(r => {
        const arn = knownString(r, "arn");
        const role = knownString(r, runner.role);
        return arn && role ? [{ label: `${runner.label} ${knownString(r, "name") ?? r.name}`, role, ways: runner.ways.map(w => ({ ...w, resources: [arn] })) }] : [];
    }));
}

/** The calls that push an image: its layers, then its manifest under a tag (the ECR API; a Docker client makes the same). */
export const IMAGE_PUSH = ["ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload", "ecr:PutImage"];
const REPOSITORY_POLICY = ["aws:ecr/repositoryPolicy:RepositoryPolicy"];
const BUCKET_POLICY = ["aws:s3/bucketPolicy:BucketPolicy"];

/**
 * The images task definitions start from by tag, and the environment files they read, as ways
 * into their task role: ECS resolves the
 * tag each time it starts a task (scale-out, replacement, a runbook's run-task), so whoever can
 * make the tag name another image runs code as the task role, with every container's credentials.
 * A movable tag (see tagMovable) takes a push; an immutable one takes deleting the image first
 * (ecr:BatchDeleteImage frees the tag for the next push). A digest pins the image: no way in.
 * The repository's policy counts: within the account it grants a push as an identity policy does.
 * An environment file (S3) is read at each task start too, and whoever writes it sets the
 * variables the application and its runtime start with (NODE_OPTIONS, PYTHONPATH, a settings
 * module, the database host): code as the task role.
 */
function imageEntries(resources: PolicyResource[]): TakeoverGraph["entries"] {
    const repositories = ofType(resources, ECR_REPOSITORY);
    const policies = ofType(resources, REPOSITORY_POLICY);
    const bucketPolicies = ofType(resources, BUCKET_POLICY);
    return ofType(resources, ECS_TASK_DEFINITION).flatMap(d => {
        const role = knownString(d, "taskRoleArn");
        const containers = containersOf(knownDeep(() => d.props.containerDefinitions)) ?? [];
        const images = containers.map(c => c.image).filter((i): i is string => typeof i === "string");
        const files = containers.flatMap(c => c.environmentFiles ?? []).map(f => f.value).filter((v): v is string => typeof v === "string" && v.startsWith("arn:aws:s3:::"));
        const ways = [...[...new Set(images)].flatMap(image => imageWay(image, repositories, policies)), ...[...new Set(files)].map(file => environmentFileWay(file, bucketPolicies))];
        return role && ways.length > 0 ? [{ label: `the tasks of task definition ${knownString(d, "family") ?? d.name}`, role, ways }] : [];
    });
}

/** The way to change what one image reference starts, or none when a digest pins it. */
function imageWay(image: string, repositories: PolicyResource[], policies: PolicyResource[]): EntryWay[] {
    const { tag, digest } = imageReference(image);
    const parts = ecrRegistryImage(image);
    if ((digest !== undefined && /^sha256:[0-9a-f]{64}$/.test(digest)) || !parts) {
        return [];
    }
    const arn = `arn:aws:ecr:${parts.region}:${parts.account}:repository/${parts.repository}`;
    const repository = repositories.find(r => knownString(r, "arn") === arn || knownString(r, "repositoryUrl") === parts.url);
    const setting = repository ? { imageTagMutability: knownString(repository, "imageTagMutability"), imageTagMutabilityExclusionFilters: knownDeep(() => repository.props.imageTagMutabilityExclusionFilters) as never } : {};
    const held = policies.find(p => knownString(p, "repository") === parts.repository && (knownString(p, "region") ?? parts.region) === parts.region);
    const document = held && parsePolicy(knownDeep(() => held.props.policy));
    const resourcePolicy = document && !isPolicyError(document) ? document : undefined;
    return tagMovable(tag, setting)
        ? [{ actions: IMAGE_PUSH, resources: [arn], resourcePolicy, how: `ecr:PutImage over the tag ${tag} in repository ${parts.repository}, which starts` }]
        : [{ actions: ["ecr:BatchDeleteImage", ...IMAGE_PUSH], resources: [arn], resourcePolicy,
            how: `ecr:BatchDeleteImage then ecr:PutImage of another image under the freed immutable tag ${tag} in repository ${parts.repository}, which starts` }];
}

/** The way to change an environment file a task reads: s3:PutObject on the object (with its bucket's policy). */
function environmentFileWay(file: string, bucketPolicies: PolicyResource[]): EntryWay {
    return objectWay(file, bucketPolicies, `s3:PutObject on the environment file ${file}, which starts`);
}

/** s3:PutObject on one object, decided with its bucket's policy when the stack sets one. */
function objectWay(object: string, bucketPolicies: PolicyResource[], how: string): EntryWay {
    const bucket = object.slice("arn:aws:s3:::".length).split("/")[0];
    const held = bucketPolicies.find(p => knownString(p, "bucket") === bucket);
    const document = held && parsePolicy(knownDeep(() => held.props.policy));
    return { actions: ["s3:PutObject"], resources: [object], resourcePolicy: document && !isPolicyError(document) ? document : undefined, how };
}

/** Code read from an object when it is deployed: a function's and a canary's, and the role each runs as. */
const CODE_OBJECTS: readonly { type: string; role: string; label: string }[] = [
    { type: LAMBDA_FUNCTION[0], role: "role", label: "function" },
    { type: SYNTHETICS_CANARY[0], role: "executionRoleArn", label: "canary" },
];

/**
 * The objects functions and canaries take their code from, as ways into their role: Lambda and
 * Synthetics copy the object when the function or canary is created, replaced or its code updated
 * (a deploy, a dr promotion), so whoever writes it between two deploys decides what the next one
 * installs and runs as the role.
 */
function codeObjectEntries(resources: PolicyResource[]): TakeoverGraph["entries"] {
    const bucketPolicies = ofType(resources, BUCKET_POLICY);
    return CODE_OBJECTS.flatMap(kind => ofType(resources, [kind.type]).flatMap(r => {
        const bucket = knownString(r, "s3Bucket");
        const key = knownString(r, "s3Key");
        const role = knownString(r, kind.role);
        const label = `${kind.label} ${knownString(r, "name") ?? r.name}`;
        return bucket && key && role
            ? [{ label, role, ways: [objectWay(`arn:aws:s3:::${bucket}/${key}`, bucketPolicies, `s3:PutObject on its code object s3://${bucket}/${key}, which the next create, update or replacement installs in`)] }]
            : [];
    }));
}

/** The documents of the role that grant (may grant) one of the route's first actions: where to report. */
export function grantingDocuments(role: StackRole, actions: string[]): IdentityDocument[] {
    const docs = role.identity.documents.filter(d => !isPolicyError(d.policy) && d.policy.statements.some(s => s.effect === "Allow" &&
        (s.notAction !== undefined || actions.some(a => (s.action ?? []).some(p => globMatches(p.toLowerCase(), a.toLowerCase()))))));
    return docs.length > 0 ? docs : role.identity.documents.slice(0, 1);
}

/** A sentence for one escalation. */
export function escalationText(role: StackRole, e: Escalation): string {
    const path = e.chain.map(t => t.how).join(", then ");
    const what = e.unbounded ?? `holds ${e.gains.slice(0, 4).map(c => c.text).join(", ")}${e.gains.length > 4 ? ` and ${e.gains.length - 4} more` : ""}, which it does not hold itself`;
    return `lets application ${role.identity.label} take over another principal: ${path}; through it the role ${what} (transitive privilege escalation: ` +
        "an application role is judged by what it can take over); remove the action or narrow its resources to what the application itself uses";
}

/** Findings of the graph: per application role its escalations; per role the whole account may assume its data holdings. */
export async function takeoverFindings(graph: TakeoverGraph, roles: StackRole[]): Promise<{ role: StackRole; documents: IdentityDocument[]; message: string }[]> {
    const index = new TakeoverIndex(graph);
    const out: { role: StackRole; documents: IdentityDocument[]; message: string }[] = [];
    const workloads = new Set(roles.filter(r => r.application).map(r => r.principal.id));
    for (const role of roles.filter(r => r.application)) {
        const escalations = await index.escalations(role.principal);
        for (const e of escalations) {
            out.push({ role, documents: grantingDocuments(role, e.chain[0].actions), message: escalationText(role, e) });
        }
        // Changing what another workload runs is lateral movement whatever the two roles hold: the
        // frontend's code, for one, is what every user's browser runs.
        const reported = new Set(escalations.map(e => e.chain[0].reached?.id));
        for (const t of (await index.takeovers(role.principal)).filter(x => x.code && x.reached && workloads.has(x.reached.id) && !reported.has(x.reached.id))) {
            out.push({
                role, documents: grantingDocuments(role, t.actions),
                message: `lets application ${role.identity.label} change the code another workload runs: ${t.how}; what ${t.code} serves, stores and calls is then the compromised workload's ` +
                    "(lateral movement between workloads); only the deployment changes a workload's code: remove the action or the write",
            });
        }
    }
    for (const role of roles.filter(r => r.principal.trust)) {
        if (await admitsWholeAccount(role.principal.trust!, role.principal.arn, graph.account)) {
            const holdings = await index.holdings(role.principal);
            if (holdings.length > 0) {
                out.push({
                    role, documents: [],
                    message: `${role.identity.label}: its trust policy admits the account itself (its root or bare id, without a condition naming who), so every principal of the account allowed sts:AssumeRole reaches what the role holds: ` +
                        `${holdings.slice(0, 4).map(c => c.text).join(", ")}; name the roles that assume it (their ARNs) or confine the statement with aws:PrincipalArn`,
                });
            }
        }
    }
    return out;
}
