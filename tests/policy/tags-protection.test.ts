import * as fs from "fs";
import * as path from "path";

import { expect } from "chai";

import { dataResourcesProtected } from "../../policy/protection/dataResources";
import { TAGGABLE, tagsRequired } from "../../policy/tags/required";
import { resourceTable } from "./support/cases";
import { ACCOUNT, primaryDb, TAGS } from "./support/fixtures";
import { ResourceInput } from "./support/harness";

describe("tags-required (advisory)", () => {
    resourceTable(tagsRequired, { type: "aws:sns/topic:Topic", name: "alarms-topic", props: { name: "expertconnect-alarms", tags: TAGS } }, {
        violations: {
            "a taggable resource has no tags": { change: r => delete r.props.tags, message: /missing tags: Project, Environment, Component/ },
            "Environment is missing": { change: r => { r.props.tags = { Project: "expertconnect", Component: "alarms" }; }, message: /missing tags: Environment\./ },
            "Component is missing": { change: r => { r.props.tags = { Project: "expertconnect", Environment: "prod" }; }, message: /missing tags: Component\./ },
            "Project is empty": { change: r => { r.props.tags = { Project: "", Environment: "prod", Component: "alarms" }; }, message: /missing tags: Project\./ },
            "a configured tag is missing": { config: { requiredTags: ["Project", "Environment", "Component", "CostCenter"] }, message: /missing tags: CostCenter/ },
        },
        passes: {
            "a resource the stacks create beyond the policed ones is tagged": { change: r => { r.type = "aws:ec2/vpc:Vpc"; } },
            "the type takes no tags (ignored)": { change: r => { r.type = "aws:cloudwatch/dashboard:Dashboard"; delete r.props.tags; } },
        },
    });
});

describe("protection-data-resources", () => {
    const unprotected = (r: ResourceInput) => { r.protect = false; };
    const as = (type: string, props: Record<string, unknown> = {}) => (r: ResourceInput) => { r.type = type; r.props = { ...props, tags: TAGS }; };
    resourceTable(dataResourcesProtected, primaryDb, {
        passes: {
            "a protected secret": { change: as("aws:secretsmanager/secret:Secret", { name: "expertconnect/prod/django" }) },
            "a protected bucket": { change: as("aws:s3/bucket:Bucket", { bucket: "expertconnect-prod-static" }) },
            "a protected backup vault without forceDestroy": { change: as("aws:backup/vault:Vault", { name: "expertconnect-prod-backup", forceDestroy: false }) },
            "a protected image repository without forceDelete": { change: as("aws:ecr/repository:Repository", { name: "expertconnect-backend", forceDelete: false }) },
            "an unprotected resource that holds no data (a log group, ignored)": {
                change: r => { as("aws:cloudwatch/logGroup:LogGroup", { name: `/ecs/x-${ACCOUNT}` })(r); unprotected(r); },
            },
        },
        violations: {
            "a database is unprotected": { change: unprotected, message: /database-instance is not protected/ },
            "a KMS key is unprotected": { change: r => { as("aws:kms/key:Key")(r); unprotected(r); }, message: /is not protected/ },
            "a secret is unprotected": { change: r => { as("aws:secretsmanager/secret:Secret")(r); unprotected(r); }, message: /is not protected/ },
            "a data bucket is unprotected": { change: r => { as("aws:s3/bucket:Bucket", { bucket: `expertconnect-backup` })(r); unprotected(r); }, message: /is not protected/ },
            "a legacy BucketV2 is unprotected": { change: r => { as("aws:s3/bucketV2:BucketV2")(r); unprotected(r); }, message: /is not protected/ },
            "a backup vault is unprotected": { change: r => { as("aws:backup/vault:Vault", { name: "v" })(r); unprotected(r); }, message: /is not protected/ },
            "a protected data bucket sets forceDestroy": {
                change: as("aws:s3/bucket:Bucket", { bucket: "expertconnect-prod-static", forceDestroy: true }), message: /sets forceDestroy: deleting it would first delete every object and version in it/,
            },
            "an image repository is unprotected": { change: r => { as("aws:ecr/repository:Repository", { name: "expertconnect-backend" })(r); unprotected(r); }, message: /is not protected/ },
            "a protected image repository sets forceDelete": {
                change: as("aws:ecr/repository:Repository", { name: "expertconnect-backend", forceDelete: true }), message: /sets forceDelete: deleting or replacing it would delete every image in it/,
            },
            "a protected backup vault sets forceDestroy": {
                change: as("aws:backup/vault:Vault", { name: "v", forceDestroy: true }), message: /sets forceDestroy: deleting it would first delete every recovery point in it/,
            },
        },
        notApplicable: {
            "a bucket declares it holds no data": { change: r => { as("aws:s3/bucket:Bucket", { forceDestroy: true })(r); r.props.tags = { ...TAGS, HoldsData: "false" }; unprotected(r); } },
            "the resource is exempted by name in policy config": { config: { exemptResources: ["database-instance"] }, change: unprotected },
            "a throwaway repository with forceDelete is exempted by name in policy config": {
                config: { exemptResources: ["database-instance"] }, change: r => { as("aws:ecr/repository:Repository", { forceDelete: true })(r); unprotected(r); },
            },
        },
    });
});

describe("tags-required's list of taggable types", () => {
    it("holds only types whose @pulumi/aws v7 arguments include tags", () => {
        const aws = path.dirname(require.resolve("@pulumi/aws/package.json"));
        for (const token of TAGGABLE) {
            const [, module, type] = /^aws:([a-z0-9]+)\/([A-Za-z0-9]+):/.exec(token)!;
            const declaration = fs.readFileSync(path.join(aws, module, `${type}.d.ts`), "utf8");
            const args = declaration.slice(declaration.indexOf("Args {"));
            expect(args, token).to.match(/\n {4}tags\?: /);
        }
    });
});
