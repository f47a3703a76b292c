import { PolicyResource, ReportViolation } from "@pulumi/policy";

import { ACCOUNT_CONFIG, AccountConfig, stackAccount } from "../lib/account";
import { stackPolicy } from "../lib/define";
import { AWS_ROTATION_PUBLISHER } from "../lib/facts/rotationApps";
import { accountOf, isAccountId, parseArn } from "../lib/iam/arn";
import { isManaged, knownDeep, knownString, stackRegion } from "../lib/stack";
import { S3_BUCKET } from "../lib/tokens";
import { identitiesOf } from "../iam/identities";
import { stackDomains, SUBSCRIBER_DOMAINS_PROPERTY } from "../sns/endpoints";
import { misdirectedAliases } from "./aliasTargets";
import { heldHosts, heldValues, settingsOf, staleSettings, strayTargets } from "./appSettings";
import { foreignComputeSource } from "./computeSources";
import { unheldNames } from "./heldNames";
import { unheldPrincipals } from "./principals";
import { DOCUMENT_PROPERTIES, PropertyString, strings } from "./propertyStrings";
import { readOnlyWriters } from "./writerSettings";
import { bucketOfArn, foreignSinks, retainsInAccount, TYPE_JSON_PROPERTIES, TYPE_MUST_RESOLVE } from "./sinks";
import { pullFindings } from "./pullPerimeter";
import { perimeterFindings } from "./writePerimeter";


/** Properties whose values select what a rule applies to (criteria, filters, scopes, patterns) rather than name a destination. */
const FILTER_PATH = /^(criteria|findingCriteria|filter|filters|scope|eventPattern|conditions)(\.|\[|$)/;

/** Properties holding JSON text whose references count too (a task's images and secrets). */
const JSON_PROPERTIES = new Set(["containerDefinitions"]);

/**
 * References to resources AWS owns, by type and property, with the accounts AWS owns them from:
 * the Serverless Application Repository's rotation applications, published by AWS's account. An
 * application id names its publisher; a same-named one of any other account is someone else's code.
 */
const AWS_OWNED: Readonly<Record<string, { properties: readonly string[]; accounts: readonly string[] }>> = {
    "aws:serverlessrepository/cloudFormationStack:CloudFormationStack": { properties: ["applicationId"], accounts: [AWS_ROTATION_PUBLISHER.account] },
};

/** Keys holding a bare account id. */
const ACCOUNT_KEYS = /^(account|accountId|awsAccountId|registryId|sourceAccount|destinationAccount|ownerId)$/;

/**
 * Keys that must name one of the stack's own resources when they name one in the stack's
 * region: encryption keys, alarm actions, backup selections and copies, replication targets,
 * replica sources, log destinations, subscribed topics, and the task definition a service runs (a
 * revision registered outside the program runs containers, roles and secrets no review saw).
 */
const MUST_RESOLVE = /(^|\.)(kmsKeyId|kmsKeyArn|kmsMasterKeyId|replicaKmsKeyId|performanceInsightsKmsKeyId|masterUserSecretKmsKeyId|kmsKey|alarmActions|okActions|insufficientDataActions|resources|protectedResourceArns|destination\.bucket|replicateSourceDb|sourceDbInstanceArn|logDestination|logDestinationConfigs|destinationArn|DestinationArn|destinationResourceArn|deliveryDestinationArn|cloudWatchLogsGroupArn|destinationVaultArn|topic|topicArn|taskDefinition)(\[\])?$/;

/**
 * Keys naming, by bare name, a bucket that receives the stack's logs, records or exports (audit
 * trail, Config, load balancer and CloudFront logs, server access logs, database exports, a data
 * protection policy's audit findings). A bucket
 * name holds no account and names are first come, first served: such a bucket must be one of the
 * stack's own (or one a referenced stack exports), or whoever owns the name reads what is sent.
 */
const BUCKET_NAME = /(^|\.)(s3BucketName|targetBucket|accessLogs\.bucket|connectionLogs\.bucket|loggingConfig\.bucket|loggingConfigs\.bucket|artifactS3Location|FindingsDestination\.S3\.Bucket)$/;

/** The bucket a bucket-name value names: CloudFront's logging takes the bucket's domain name, a canary an `s3://bucket/prefix` location. */
export const bucketNamed = (value: string): string => value.replace(/^s3:\/\/([^/]+).*$/, "$1").replace(/\.s3(?:[.-][a-z0-9-]+)?\.amazonaws\.com$/, "");

/**
 * Why a bucket named as a destination is not the stack's, or undefined when it is: a name that
 * carries another account's id, or a name no bucket of the stack (or of a referenced stack) has.
 */
export function foreignBucket(name: string, index: Set<string>, trusted: readonly string[]): string | undefined {
    const account = /(?<!\d)\d{12}(?!\d)/.exec(name)?.[0];
    if (account !== undefined && !trusted.includes(account)) {
        return `carries account ${account}, not this stack's`;
    }
    if (index.has(name) || index.has(`arn:aws:s3:::${name}`)) {
        return undefined;
    }
    return "is no bucket of this stack or of a stack it references (bucket names are global: whoever owns the name receives what is sent)";
}

/** One string found in a resource's properties, with where it was found. */
interface Found extends PropertyString {
    /** The AWS accounts that own what it names, when it names an AWS-owned resource (see AWS_OWNED). */
    awsAccounts?: readonly string[];
}

/** Every known string of a resource's properties, JSON-text properties included, skipping documents. */
function referencesOf(r: PolicyResource): Found[] {
    const out: Found[] = [];
    const owned = AWS_OWNED[r.type];
    for (const key of Object.keys(knownDeep(() => ({ ...r.props }), {}) as object)) {
        const json = JSON_PROPERTIES.has(key) || (TYPE_JSON_PROPERTIES[r.type] ?? []).includes(key);
        if (DOCUMENT_PROPERTIES.has(key) && !json) {
            continue;
        }
        if (owned?.properties.includes(key)) {
            const value = knownDeep(() => r.props[key]);
            if (typeof value === "string") out.push({ path: key, value, awsAccounts: owned.accounts });
            continue;
        }
        let value = knownDeep(() => r.props[key]);
        if (json && typeof value === "string") {
            try {
                value = JSON.parse(value);
            } catch {
                continue; // another policy reports a malformed definition
            }
        }
        strings(value, key, out);
    }
    return out;
}

const STACK_REFERENCE = "pulumi:pulumi:StackReference";

/**
 * What the stack's resources are known by: ARNs (log groups also without ":*"), KMS key ids,
 * alias names, and every value a referenced stack exports (the dr stack uses the keys and
 * replicas prod creates in the recovery region, through prod's outputs).
 */
function stackIndex(resources: PolicyResource[]): Set<string> {
    const index = new Set<string>();
    // Components' outputs repeat their children's: a removed bucket's name stays in its component's.
    for (const r of resources.filter(isManaged)) {
        if (r.type === STACK_REFERENCE) {
            strings(knownDeep(() => r.props.outputs), "", []).forEach(f => index.add(canonical(f.value)));
            continue;
        }
        for (const key of ["arn", "keyId", "id", "name"]) {
            if ((TYPE_MUST_RESOLVE[r.type] ?? []).includes(key)) {
                continue; // an event target's `arn` is what it sends to, not its own name
            }
            const v = knownString(r, key);
            if (v && (key !== "name" || v.startsWith("alias/")) && (key !== "id" || v.startsWith("arn:") || r.type === "aws:kms/key:Key")) {
                index.add(v);
            }
        }
        const bucket = (S3_BUCKET as readonly string[]).includes(r.type) ? knownString(r, "bucket") : undefined;
        if (bucket) {
            index.add(`arn:aws:s3:::${bucket}`); // a bucket's ARN follows from its name
        }
    }
    return index;
}

/** The reference without the suffixes AWS accepts for a log group (`:*`). */
const canonical = (value: string) => value.replace(/:\*$/, "");

/**
 * Alarm actions that are AWS operations rather than resources: EC2 recover/stop/terminate
 * (`arn:aws:automate:…`), EC2 reboot through SWF, and Systems Manager OpsItems and incidents.
 */
function isActionArn(arn: { service: string; resource: string }): boolean {
    return arn.service === "automate" || arn.service === "swf" || (arn.service === "ssm" && arn.resource.startsWith("opsitem:")) || arn.service === "ssm-incidents";
}

const KEY_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** An account that is not trusted: the owner of the resources the data perimeter is probed on. */
const outsiderAccount = (trusted: readonly string[]) => ["999999999999", "888888888888"].find(a => !trusted.includes(a))!;

interface ReferencesConfig extends AccountConfig {
    /** See the config's externalServiceDomains. @default [] */
    externalServiceDomains: string[];
    /** See the config's subscriberDomains. @default pagerduty.com, opsgenie.com */
    subscriberDomains: string[];
}

export const ownershipReferences = stackPolicy<ReferencesConfig>({
    name: "ownership-references",
    description: "Every ARN, registry or account id a resource names (keys, roles, alarm actions, backup selections and copies, replication targets, replica sources, log destinations, images) is in this stack's account or a trusted one and never a wildcard account (a Serverless Application Repository application may also be AWS's own, from its publisher account in policy/lib/facts/rotationApps.ts); keys, alarm actions, backup selections, replication targets and log destinations in the stack's region name resources of the stack; buckets named as destinations (trail, Config, load balancer and CloudFront logs, access logs, exports) are buckets of the stack or of a stack it references; a KMS alias created beside its key (same component) targets that key; every host, URL, ARN or bucket the application's settings name (SSM parameters, container and Lambda environment values, a secret's connection JSON) is the stack's, an AWS endpoint of its region or under a domain of the stack or of externalServiceDomains, and a parameter the program derives from a resource's output (database host and port, cache host, bucket name) holds that output in the deployed state. " +
        "Every other sink resolves the same way: a bucket ARN anywhere (delivery streams, vended-log destinations) names a bucket of the stack; an account-wide log subscription policy's DestinationArn, a vended-log delivery's destination, event, pipe and schedule targets, " +
        "a function's invocation destinations, a bucket's notified functions, a topic's subscribed functions and streams (other than a log group, queue or function of the account), a delivery stream's search domain and an RDS S3 integration's role are resources of the stack; delivery streams', API destinations', connections' and topic subscriptions' URLs and mailboxes are hosts of the organization's domains, AWS's own endpoints or subscriberDomains; " +
        "resolver rules forward only to addresses inside the stack's VPCs, and the VPC is associated only with the stack's rules; no identity policy the stack writes lets a role or user send data (put objects, messages, notifications, events, records, invocations) into a resource of another account or a bucket the stack does not hold. " +
        "What compute runs as and runs from is the stack's own: the role a task, function, canary or service is handed is a role of the stack (or a service-linked role), since only the stack's roles' policies can be judged; a function's, layer's or canary's code bucket, a function's layers and every image of the stack's account name a bucket, layer version or repository of the stack (or of a stack it references); and no identity policy the stack writes lets a role pull images from a repository outside the stack (other than GuardDuty's Fargate agent of the region or a trusted account's). " +
        "A role, user or group of the stack's account named as a principal (an Allow in a resource or trust policy, a KMS grant's grantee or retiring principal) is one the stack holds (policy/ownership/principals.ts). References by id or bare name resolve the same way (policy/ownership/heldNames.ts): every VPC, subnet, security group and Elastic IP id, wherever it appears (a peering's other side aside), is one the stack holds; a database's or cache's parameter, option and subnet groups are the stack's own (they are regional) or AWS's defaults; a canary's code object is one the stack uploads. A component's outputs hold nothing: only managed resources count as held.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "high",
        guideSection: "Security Maintenance › AWS Security Best Practices › Review IAM permissions",
        remediationSteps: "Reference the stack's own resource (its output, not a pasted ARN); for the recovery account of a disaster-recovery setup, list it in trustedAccountIds; " +
            "for an external service the operators chose (a paging or log vendor), list its domain in subscriberDomains, and one the application calls (a video or payment API) in externalServiceDomains; confine S3 write permissions to the stack's buckets or with an aws:ResourceAccount condition; " +
            "create the roles compute runs as in the program and pass their arn outputs, deploy code from the program or the stack's buckets, and list only the stack's repositories in ECR pull statements.",
    },
    config: {
        ...ACCOUNT_CONFIG,
        subscriberDomains: SUBSCRIBER_DOMAINS_PROPERTY,
        externalServiceDomains: {
            type: "array", items: { type: "string", pattern: "^[a-z0-9.-]+$" }, default: [],
            description: "Domains of the external services the application may be configured to reach (a video or payment provider's API, a mail relay), each with its subdomains. The stack's own domains (those of its certificates, records and zones), its resources' hosts and the AWS endpoints of its region need no entry. Default: none.",
        },
    },
    validate: async (resources, report, { config }) => {
        for (const m of misdirectedAliases(resources)) {
            report(`${m.alias.name} (${knownString(m.alias, "name") ?? "alias"}).targetKeyId names ${m.target}, not the key ${m.key.name} (${knownString(m.key, "keyId") ?? knownString(m.key, "arn")}) it was created for: ` +
                "everything that uses the alias would encrypt with, grant or decrypt another key; point it back at its key (or create a new alias for the other key).", m.alias.urn);
        }
        const own = stackAccount(resources, config.accountId);
        if (own === undefined) {
            return; // no resource tells the account yet (first preview): nothing to compare with
        }
        const trusted = [own, ...config.trustedAccountIds];
        const region = stackRegion(resources);
        const index = stackIndex(resources);
        const hasKeys = [...index].some(v => KEY_ID.test(v));
        // Only AWS resources reach AWS: a component's inputs are judged where its children use them.
        for (const r of resources.filter(x => x.type.startsWith("aws:"))) {
            for (const { path, value, awsAccounts } of referencesOf(r)) {
                const leaf = path.replace(/\[\]/g, "").split(".").pop() ?? path;
                const account = ACCOUNT_KEYS.test(leaf) && isAccountId(value) ? value : accountOf(value);
                const arn = parseArn(value);
                if (account !== undefined && !trusted.includes(account) && !(awsAccounts ?? []).includes(account)) {
                    const aws = awsAccounts ? ` or AWS's own (${awsAccounts.join(", ")})` : "";
                    report(`${r.name}.${path} names account ${account} (${value}), not this stack's account ${own}${config.trustedAccountIds.length ? " or a trusted one" : ""}${aws}.`, r.urn);
                    continue;
                }
                if (awsAccounts) {
                    continue; // AWS's own resource (or the stack's): nothing of the stack to resolve
                }
                // A filter (automation rule criteria, an event pattern) selects what a rule applies to: no identity or code source.
                const source = FILTER_PATH.test(path) ? undefined : foreignComputeSource({ type: r.type, path, value, arn }, { held: index, account: own, region, bucketProblem: name => foreignBucket(bucketNamed(name), index, trusted) });
                if (source) {
                    report(`${r.name}.${path} names ${value}, which ${source}.`, r.urn);
                    continue;
                }
                if (BUCKET_NAME.test(path.replace(/\[\]/g, ""))) {
                    const why = foreignBucket(bucketNamed(value), index, trusted);
                    if (why) {
                        report(`${r.name}.${path} sends to bucket ${value}, which ${why}.`, r.urn);
                    }
                    continue;
                }
                if (arn && /[*?]/.test(arn.account)) {
                    report(`${r.name}.${path} names ${value}, which matches resources of every account.`, r.urn);
                    continue;
                }
                // A stack resource's own ARN (a bucket's settings resources have one under the bucket's name) is no reference.
                // Nor is a value a filter matches on (an automation rule's criteria, an event pattern): it selects, it sends nothing there.
                const bucket = arn && !index.has(value) && !FILTER_PATH.test(path) ? bucketOfArn(arn) : undefined;
                if (bucket !== undefined) {
                    const why = foreignBucket(bucket, index, trusted);
                    if (why) {
                        report(`${r.name}.${path} names bucket ${bucket} (${value}), which ${why}.`, r.urn);
                    }
                    continue;
                }
                const typed = (TYPE_MUST_RESOLVE[r.type] ?? []).includes(path) && !(arn && retainsInAccount(arn));
                if ((!MUST_RESOLVE.test(path) && !typed) || region === undefined) {
                    continue;
                }
                const inRegion = arn !== undefined && (arn.region === "" || arn.region === region);
                const awsManagedAlias = /(^|:)alias\/aws\//.test(value);
                // Only this account's own references must resolve: a trusted account's resources live in its own stacks.
                const resolvable = (inRegion && !isActionArn(arn) && (account === undefined ? !typed : account === own)) || (KEY_ID.test(value) && hasKeys);
                if (resolvable && !awsManagedAlias && !index.has(canonical(value))) {
                    report(`${r.name}.${path} names ${value}, which is no resource of this stack.`, r.urn);
                }
            }
        }
        for (const u of unheldNames(resources, index)) {
            report(`${u.resource.name}.${u.path} names ${u.value}, which is no ${u.what} of this stack or of a stack it references${u.what === "code object" ? "" : " (nor AWS's default)"}: ` +
                `its ${u.what === "code object" ? "code is whatever is in the bucket under that key" : "rules or parameters are none the review sees"}, and if the stack's own was removed while this still names it, AWS refuses the deletion or the service loses it. Name the stack's resource (its output).`, u.resource.urn);
        }
        for (const u of unheldPrincipals(resources, own, index)) {
            report(`${u.resource.name}.${u.path} names ${u.value}, which is no role, user or group of this stack or of a stack it references: within the account, a resource policy, grant or trust that names a principal lets it in by itself, ` +
                "and this one's own policies (and who may become it) are beyond the stack's review. Name a principal the stack creates (its arn output), or the account root to leave the decision to IAM.", u.resource.urn);
        }
        judgeSettings(resources, { account: own, region, domains: [...stackDomains(resources), ...config.externalServiceDomains], bucketProblem: name => foreignBucket(bucketNamed(name), index, trusted) }, report);
        for (const f of foreignSinks(resources, [...stackDomains(resources), ...config.subscriberDomains])) {
            report(`${f.resource.name}.${f.path} (${f.value}) ${f.why}. Send to a resource of the stack, an address inside its VPC, or a service listed in subscriberDomains.`, f.resource.urn);
        }
        const perimeter = { holdsBucket: (name: string) => foreignBucket(name, index, trusted) === undefined, trusted, outsider: outsiderAccount(trusted), region: region ?? "" };
        const identities = identitiesOf(resources);
        for (const f of await perimeterFindings(identities, perimeter)) {
            report(`${f.identity.label} may ${f.action} on ${f.target}, outside the stack (${f.document.label}): it can copy whatever it reads into a resource another account owns. ` +
                "Name only the stack's resources (their outputs) in Resource, or confine the statement with an aws:ResourceAccount condition on this account.", f.document.source.urn);
        }
        for (const f of await pullFindings(identities, { held: index, account: own, trusted, outsider: perimeter.outsider, region: perimeter.region })) {
            report(`${f.identity.label} may ${f.action} on ${f.target} (${f.document.label}): a task definition naming any image there starts it, outside the stack's repositories (their scanning, immutable tags and lifecycle). ` +
                "Name only the stack's repositories (their arn outputs) and, with GuardDuty Runtime Monitoring, GuardDuty's agent repository of the region in Resource.", f.document.source.urn);
        }
    },
});

/**
 * The application's settings (see appSettings.ts): each host, URL, ARN or bucket they name is the
 * stack's, AWS's in the stack's region, or a listed service's; each parameter derived from a
 * resource's output holds that output.
 */
function judgeSettings(resources: PolicyResource[], to: { account: string; region: string | undefined; domains: string[]; bucketProblem: (name: string) => string | undefined }, report: ReportViolation): void {
    const held = heldValues(resources);
    const { stale, derived } = staleSettings(resources);
    const settings = settingsOf(resources);
    for (const w of readOnlyWriters(resources, settings)) {
        report(`${w.setting.resource.name}'s ${w.setting.where} names ${w.store.name}'s ${w.output} (${w.setting.value}), which accepts reads only: the application writes through this setting, and every write fails (Redis answers READONLY). ` +
            "Set it from the store's primary (writer) endpoint output; give a reader endpoint its own setting.", w.setting.resource.urn);
    }
    for (const { setting, problem } of strayTargets(settings, { ...to, held, hosts: heldHosts(held) }, derived)) {
        // A secret's value is never quoted: only that it leads outside the stack.
        const what = setting.secret ? `${setting.resource.name}'s ${setting.where} names a host, ARN or bucket outside the stack, AWS's endpoints of its region and the listed external services`
            : `${setting.resource.name}'s ${setting.where} (${setting.value}) ${problem}`;
        report(`${what}: the application sends its requests, credentials and data there. ` +
            "Set it from the stack's resource (its output), or list the external service's domain in externalServiceDomains.", setting.resource.urn);
    }
    for (const s of stale) {
        const sources = s.sources.map(d => `${d.name} (${d.type.split(":").pop()})`).join(", ");
        report(`${s.parameter.name}: parameter ${s.name} holds ${s.secret ? "a value" : s.value} in the deployed state, which is none of the outputs of ${sources} the program sets it from ` +
            "(changed outside Pulumi): the application connects where the parameter says, not to the stack's resource. Run `pulumi up` to write the resource's output back (after `pulumi refresh` shows the change).", s.parameter.urn);
    }
}
