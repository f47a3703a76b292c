/**
 * The ways into code that runs as a role of the stack (see lib/iam/takeover.ts `entries`): a shell
 * (ECS Exec into a service's tasks, an SSM session on an instance), the image a task definition
 * starts by tag and the environment files it reads, the object a function or canary is deployed
 * from, and what already runs as a role and runs its caller's code (a build, a state machine, a
 * canary). Each way is a set of requests the evaluation core decides, with the resource's own
 * policy where it has one.
 */
import { PolicyResource } from "@pulumi/policy";

import { pinnedByDigest, imageReference, tagMovable } from "../ecr/imageReference";
import { containersOf } from "../lib/containers";
import { ecrRegistryImage } from "../lib/ecr";
import { isPolicyError, parsePolicy } from "../lib/iam/document";
import { PROBE_NAME } from "../lib/iam/evaluate";
import { EntryWay, TakeoverGraph } from "../lib/iam/takeover";
import { knownDeep, knownString, linker, ofType } from "../lib/stack";
import { EC2_INSTANCE, ECR_REPOSITORY, ECS_SERVICE, ECS_TASK_DEFINITION, IAM_ROLE, LAMBDA_FUNCTION, SYNTHETICS_CANARY } from "../lib/tokens";

/** A type the pack has no shared token for. */
const INSTANCE_PROFILE = ["aws:iam/instanceProfile:InstanceProfile"];

/** Every way into code that runs as a role of the stack. */
export function codeEntries(resources: PolicyResource[]): TakeoverGraph["entries"] {
    return [...shellSessions(resources), ...imageEntries(resources), ...runnerEntries(resources), ...codeObjectEntries(resources)];
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

function runnerEntries(resources: PolicyResource[]): TakeoverGraph["entries"] {
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
    if (pinnedByDigest(digest) || !parts) {
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
