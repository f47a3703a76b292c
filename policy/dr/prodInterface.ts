/**
 * The interface prod publishes to dr (policy/lib/facts/prodOutputs.ts), judged from both sides.
 * A prod change is analyzed by prod's pack alone: a renamed output, or a "replica" output that
 * names the primary in us-east-1, deploys fine and breaks dr only when dr reads it, at failover.
 * So in prod every output dr reads is present and names what prod holds in the shape dr needs (the
 * database's ARN; secret replicas, keys, the static replica and the image replicas in the
 * recovery region); in dr the stack reference is prod's, and what it reads has the same shapes.
 */
import { PolicyResource } from "@pulumi/policy";

import { stackAccount } from "../lib/account";
import { stackPolicy } from "../lib/define";
import { DR_REGION, ENVIRONMENT_REGIONS } from "../lib/facts/drRegion";
import { ENVIRONMENT_OUTPUT, PROD_INTERFACE, PublishedShape, PUBLISHING_ENVIRONMENT } from "../lib/facts/prodOutputs";
import { parseArn } from "../lib/iam/arn";
import { known, knownDeep, knownString, ofType, otherStackReferences, regionOf, stackRegion } from "../lib/stack";
import { GUIDE_DR } from "./backupCopy";

const STACK = "pulumi:pulumi:Stack";
const STACK_REFERENCE = "pulumi:pulumi:StackReference";
const DB = "aws:rds/instance:Instance";
const SECRET = "aws:secretsmanager/secret:Secret";
const KEY = "aws:kms/key:Key";
const BUCKETS = ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"];
const REPOSITORY = "aws:ecr/repository:Repository";
const PENDING = Symbol("unknown during preview");

/** What prod holds that its outputs must name; undefined when judging dr's view (prod's resources are not in dr's stack). */
interface Held {
    has(shape: PublishedShape, value: string): boolean;
}

/** Where the published values must be: the database in prod's region, the replicas in the recovery region. */
interface Regions {
    source: string;
    recovery: string;
    account?: string;
}

/** Why one published value does not have its shape (and, in prod, name what prod holds), or undefined. */
export function shapeProblem(shape: PublishedShape, value: unknown, regions: Regions, held?: Held): string | undefined {
    const arnIn = (service: string, region: string, kind: string): string | undefined => {
        const arn = typeof value === "string" ? parseArn(value) : undefined;
        if (!arn || arn.service !== service) return `is not ${kind}'s ARN`;
        if (arn.region !== region) return `names ${region === regions.recovery ? "a resource in" : "a database in"} ${arn.region}, not ${region}${region === regions.recovery ? " (the recovery region, where dr runs when the other is down)" : ""}`;
        if (regions.account !== undefined && arn.account !== regions.account) return `names account ${arn.account}, not ${regions.account}`;
        return undefined;
    };
    const holds = (what: string) => (held === undefined || held.has(shape, value as string) ? undefined : `names no ${what} the stack holds`);
    switch (shape) {
        case "prod-environment": return value === PUBLISHING_ENVIRONMENT ? undefined : `is not ${PUBLISHING_ENVIRONMENT}`;
        case "database-arn": return arnIn("rds", regions.source, "a database instance") ?? holds("database instance");
        case "recovery-secret": return arnIn("secretsmanager", regions.recovery, "a secret") ?? holds("secret replicated there");
        case "recovery-key": return arnIn("kms", regions.recovery, "a KMS key") ?? holds("KMS key there");
        case "recovery-bucket-arn": return (typeof value === "string" && /^arn:aws:s3:::[^/]+$/.test(value) ? undefined : "is not a bucket's ARN") ?? holds(`bucket in ${regions.recovery}`);
        case "recovery-bucket-name": return (typeof value === "string" && /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(value) ? undefined : "is not a bucket name") ?? holds(`bucket in ${regions.recovery}`);
        case "recovery-secrets": return mapProblem(value, v => shapeProblem("recovery-secret", v, regions, held));
        case "recovery-repositories": return mapProblem(value, v => repositoryProblem(v, regions, held));
        case "database-storage": {
            const s = value as { allocated?: unknown; maxAllocated?: unknown } | null;
            return typeof s?.allocated === "number" && (s.maxAllocated === undefined || (typeof s.maxAllocated === "number" && s.maxAllocated >= s.allocated))
                ? undefined : "is not { allocated, maxAllocated } in GiB";
        }
        case "database-engine": {
            const e = value as { engine?: unknown; parameterGroupFamily?: unknown } | null;
            return typeof e?.engine === "string" && typeof e.parameterGroupFamily === "string" ? undefined : "is not { engine, version, parameterGroupFamily }";
        }
    }
}

/** A map of values, each judged: empty or not an object is a problem too (dr starts nothing from it). */
function mapProblem(value: unknown, each: (v: unknown) => string | undefined): string | undefined {
    if (typeof value !== "object" || value === null || Array.isArray(value) || Object.keys(value).length === 0) return "is not a non-empty map";
    for (const [key, v] of Object.entries(value)) {
        const why = each(v);
        if (why) return `${key}: ${JSON.stringify(v)} ${why}`;
    }
    return undefined;
}

/** An ECR repository URL (`<account>.dkr.ecr.<region>.amazonaws.com/<name>`) in the recovery region, of a repository prod replicates. */
function repositoryProblem(value: unknown, regions: Regions, held?: Held): string | undefined {
    const m = typeof value === "string" ? /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com\/(.+)$/.exec(value) : null;
    if (!m) return "is not an ECR repository URL";
    if (m[2] !== regions.recovery) return `is a registry in ${m[2]}, not ${regions.recovery} (dr would pull from the region that is down)`;
    if (regions.account !== undefined && m[1] !== regions.account) return `is account ${m[1]}'s registry, not ${regions.account}'s`;
    return held === undefined || held.has("recovery-repositories", m[3]) ? undefined : "names no repository the stack holds";
}

/** What prod holds, by shape: its database's ARN, its secrets' replica ARNs, keys, buckets and repositories in the recovery region. */
function prodHolds(resources: PolicyResource[], home: string, recovery: string): Held {
    const inRecovery = (r: PolicyResource) => regionOf(r) === recovery;
    const arns = (rs: PolicyResource[]) => new Set(rs.map(r => knownString(r, "arn")).filter((a): a is string => a !== undefined));
    const databases = arns(ofType(resources, [DB]).filter(db => regionOf(db) === home));
    // A secret replica's ARN is the primary's with the replica's region (same name and suffix).
    const replicas = new Set(ofType(resources, [SECRET]).filter(s => ((knownDeep(() => s.props.replicas) ?? []) as Array<{ region?: string }>).some(r => r.region === recovery))
        .map(s => knownString(s, "arn")?.replace(`:${regionOf(s)}:`, `:${recovery}:`)).filter((a): a is string => a !== undefined));
    const keys = arns(ofType(resources, [KEY]).filter(inRecovery));
    const buckets = ofType(resources, BUCKETS).filter(inRecovery);
    const bucketNames = new Set(buckets.map(b => knownString(b, "bucket")).filter((n): n is string => n !== undefined));
    const repositories = new Set(ofType(resources, [REPOSITORY]).map(r => knownString(r, "name")).filter((n): n is string => n !== undefined));
    return {
        has: (shape, value) => {
            switch (shape) {
                case "database-arn": return databases.has(value);
                case "recovery-secret": return replicas.has(value);
                case "recovery-key": return keys.has(value);
                case "recovery-bucket-arn": return bucketNames.has(value.replace("arn:aws:s3:::", ""));
                case "recovery-bucket-name": return bucketNames.has(value);
                case "recovery-repositories": return repositories.has(value);
                default: return true;
            }
        },
    };
}

/** Why each published value is missing or misshapen: `read(output)` gives the value, PENDING while unknown. */
function interfaceProblems(read: (output: string) => unknown, regions: Regions, held?: Held): string[] {
    const out: string[] = [];
    for (const { output, shape } of Object.values(PROD_INTERFACE)) {
        const value = read(output);
        if (value === PENDING) continue;
        if (value === undefined) {
            out.push(`output ${output} is missing: dr reads it with requireOutput, so dr's next deployment (the failover) fails`);
            continue;
        }
        const why = shapeProblem(shape, value, regions, held);
        if (why) out.push(`output ${output} (${JSON.stringify(value).slice(0, 160)}) ${why}`);
    }
    return out;
}

export const drProdInterface = stackPolicy({
    name: "dr-prod-interface",
    description: "prod publishes what dr reads through its stack reference (policy/lib/facts/prodOutputs.ts) and dr reads it from prod: in prod every such output is present and names what prod holds in the shape dr needs (the database instance's ARN in prod's region; its storage and engine; secret replica ARNs, KMS keys, the static replica bucket and ECR repository URLs in the recovery region); in dr the stack reference follows a prod deployment of the same project (its environment output says prod), and every value it reads has the same shapes. A renamed output or a replica output naming the primary deploys in prod and breaks dr only at failover.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "high",
        guideSection: GUIDE_DR,
        remediationSteps: "Export the outputs under the names in policy/lib/facts/prodOutputs.ts (stack/prodStack.ts reads them), from the replicas' own outputs (the secret's replica, the key and bucket created in the recovery region, the replica registry's URL); point expertconnect:dr.prodStack at the project's prod stack.",
    },
    environments: ["prod", "dr"],
    types: [STACK, STACK_REFERENCE, DB, SECRET, KEY, ...BUCKETS, REPOSITORY],
    validate: (resources, report, { config }) => {
        const account = stackAccount(resources);
        if (config.environment === "prod") {
            const stack = resources.find(r => r.type === STACK);
            const home = stackRegion(resources);
            if (!stack || !home) return;
            const read = (output: string) => known(() => { const v = stack.props[output]; return v === undefined ? undefined : JSON.parse(JSON.stringify(v)) as unknown; }, PENDING);
            for (const problem of interfaceProblems(read, { source: home, recovery: DR_REGION, account }, prodHolds(resources, home, DR_REGION))) {
                report(`${problem}.`, stack.urn);
            }
            return;
        }
        const home = stackRegion(resources);
        const self = /^urn:pulumi:[^:]+::([^:]+)::/.exec(resources[0]?.urn ?? "")?.[1];
        for (const reference of otherStackReferences(resources)) {
            const name = knownString(reference, "name");
            if (name === undefined) continue;
            const parts = name.split("/");
            const outputs = known(() => JSON.parse(JSON.stringify(reference.props.outputs ?? {})) as Record<string, unknown>, undefined);
            const environment = outputs?.[ENVIRONMENT_OUTPUT];
            const project = parts.length >= 2 ? parts[parts.length - 2] : self;
            if (project !== self || (outputs !== undefined && environment !== PUBLISHING_ENVIRONMENT)) {
                report(`the stack reference ${reference.name} follows ${name}, ${project !== self ? `a stack of project ${project}, not ${self ?? "?"}` : `whose ${ENVIRONMENT_OUTPUT} output is ${JSON.stringify(environment)}, not ${PUBLISHING_ENVIRONMENT}`}: ` +
                    "every value dr reads through it (the replica's source, the secret replicas, the images, the static replica) would be another deployment's.", reference.urn);
                continue;
            }
            if (outputs === undefined || home === undefined) continue;
            for (const problem of interfaceProblems(o => outputs[o], { source: ENVIRONMENT_REGIONS.prod, recovery: home, account })) {
                report(`${name}'s ${problem}.`, reference.urn);
            }
        }
    },
});
