import { ACCOUNT_CONFIG, AccountConfig, stackAccount, trustedAccounts, trustedOrganizations } from "../lib/account";
import { stackPolicy } from "../lib/define";
import { isPolicyError, parsePolicy } from "../lib/iam/document";
import { principalFindings } from "../lib/iam/principals";
import { knownDeep, knownString, stackNetworkIds } from "../lib/stack";
import { S3_BUCKET_ACL } from "../lib/tokens";
import { keyServiceScopeProblem } from "../kms/serviceScoping";
import { accountWideReads } from "./accountReaders";
import { stackKeys } from "./applicationKeys";
import { applicationTargets } from "./applicationTargets";
import { bucketAclFindings } from "./bucketAcl";
import { ECR_REPLICATION, foreignReplicationDestinations } from "./ecrReplication";
import { governedPolicies } from "./governed";
import { undelegatedActions } from "./keyDelegation";
import { documentOf, PERMISSION_TYPES, RESOURCE_POLICY_PROPERTIES } from "./resourceDocuments";
import { SERVICE_ACCOUNT_ACTIONS } from "./serviceAccounts";

const BUCKET_ACL: readonly string[] = S3_BUCKET_ACL;

/**
 * Key policies: what confines a service principal is the context that service sends to KMS,
 * which differs by service (CloudWatch Logs: the log group's encryption context; EventBridge:
 * nothing), so service principals there are judged by lib/facts/keyServiceScoping.ts instead of
 * the generic aws:SourceAccount/aws:SourceArn rule.
 */
const NO_SOURCE_CONDITION_TYPES = new Set(["aws:kms/key:Key", "aws:kms/keyPolicy:KeyPolicy"]);

export const iamResourcePolicyPrincipals = stackPolicy<AccountConfig>({
    name: "iam-resource-policy-principals",
    description: "Resource policies (S3 bucket and access point, KMS key, SNS topic, SQS queue, Secrets Manager secret, ECR repository, registry and repository creation template (the policy of the repositories ECR creates), Backup vault, CloudWatch Logs, EventBridge bus, EFS, OpenSearch and Elasticsearch, DynamoDB, Kinesis, Redshift, MSK, Glacier, API Gateway, Lambda function and layer permissions, bucket ACLs) let in only this account's or trusted accounts' principals: no Principal \"*\" without a condition confining it to the account, our organization (config organizationId) or a VPC or VPC endpoint of the stack, no foreign or canonical-user principals, no NotPrincipal with Allow, Elastic Load Balancing's delivery account writing only under this account's AWSLogs/<account>/ folder (it writes for every customer and sends no source account), AWS services only with aws:SourceAccount/aws:SourceArn naming this account (in key policies, the context each service sends to KMS: CloudWatch Logs' log-group encryption context in its region, CloudTrail's trail context, none for EventBridge); ECR replicates images only to this account's or trusted accounts' registries; " +
        "a key policy keeps delegating the key to the account's IAM policies (the account root principal allowed kms:*); " +
        "and a Principal \"*\" confined only to this account does not let every principal of the account read the data (a secret's value, a key's decryption, objects, messages), conditions on what the caller chooses (the service it reads through, kms:ViaService; its VPC endpoint; the encryption context) counting as met: name the roles that read it.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "critical",
        guideSection: "Security Maintenance › AWS Security Best Practices › Review IAM permissions",
        remediationSteps: "Name the account's roles as principals (the ones that read data stores' secrets, keys and objects always by ARN), or confine \"*\" with aws:PrincipalAccount / aws:PrincipalOrgID naming our organization (set organizationId) / aws:SourceVpce; give service principals aws:SourceAccount and aws:SourceArn; list a partner account in trustedAccountIds only after review.",
    },
    config: ACCOUNT_CONFIG,
    types: [...Object.keys(RESOURCE_POLICY_PROPERTIES), ...PERMISSION_TYPES, ...BUCKET_ACL, ECR_REPLICATION],
    validate: async (resources, report, { config }) => {
        const trusted = trustedAccounts(resources, config);
        const networks = stackNetworkIds(resources);
        for (const r of resources) {
            if (BUCKET_ACL.includes(r.type)) {
                const props = knownDeep(() => ({ acl: r.props.acl, accessControlPolicy: r.props.accessControlPolicy }));
                bucketAclFindings(props ?? {}).forEach(f => report(`${r.name}: ${f}.`, r.urn));
                continue;
            }
            if (r.type === ECR_REPLICATION) {
                foreignReplicationDestinations(r, trusted).forEach(f => report(`${r.name}: ${f}.`, r.urn));
                continue;
            }
            if (!(r.type in RESOURCE_POLICY_PROPERTIES) && !PERMISSION_TYPES.includes(r.type)) {
                continue;
            }
            const document = documentOf(r);
            if (document === undefined) {
                continue;
            }
            const label = knownString(r, "name") ? `${r.name} (${knownString(r, "name")})` : r.name;
            const policy = parsePolicy(document);
            if (isPolicyError(policy)) {
                report(`${label}: the policy ${policy.error}: AWS would reject it.`, r.urn);
                continue;
            }
            const sourceRequired = !NO_SOURCE_CONDITION_TYPES.has(r.type);
            for (const f of principalFindings(policy, { trustedAccounts: trusted, trust: false, requiresSourceCondition: () => sourceRequired, serviceAccounts: SERVICE_ACCOUNT_ACTIONS, organizations: trustedOrganizations(config), networks })) {
                report(`${label}: ${f.message}.`, r.urn);
            }
            if (!sourceRequired) {
                for (const s of policy.statements.filter(x => x.effect === "Allow")) {
                    for (const service of s.principal?.Service ?? []) {
                        const problem = keyServiceScopeProblem(s, service, trusted);
                        if (problem) report(`${label}: ${problem}.`, r.urn);
                    }
                }
            }
        }
        for (const key of stackKeys(resources)) {
            const denied = key.policy ? await undelegatedActions(key.policy, key.arn) : [];
            if (denied.length > 0) {
                const bypass = knownDeep(() => key.policyResource.props.bypassPolicyLockoutSafetyCheck) === true ? " (bypassPolicyLockoutSafetyCheck lets the change through; set it false)" : "";
                report(`${key.policyResource.name}: the key policy of ${key.label} keeps the account's IAM policies from granting ${denied.join(", ")}${bypass}: ` +
                    `restore the statement allowing the account root principal (arn:aws:iam::${key.arn.split(":")[4]}:root) kms:* and drop any Deny that overrides it; ` +
                    "without it the roles granted the key through IAM (backup, services, operators) lose it and only the principals the policy names can manage it.", key.policyResource.urn);
            }
        }
        const account = stackAccount(resources, config.accountId);
        for (const governed of account ? governedPolicies(resources, applicationTargets(resources, account), account) : []) {
            const reads = await accountWideReads(governed, account!);
            if (reads.length > 0) {
                report(`${governed.source.name}: Principal "*" lets every role and user of account ${account} ${reads.join(", ")} on ${governed.target.label} (${governed.target.arn}) ` +
                    "without a permission of its own: name the roles that read it as principals (or delegate to IAM with the account root) instead of \"*\" confined to the account.", governed.source.urn);
            }
        }
    },
});
