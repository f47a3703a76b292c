/**
 * Where plain values reach resources: the inputs that are read as configuration by what runs
 * (a Lambda's environment, an SSM String parameter, an instance's user data). ECS task
 * definitions have their own policy (ecs-no-secrets-in-environment).
 */
import { Props } from "../lib/define";
import { ECS_TASK_DEFINITION } from "../lib/tokens";
import { Candidate } from "./detect";

/** A value with where it sits, for the message. */
export interface Located {
    where: string;
    candidate: Candidate;
}

export const LAMBDA_FUNCTION = "aws:lambda/function:Function";
export const SSM_PARAMETER = "aws:ssm/parameter:Parameter";
export const LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate";
export const EC2_INSTANCE = "aws:ec2/instance:Instance";

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
        default:
            return [];
    }
}

/** The types `plainValuesOf` reads. */
export const PLAIN_VALUE_TYPES = [LAMBDA_FUNCTION, SSM_PARAMETER, LAUNCH_TEMPLATE, EC2_INSTANCE] as const;

/** The top-level inputs `plainValuesOf` (or the ECS policy) judges in full, by type; the others get the format scan. */
export const JUDGED_INPUTS: Readonly<Record<string, readonly string[]>> = {
    [LAMBDA_FUNCTION]: ["environment"],
    [SSM_PARAMETER]: ["value", "insecureValue"],
    [LAUNCH_TEMPLATE]: ["userData", "userDataBase64"],
    [EC2_INSTANCE]: ["userData", "userDataBase64"],
    [ECS_TASK_DEFINITION[0]]: ["containerDefinitions"],
};

/**
 * Inputs made to receive a secret: write-only fields, passwords, AUTH tokens, a secret's value,
 * private keys of certificates. Pulumi keeps them as secrets; other policies judge where they
 * come from (rds-no-plaintext-password, the ElastiCache AUTH policy).
 */
const SECRET_SINK = /(?:Wo|^password|^masterPassword|^authToken|^secretString|^secretBinary|^privateKey)$/;

/**
 * Every string input of a resource with its path, except secret sinks and encoded JSON's own
 * structure (JSON strings are parsed and walked).
 */
export function stringInputs(props: Props): { path: string; value: string }[] {
    const found: { path: string; value: string }[] = [];
    const walk = (value: unknown, path: string, depth: number): void => {
        if (depth > 12) {
            return;
        }
        if (typeof value === "string") {
            found.push({ path, value });
        } else if (Array.isArray(value)) {
            value.forEach((v, i) => walk(v, `${path}[${i}]`, depth + 1));
        } else if (typeof value === "object" && value !== null) {
            for (const [k, v] of Object.entries(value)) {
                if (!(depth === 0 && SECRET_SINK.test(k))) {
                    walk(v, path ? `${path}.${k}` : k, depth + 1);
                }
            }
        }
    };
    walk(props, "", 0);
    return found;
}
