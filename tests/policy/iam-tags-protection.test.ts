import * as fs from "fs";
import * as path from "path";

import { expect } from "chai";

import { iamNoAdminPolicy } from "../../policy/iam/noAdmin";
import { dataResourcesProtected } from "../../policy/protection/dataResources";
import { TAGGABLE, tagsRequired } from "../../policy/tags/required";
import { resourceTable } from "./support/cases";
import { ACCOUNT, primaryDb, TAGS } from "./support/fixtures";
import { ResourceInput } from "./support/harness";

const document = (statements: object[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const LEAST_PRIVILEGE = { Effect: "Allow", Action: ["ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"], Resource: "*" };
const ADMIN = { Effect: "Allow", Action: "*", Resource: "*" };

describe("iam-no-admin-policy", () => {
    resourceTable(iamNoAdminPolicy, {
        type: "aws:iam/rolePolicy:RolePolicy", name: "backend-task-exec",
        props: { role: "expertconnect-prod-backend-task", policy: document([LEAST_PRIVILEGE]) },
    }, {
        passes: {
            "everything is denied rather than allowed": { change: r => { r.props.policy = document([LEAST_PRIVILEGE, { ...ADMIN, Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }]); } },
            "a role's inline policy is scoped": { change: r => Object.assign(r, { type: "aws:iam/role:Role", props: { assumeRolePolicy: "{}", inlinePolicies: [{ name: "x", policy: document([LEAST_PRIVILEGE]) }] } }) },
        },
        violations: {
            "a role policy allows * on *": { change: r => { r.props.policy = document([LEAST_PRIVILEGE, ADMIN]); }, message: /allows Action "\*" \(or everything but a NotAction list\) on Resource "\*"/ },
            "a managed policy allows *:* as a list": {
                change: r => Object.assign(r, { type: "aws:iam/policy:Policy", props: { policy: document([{ Effect: "Allow", Action: ["*:*"], Resource: ["*"] }]) } }),
                message: /allows Action/,
            },
            "a role's inline policy allows * on *": {
                change: r => Object.assign(r, { type: "aws:iam/role:Role", props: { assumeRolePolicy: "{}", inlinePolicies: [{ name: "admin", policy: document([ADMIN]) }] } }),
                message: /allows Action/,
            },
            "a user policy is given as an object": {
                change: r => Object.assign(r, { type: "aws:iam/userPolicy:UserPolicy", props: { user: "ci", policy: { Version: "2012-10-17", Statement: ADMIN } } }),
                message: /allows Action/,
            },
            "a statement allows everything except IAM (NotAction)": {
                change: r => { r.props.policy = document([{ Effect: "Allow", NotAction: "iam:*", Resource: "*" }]); }, message: /NotAction/,
            },
            "AdministratorAccess is attached": {
                change: r => Object.assign(r, { type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment", props: { role: "ci", policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" } }),
                message: /attaches AdministratorAccess/,
            },
            "the document is not JSON": { change: r => { r.props.policy = "{Statement"; }, message: /not valid JSON/ },
        },
    });
});

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
        },
        notApplicable: {
            "a bucket declares it holds no data": { change: r => { as("aws:s3/bucket:Bucket")(r); r.props.tags = { ...TAGS, HoldsData: "false" }; unprotected(r); } },
            "the resource is exempted by name in policy config": { config: { exemptResources: ["database-instance"] }, change: unprotected },
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
