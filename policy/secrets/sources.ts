/**
 * Where plain values reach resources: the inputs that are read as configuration by what runs
 * (a Lambda's, a canary's, a CodeBuild project's or an App Runner service's environment, an SSM
 * String parameter, an instance's user data). ECS task
 * definitions have their own policy (ecs-no-secrets-in-environment).
 */
import { Props } from "../lib/define";
import { ECS_TASK_DEFINITION } from "../lib/tokens";
import { isGiven } from "../lib/props";
import { Candidate, leafName } from "./detect";
import { WRITE_ONLY_TWINS } from "./writeOnlyTwins";

/** A value with where it sits, for the message. */
export interface Located {
    where: string;
    candidate: Candidate;
}

export const LAMBDA_FUNCTION = "aws:lambda/function:Function";
export const SSM_PARAMETER = "aws:ssm/parameter:Parameter";
const SECRET_VERSION = "aws:secretsmanager/secretVersion:SecretVersion";
export const LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate";
export const EC2_INSTANCE = "aws:ec2/instance:Instance";
export const SYNTHETICS_CANARY = "aws:synthetics/canary:Canary";
export const CODEBUILD_PROJECT = "aws:codebuild/project:Project";
export const APPRUNNER_SERVICE = "aws:apprunner/service:Service";

/** SSM parameter types whose value is stored and shown in clear. */
const PLAIN_PARAMETER_TYPES = ["String", "StringList"];

function strings(record: unknown): [string, string][] {
    if (typeof record !== "object" || record === null) {
        return [];
    }
    return Object.entries(record).filter((e): e is [string, string] => typeof e[1] === "string");
}

/** The plain values of a resource of one of the types above (none for other types). */
export function plainValuesOf(type: string, props: Props): Located[] {
    switch (type) {
        case LAMBDA_FUNCTION:
            return strings(props.environment?.variables).map(([name, value]) => ({ where: `environment variable ${name}`, candidate: { name, value } }));
        case SSM_PARAMETER: {
            if (!PLAIN_PARAMETER_TYPES.includes(props.type)) {
                return [];
            }
            // The parameter's last path segment is its name (`/expertconnect/prod/payments/api-key`).
            const name = typeof props.name === "string" ? props.name.split("/").pop() : undefined;
            return (["value", "insecureValue"] as const)
                .filter(k => typeof props[k] === "string")
                .map(k => ({ where: `${props.type} ${k}`, candidate: { name, value: props[k] as string } }));
        }
        case LAUNCH_TEMPLATE:
        case EC2_INSTANCE:
            return (["userData", "userDataBase64"] as const)
                .filter(k => typeof props[k] === "string")
                .map(k => ({ where: k, candidate: { name: k, value: props[k] as string } }));
        case SYNTHETICS_CANARY:
            // A canary's script runs on a Lambda runtime that reads these like a function's environment.
            return strings(props.runConfig?.environmentVariables)
                .map(([name, value]) => ({ where: `runConfig environment variable ${name}`, candidate: { name, value } }));
        case CODEBUILD_PROJECT:
            // PARAMETER_STORE and SECRETS_MANAGER variables hold a reference; PLAINTEXT (the default) the value itself.
            return (Array.isArray(props.environment?.environmentVariables) ? props.environment.environmentVariables : [])
                .filter((v: { type?: string; value?: unknown }) => typeof v?.value === "string" && (v.type ?? "PLAINTEXT") === "PLAINTEXT")
                .map((v: { name?: string; value: string }) => ({ where: `environment variable ${v.name}`, candidate: { name: v.name, value: v.value } }));
        case APPRUNNER_SERVICE: {
            const source = props.sourceConfiguration;
            return [source?.imageRepository?.imageConfiguration, source?.codeRepository?.codeConfiguration?.codeConfigurationValues]
                .flatMap(c => strings(c?.runtimeEnvironmentVariables))
                .map(([name, value]) => ({ where: `runtime environment variable ${name}`, candidate: { name, value } }));
        }
        default:
            return [];
    }
}

/**
 * A resource's tag values, judged in full under their keys: a tag is a short label (an owner, a
 * cost centre, a commit), never prose, so a password or token there stands out by its look even
 * under an innocent key (`BreakGlass: user/…`), and tags are shown to anyone who may list them.
 */
export function tagValuesOf(props: Props): Located[] {
    return (["tags", "tagsAll"] as const).flatMap(input => strings(props[input])
        .map(([name, value]) => ({ where: `input ${input}.${name}`, candidate: { name, value } })));
}

/**
 * The inputs of a resource given in their plain form although a write-only twin exists (`authToken`
 * beside `authTokenWo`): the plain one is kept in the state's inputs and outputs and read back by
 * every refresh, the twin never (the reasoning of rds-no-plaintext-password, for every such type).
 */
export function plainTwinsOf(type: string, props: Props): string[] {
    // A secret store's own value (a SecureString's `value`, a secret version's `secretString`) is
    // what the resource exists to hold, and the provider keeps it as an encrypted secret in the
    // state. Programs commonly set it from a config secret, which reaches a policy decrypted, so
    // a refusal here could not tell that from a literal in code: the twin rule is for secrets
    // handed to resources that are not stores (a database's password, a cache's AUTH token).
    if (type === SSM_PARAMETER || type === SECRET_VERSION) {
        return [];
    }
    // ElastiCache users' `passwords` is a list; the others are strings.
    return (WRITE_ONLY_TWINS[type] ?? []).filter(input => isGiven(props, input) || (Array.isArray(props[input]) && props[input].length > 0));
}

/** The types `plainValuesOf` reads. */
export const PLAIN_VALUE_TYPES = [LAMBDA_FUNCTION, SSM_PARAMETER, LAUNCH_TEMPLATE, EC2_INSTANCE, SYNTHETICS_CANARY, CODEBUILD_PROJECT, APPRUNNER_SERVICE] as const;

/**
 * The inputs (paths) `plainValuesOf` (or the ECS policy) judges in full, by type; the others get
 * the scan of every input (findCredentialInInput).
 */
export const JUDGED_INPUTS: Readonly<Record<string, readonly string[]>> = {
    [LAMBDA_FUNCTION]: ["environment"],
    [SSM_PARAMETER]: ["value", "insecureValue"],
    [LAUNCH_TEMPLATE]: ["userData", "userDataBase64"],
    [EC2_INSTANCE]: ["userData", "userDataBase64"],
    [SYNTHETICS_CANARY]: ["runConfig.environmentVariables"],
    [CODEBUILD_PROJECT]: ["environment.environmentVariables"],
    [APPRUNNER_SERVICE]: [
        "sourceConfiguration.imageRepository.imageConfiguration.runtimeEnvironmentVariables",
        "sourceConfiguration.codeRepository.codeConfiguration.codeConfigurationValues.runtimeEnvironmentVariables",
    ],
    [ECS_TASK_DEFINITION[0]]: ["containerDefinitions"],
};

/** Inputs judged in full for every type (tagValuesOf). */
const JUDGED_FOR_ALL = ["tags", "tagsAll"];

/** Whether the input at `path` is judged in full for a resource of `type`. */
export function judgedInFull(type: string, path: string): boolean {
    // Map-form tags only (`tags.Owner`); list-form ones (`tags[0].value`) get the scan of every input.
    return JUDGED_FOR_ALL.some(p => path.startsWith(`${p}.`)) || (JUDGED_INPUTS[type] ?? []).some(p => path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[`));
}

/**
 * Inputs made to receive a secret: write-only fields, passwords, AUTH tokens, a secret's value,
 * private keys of certificates. Pulumi keeps them as secrets; other policies judge where they
 * come from (rds-no-plaintext-password, the ElastiCache AUTH policy).
 */
export const SECRET_SINK = /(?:Wo|^password|^masterPassword|^authToken|^secretString|^secretBinary|^privateKey)$/;

/**
 * Top-level inputs that AWS itself keeps as a secret, by type: an EventBridge connection's
 * authorization parameters are stored in a Secrets Manager secret the connection owns.
 */
export const SECRET_SINKS_BY_TYPE: Readonly<Record<string, readonly string[]>> = {
    "aws:cloudwatch/eventConnection:EventConnection": ["authParameters"],
};

/** A string input with its path and the name it goes by (its key, or its entry's name). */
export interface StringInput {
    path: string;
    name?: string;
    value: string;
}

/**
 * Every string input of a resource of `type` with its path and name, except secret sinks (JSON
 * strings are walked by the detector).
 */
export function stringInputs(props: Props, type = ""): StringInput[] {
    const found: StringInput[] = [];
    const sinks = SECRET_SINKS_BY_TYPE[type] ?? [];
    const walk = (value: unknown, path: string, name: string | undefined, depth: number): void => {
        if (depth > 12) {
            return;
        }
        if (typeof value === "string") {
            found.push({ path, name, value });
        } else if (Array.isArray(value)) {
            value.forEach((v, i) => walk(v, `${path}[${i}]`, name, depth + 1));
        } else if (typeof value === "object" && value !== null) {
            for (const [k, v] of Object.entries(value)) {
                if (!(depth === 0 && (SECRET_SINK.test(k) || sinks.includes(k)))) {
                    walk(v, path ? `${path}.${k}` : k, leafName(value as Record<string, unknown>, k), depth + 1);
                }
            }
        }
    };
    walk(props, "", undefined, 0);
    return found;
}
