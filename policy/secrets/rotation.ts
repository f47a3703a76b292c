import { PolicyResource } from "@pulumi/policy";

import { stackPolicy } from "../lib/define";
import { rateDays } from "../lib/schedule";
import { knownDeep, knownString, lambdaFunctionName, linker, ofType } from "../lib/stack";
import { RDS_INSTANCE, SECRETS_MANAGER_SECRET } from "../lib/tokens";

const SECRET_VERSION = ["aws:secretsmanager/secretVersion:SecretVersion"] as const;
const SECRET_ROTATION = ["aws:secretsmanager/secretRotation:SecretRotation"] as const;
const RDS_CLUSTER = ["aws:rds/cluster:Cluster"] as const;
const DATABASES = [...RDS_INSTANCE, ...RDS_CLUSTER];
/** Inputs of a database that carry its master password. */
const PASSWORD_INPUTS = ["password", "passwordWo", "masterPassword", "masterPasswordWo"];

/** Whether `r` depends, through any input, on one of `targets`. */
function dependsOn(r: PolicyResource, targets: Set<PolicyResource>): boolean {
    return Object.values(r.propertyDependencies).some(deps => deps.some(d => targets.has(d))) || r.dependencies.some(d => targets.has(d));
}

/**
 * The secrets that hold a database's credentials: a version of the secret is written from a
 * database (its endpoint, its user), or a database's password input is read from the secret or
 * one of its versions.
 */
function databaseSecrets(resources: PolicyResource[], secrets: PolicyResource[]): Set<PolicyResource> {
    const databases = new Set(ofType(resources, DATABASES));
    const versionOf = linker(secrets, ["arn", "id"]);
    const versions = ofType(resources, SECRET_VERSION);
    const found = new Set<PolicyResource>();
    for (const v of versions.filter(v => dependsOn(v, databases))) {
        versionOf(v, "secretId").forEach(s => found.add(s));
    }
    for (const db of databases) {
        const sources = PASSWORD_INPUTS.flatMap(p => db.propertyDependencies[p] ?? []);
        for (const source of sources) {
            if (secrets.includes(source)) {
                found.add(source);
            } else if (versions.includes(source)) {
                versionOf(source, "secretId").forEach(s => found.add(s));
            }
        }
    }
    return found;
}

const LAMBDA_FUNCTION = "aws:lambda/function:Function";
const SERVERLESS_APPLICATION = "aws:serverlessrepository/cloudFormationStack:CloudFormationStack";


/**
 * Names of the functions the stack deploys: its Lambda functions, and the function each
 * Serverless Application Repository stack makes (AWS's rotation applications take it as the
 * `functionName` parameter). An unknown name counts as any (a preview of a new function).
 */
function deployedFunctions(resources: PolicyResource[]): { has(name: string): boolean } {
    const names = new Set<string>();
    let unknown = false;
    for (const f of ofType(resources, [LAMBDA_FUNCTION])) {
        const name = knownString(f, "name") ?? (knownString(f, "arn") && lambdaFunctionName(knownString(f, "arn")!));
        if (name) names.add(name); else unknown = true;
    }
    for (const app of ofType(resources, [SERVERLESS_APPLICATION])) {
        const name = knownDeep(() => (app.props.parameters as Record<string, unknown> | undefined)?.functionName, null);
        if (typeof name === "string") names.add(name); else unknown = true;
    }
    return { has: (name) => unknown || names.has(name) };
}

export const secretsRotation = stackPolicy<{ maximumRotationDays: number; rotatedSecrets: string[] }>({
    name: "secrets-rotation",
    description: "Secrets that hold database credentials (and any named in config) rotate automatically, at least every maximumRotationDays, by a function the stack deploys.",
    enforcementLevel: "mandatory",
    onlyWith: SECRETS_MANAGER_SECRET[0],
    types: [...SECRETS_MANAGER_SECRET, ...SECRET_ROTATION, LAMBDA_FUNCTION, SERVERLESS_APPLICATION],
    metadata: {
        severity: "high",
        guideSection: "Security Maintenance › Regular Security Tasks › Rotate credentials (database passwords)",
        fsbpControl: "SecretsManager.1",
        remediationSteps: "Keep the secret's aws.secretsmanager.SecretRotation (a rotation function and rotationRules.automaticallyAfterDays " +
            "at most the maximum, 30 in this project); do not remove it to stop a failing rotation, fix the function.",
    },
    config: {
        maximumRotationDays: {
            type: "integer", minimum: 1, maximum: 365, default: 90,
            description: "Longest interval between rotations (FSBP SecretsManager.4 uses 90 days).",
        },
        // May be empty (unlike patternListProperty's lists): database secrets are found without it.
        rotatedSecrets: {
            type: "array", items: { type: "string", minLength: 1, format: "regex" }, default: [],
            description: "Regular expressions; secrets whose name matches one must rotate too.",
        },
    },
    validate: (resources, report, { config }) => {
        const secrets = ofType(resources, SECRETS_MANAGER_SECRET);
        const patterns = config.rotatedSecrets.map(p => new RegExp(p));
        const holdsCredentials = databaseSecrets(resources, secrets);
        const named = secrets.filter(s => patterns.some(p => p.test(knownString(s, "name") ?? "")));
        const mustRotate = new Set([...holdsCredentials, ...named]);
        const rotations = ofType(resources, SECRET_ROTATION);
        const rotatedBy = linker(secrets, ["arn", "id", "name"]);
        const deployed = deployedFunctions(resources);
        for (const secret of mustRotate) {
            const name = knownString(secret, "name") ?? secret.name;
            const own = rotations.filter(r => rotatedBy(r, "secretId").includes(secret));
            if (own.length === 0) {
                const why = holdsCredentials.has(secret) ? "holds database credentials" : "is named in rotatedSecrets";
                report(`secret ${name} ${why} but has no rotation (aws.secretsmanager.SecretRotation).`, secret.urn);
                continue;
            }
            for (const rotation of own) {
                const rules = knownDeep(() => rotation.props.rotationRules as { automaticallyAfterDays?: number; scheduleExpression?: string } | undefined);
                if (rules === undefined) {
                    continue;
                }
                const days = typeof rules.automaticallyAfterDays === "number"
                    ? rules.automaticallyAfterDays
                    : typeof rules.scheduleExpression === "string" ? rateDays(rules.scheduleExpression) : undefined;
                if (rules.automaticallyAfterDays === undefined && rules.scheduleExpression === undefined) {
                    report(`secret ${name}'s rotation has no schedule (rotationRules is empty).`, rotation.urn);
                } else if (days !== undefined && days > config.maximumRotationDays) {
                    report(`secret ${name} rotates every ${days} days; the maximum is ${config.maximumRotationDays}.`, rotation.urn);
                }
                const fn = knownString(rotation, "rotationLambdaArn");
                if (!("rotationLambdaArn" in rotation.props) || fn === "") {
                    report(`secret ${name}'s rotation names no rotation function.`, rotation.urn);
                } else if (fn !== undefined && !deployed.has(lambdaFunctionName(fn))) {
                    report(`secret ${name}'s rotation invokes ${fn}, a function the stack does not deploy (no Lambda function or Serverless Application Repository stack of the stack makes it): ` +
                        "removing the function from the program deletes it, and every rotation then fails while the schedule looks set. Keep the rotation application (components/data/PasswordRotation).", rotation.urn);
                }
            }
        }
    },
});
