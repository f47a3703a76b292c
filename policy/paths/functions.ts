/**
 * What the stack's functions need at run time: a Lambda function reads every Secrets Manager
 * secret its environment names (GetSecretValue, and kms:Decrypt through Secrets Manager on the
 * secret's key, role policy and key policy alike); a rotation schedule invokes a function that
 * is a rotation function (one Secrets Manager may invoke: a serverless-repository rotation app of
 * the stack, or a function with a Lambda permission for secretsmanager.amazonaws.com); a rotation
 * app is deployed for the secret it rotates: its `kmsKeyArn` is a key that decrypts the secret
 * (the app grants its role that key only) and its `endpoint`, where the function sends each new
 * password, is Secrets Manager in the secret's region (or the stack's VPC endpoint of it). Every
 * rotation app runs reviewed code: AWS's own application at the reviewed version or later
 * (policy/lib/facts/rotationApps.ts), not a look-alike published by another account.
 * A function something in the stack invokes (a rule's target, a rotation, a permission) may run
 * (reserved concurrency above 0), and its role may write the log group it logs to.
 */
import { ask, asRole, endpointRefusal, fromWhere, keyAccess, keyGap, normal, storeDecryptContext, roleAccess, resourcePolicyOf } from "./access";
import { arnParts, broken, ok, PathResource, PathResult, StackIndex } from "./model";
import { lambdaFunctionName } from "../lib/stack";
import { originsOf } from "./origin";
import { rotationApplicationProblem, SecretsManagerVpcEndpoint, secretsManagerEndpointProblem } from "../lib/facts/rotationApps";

const LAMBDA = "aws:lambda/function:Function";
const PERMISSION = "aws:lambda/permission:Permission";
const SECRET = "aws:secretsmanager/secret:Secret";
const ROTATION = "aws:secretsmanager/secretRotation:SecretRotation";
const ROTATION_APP = "aws:serverlessrepository/cloudFormationStack:CloudFormationStack";
const EVENT_TARGET = "aws:cloudwatch/eventTarget:EventTarget";
const VPC_ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint";

const secretArn = (ref: string): string => ref.split(":").slice(0, 7).join(":");

/** A secret of the stack and its key (by the secret's `kmsKeyId`). */
function secretWithKey(ix: StackIndex, ref: string) {
    const secret = ix.named(secretArn(ref), SECRET)[0];
    const key = secret && secret.props.kmsKeyId !== undefined ? keyAccess(ix, secret.props.kmsKeyId, { resource: secret, property: "kmsKeyId" }) : undefined;
    return secret ? { secret, key } : undefined;
}

async function functionSecretPaths(ix: StackIndex): Promise<PathResult[]> {
    const results: PathResult[] = [];
    for (const f of ix.ofType(LAMBDA)) {
        const role = f.props.role !== undefined ? roleAccess(ix, f.props.role, { resource: f, property: "role" }) : undefined;
        const { account, region } = arnParts(f.props.arn);
        if (!role || !account || !region) continue;
        const variables = (f.props.environment?.variables ?? {}) as Record<string, unknown>;
        for (const [variable, value] of Object.entries(variables)) {
            const found = typeof value === "string" && arnParts(value).service === "secretsmanager" ? secretWithKey(ix, value) : undefined;
            if (!found) continue;
            const arn = secretArn(value as string);
            const path = `function ${f.props.name ?? f.name} reads ${variable} (${arn})`;
            const secretPolicy = resourcePolicyOf(ix, ix.named(arn, SECRET)[0]);
            const read = await ask({ action: "secretsmanager:GetSecretValue", resource: arn, account, ...asRole(role), resourcePolicy: secretPolicy?.policy,
                from: originsOf(ix, f, "secretsmanager:GetSecretValue", region) });
            const refused = endpointRefusal(path, read, `secretsmanager:GetSecretValue on ${arn} for role ${role.arn}`);
            if (refused) { results.push(refused); continue; }
            if (!read.allowed) {
                const where = read.identityAllows && secretPolicy ? secretPolicy.resource : role.role;
                const why = read.identityAllows && secretPolicy ? `for role ${role.arn}: the secret's resource policy refuses it` : `on ${arn} in role ${role.arn}'s policies`;
                results.push(broken(path, `secretsmanager:GetSecretValue ${why}${fromWhere(read)}`, where));
                continue;
            }
            const gap = found.key && await keyGap(role, found.key, "kms:Decrypt", storeDecryptContext("secretsmanager", region, found.secret.props.arn), account);
            results.push(gap ? broken(path, `${gap.missing} (the secret's key)`, gap.change) : ok(path));
        }
    }
    return results;
}

/** The rotation app (of the stack's region) whose function an ARN names: the app's `functionName`. */
function rotationAppOf(ix: StackIndex, lambdaArn: string): PathResource | undefined {
    const name = lambdaFunctionName(lambdaArn);
    return ix.ofType(ROTATION_APP).find((app) => app.props.parameters?.functionName === name && arnParts(app.props.applicationId).service === "serverlessrepo");
}

/** Whether Secrets Manager may invoke a function of the stack (a Lambda permission naming it). */
function secretsManagerMayInvoke(ix: StackIndex, f: PathResource): boolean {
    return ix.ofType(PERMISSION).some((p) => p.props.principal === "secretsmanager.amazonaws.com"
        && ix.refs(p, "function", LAMBDA).includes(f) && ["lambda:InvokeFunction", "lambda:*"].includes(p.props.action));
}

/** The rotation app decrypts the secret only with the key of its `kmsKeyArn` (the app's role is granted that key alone). */
async function appKeyGap(app: PathResource, secret: PathResource, key: ReturnType<typeof keyAccess>, region: string, account: string): Promise<string | undefined> {
    if (!key) return undefined;
    const param = app.props.parameters?.kmsKeyArn;
    if (typeof param !== "string" || param === "") return `parameters.kmsKeyArn naming the secret's key ${key.arn} (without it the app's role may use no customer-managed key)`;
    const grant = normal({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: param }] });
    const probe = `arn:aws:iam::${account}:role/pack-probe-rotation-function`;
    const r = await ask({ action: "kms:Decrypt", resource: key.arn, account, principal: probe, identity: grant ? [grant] : [], resourcePolicy: key.policy,
        context: storeDecryptContext("secretsmanager", region, secret.props.arn) });
    return r.allowed ? undefined : `parameters.kmsKeyArn = the key of ${secret.props.name ?? secret.name} (${key.arn}); it names ${param}, which cannot decrypt the secret`;
}

async function rotationPaths(ix: StackIndex): Promise<PathResult[]> {
    const results: PathResult[] = [];
    for (const rotation of ix.ofType(ROTATION)) {
        const lambdaArn = rotation.props.rotationLambdaArn;
        const secretRef = rotation.props.secretId;
        if (typeof lambdaArn !== "string" || typeof secretRef !== "string") continue;
        const found = secretWithKey(ix, secretRef);
        const { account, region } = arnParts(secretRef);
        if (!found || !account || !region) continue;
        const path = `rotation of ${found.secret.props.name ?? found.secret.name} runs ${lambdaFunctionName(lambdaArn)}`;
        const app = rotationAppOf(ix, lambdaArn);
        const fn = app ? undefined : ix.named(lambdaArn, LAMBDA)[0];
        if (!app) {
            const apps = ix.ofType(ROTATION_APP).map((a) => a.props.parameters?.functionName).filter((n): n is string => typeof n === "string");
            if (fn && secretsManagerMayInvoke(ix, fn)) { results.push(ok(path)); continue; }
            if (fn || apps.length > 0) {
                results.push(broken(path, `rotationLambdaArn naming a rotation function${apps.length ? ` (the stack's: ${apps.join(", ")})` : ""}; ${lambdaArn} is not one Secrets Manager may invoke`, rotation));
            }
            continue;
        }
        const endpoint = app.props.parameters?.endpoint;
        const misdirected = typeof endpoint === "string" ? secretsManagerEndpointProblem(endpoint, region, secretsManagerVpcEndpoints(ix, region)) : undefined;
        if (misdirected) { results.push(broken(path, misdirected, app)); continue; }
        const gap = await appKeyGap(app, found.secret, found.key, region, account);
        results.push(gap ? broken(path, gap, app) : ok(path));
    }
    return results;
}

/** The stack's Secrets Manager interface endpoints in a region (id and DNS names, undefined while not known). */
function secretsManagerVpcEndpoints(ix: StackIndex, region: string): SecretsManagerVpcEndpoint[] {
    return ix.ofType(VPC_ENDPOINT).filter((e) => e.props.serviceName === `com.amazonaws.${region}.secretsmanager`).map((e) => ({
        id: typeof e.props.id === "string" ? e.props.id : typeof e.props.arn === "string" ? e.props.arn.split("/").pop() : undefined,
        dnsNames: Array.isArray(e.props.dnsEntries) ? e.props.dnsEntries.map((d: { dnsName?: string }) => String(d.dnsName ?? "")) : undefined,
    }));
}

/**
 * Every serverless-repository application of the stack is a rotation function (it holds the
 * master password): AWS's own application, pinned at the reviewed version or later. The
 * application id names its publisher; a same-named application of another account, an older
 * release or an unpinned one runs code nobody reviewed.
 */
function rotationAppCodePaths(ix: StackIndex): PathResult[] {
    return ix.ofType(ROTATION_APP).filter((app) => !(app.pending ?? []).some((p) => p === "applicationId" || p === "semanticVersion")).map((app) => {
        const path = `rotation function ${app.props.parameters?.functionName ?? app.props.name ?? app.name} runs AWS's reviewed rotation application`;
        const problem = rotationApplicationProblem(app.props.applicationId, app.props.semanticVersion);
        return problem ? broken(path, problem, app) : ok(path);
    });
}

/** Whether something of the stack invokes the function: a rule's target, a rotation schedule, a Lambda permission. */
function invoked(ix: StackIndex, f: PathResource): boolean {
    return ix.ofType(EVENT_TARGET).some((t) => ix.refs(t, "arn", LAMBDA).includes(f))
        || ix.ofType(ROTATION).some((r) => ix.refs(r, "rotationLambdaArn", LAMBDA).includes(f))
        || ix.ofType(PERMISSION).some((p) => ix.refs(p, "function", LAMBDA).includes(f));
}

/**
 * A function the stack invokes runs: reserved concurrency 0 throttles every invocation (the
 * schedule's run, the restore check, the rotation never happen, and nothing fails loudly). Its
 * role writes its log group (loggingConfig.logGroup, else /aws/lambda/<name>): Lambda writes the
 * logs as the function's role, and without the grant they are dropped.
 */
async function functionRunPaths(ix: StackIndex): Promise<PathResult[]> {
    const results: PathResult[] = [];
    for (const f of ix.ofType(LAMBDA)) {
        const name = String(f.props.name ?? f.name);
        if (f.props.reservedConcurrentExecutions === 0 && invoked(ix, f)) {
            results.push(broken(`function ${name} runs when the stack invokes it`, "reservedConcurrentExecutions above 0 (0 throttles every invocation) or unset", f));
        }
        const role = f.props.role !== undefined ? roleAccess(ix, f.props.role, { resource: f, property: "role" }) : undefined;
        const { account, region } = arnParts(f.props.arn);
        if (!role || !account || !region) continue;
        const group = String(f.props.loggingConfig?.logGroup ?? `/aws/lambda/${name}`);
        const path = `function ${name} writes its logs to ${group}`;
        const stream = `arn:aws:logs:${region}:${account}:log-group:${group}:log-stream:probe`;
        let gap: string | undefined;
        for (const action of ["logs:CreateLogStream", "logs:PutLogEvents"]) {
            if (!(await ask({ action, resource: stream, account, ...asRole(role) })).allowed) { gap = action; break; }
        }
        results.push(gap ? broken(path, `${gap} on ${group} for role ${role.arn} (or loggingConfig.logGroup naming the group the role writes)`, role.role) : ok(path));
    }
    return results;
}

export async function functionPaths(ix: StackIndex): Promise<PathResult[]> {
    const [secrets, rotations, runs] = await Promise.all([functionSecretPaths(ix), rotationPaths(ix), functionRunPaths(ix)]);
    return [...secrets, ...rotations, ...rotationAppCodePaths(ix), ...runs];
}
