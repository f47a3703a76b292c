/**
 * Class 3: the repositories ECR creates by itself. The prod stack's repository creation template
 * sets what the dr region's replicas get (tag mutability, repository policy, lifecycle), and the
 * replication configuration says where images go; each is judged as the repositories it makes.
 */
import { ACCOUNT, all, Case, doc, edit, every, ExportedResource, FOREIGN, remove, suite } from "./support";

const TEMPLATE = "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate";
const REPLICATION = "aws:ecr/replicationConfiguration:ReplicationConfiguration";
const PULL = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"];

const violations: Case[] = [
    { name: "the creation template makes the dr repositories MUTABLE (ECR.2 lost in dr)", change: edit(TEMPLATE, p => { p.imageTagMutability = "MUTABLE"; }) },
    { name: "the creation template leaves mutability at its MUTABLE default", change: edit(TEMPLATE, p => { delete p.imageTagMutability; }) },
    {
        name: "the creation template gives the dr repositories a policy letting a foreign account pull",
        change: edit(TEMPLATE, p => { p.repositoryPolicy = doc({ Sid: "VendorPull", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${FOREIGN}:root` }, Action: PULL }); }),
    },
    { name: "the creation template lets anyone pull", change: edit(TEMPLATE, p => { p.repositoryPolicy = doc({ Effect: "Allow", Principal: "*", Action: PULL }); }) },
    { name: "the creation template drops the lifecycle policy (dr images never expire)", change: edit(TEMPLATE, p => { delete p.lifecyclePolicy; }) },
    {
        name: "ECR replication also copies the images to a foreign account's registry",
        change: edit(REPLICATION, p => { p.replicationConfiguration.rules[0].destinations.push({ region: "us-east-2", registryId: FOREIGN }); }),
    },
    { name: "the creation template removed (replicas created with mutable tags and no lifecycle)", change: remove(TEMPLATE) },
    { name: "the creation template applied only for pull-through cache", change: edit(TEMPLATE, p => { p.appliedFors = ["PULL_THROUGH_CACHE"]; }) },
    {
        name: "ECR replication adds a second region of this account, with no template there",
        change: edit(REPLICATION, p => { p.replicationConfiguration.rules[0].destinations.push({ region: "us-east-2", registryId: ACCOUNT }); }),
    },
    {
        name: "the creation template names the dr execution role by ARN, a role this stack does not hold",
        change: edit(TEMPLATE, p => { p.repositoryPolicy = doc({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/expertconnect-dr-backend-execution` }, Action: PULL }); }),
    },
];

/** A copy of the template in `region` (templates are regional: each destination needs its own). */
const templateIn = (region: string) => (rs: ExportedResource[]) => {
    const t = every(rs, TEMPLATE)[0];
    rs.push({ ...structuredClone(t), urn: `${t.urn}-${region}`, inputs: { ...structuredClone(t.inputs), region }, outputs: { ...structuredClone(t.outputs), region } });
};

const compliant: Case[] = [
    { name: "the creation template encrypts the dr repositories with KMS", change: edit(TEMPLATE, p => { p.encryptionConfigurations = [{ encryptionType: "KMS" }]; }) },
    // Reclassified in round 12: naming the dr stack's execution role by ARN (a role this stack does not hold) became a
    // violation (ownership-references: within the account a policy naming a principal lets it in by itself); delegating
    // to IAM with the account root keeps the pull the dr role's own policy grants.
    {
        name: "the creation template lets the account's roles pull as their own policies allow (the account root)",
        change: edit(TEMPLATE, p => { p.repositoryPolicy = doc({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: PULL }); }),
    },
    {
        name: "the creation template also applies to pull-through cache, with an exclusion for latest",
        change: edit(TEMPLATE, p => { p.appliedFors = ["REPLICATION", "PULL_THROUGH_CACHE"]; p.imageTagMutability = "IMMUTABLE_WITH_EXCLUSION"; p.imageTagMutabilityExclusionFilters = [{ filter: "latest", filterType: "WILDCARD" }]; }),
    },
    {
        name: "ECR replication adds a second region of this account, with the template there too",
        change: all(edit(REPLICATION, p => { p.replicationConfiguration.rules[0].destinations.push({ region: "us-east-2", registryId: ACCOUNT }); }), templateIn("us-east-2")),
    },
];

suite("class 3: repositories ECR creates (creation template, replication)", violations, compliant);
