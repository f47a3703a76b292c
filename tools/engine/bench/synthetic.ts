import { mockContext } from "../mocks/context";
import { resourceOutputs } from "../mocks/outputs";
import { EngineResource, makeUrn, STACK_TYPE } from "../model";

/** Resource kinds of a typical AWS service stack, with the inputs policies usually inspect. */
const TEMPLATES: { type: string; inputs: (n: string) => Record<string, unknown> }[] = [
    { type: "aws:s3/bucket:Bucket", inputs: (n) => ({ bucket: `bench-${n}`, tags: { Project: "bench" } }) },
    { type: "aws:s3/bucketVersioning:BucketVersioning", inputs: (n) => ({ bucket: `bench-${n}`, versioningConfiguration: { status: "Enabled" } }) },
    { type: "aws:kms/key:Key", inputs: () => ({ enableKeyRotation: true, deletionWindowInDays: 30 }) },
    { type: "aws:sns/topic:Topic", inputs: (n) => ({ name: `bench-${n}`, kmsMasterKeyId: "alias/aws/sns" }) },
    { type: "aws:ec2/securityGroup:SecurityGroup", inputs: (n) => ({
        name: `bench-${n}`, ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.0.0.0/16"] }],
    }) },
    { type: "aws:cloudwatch/logGroup:LogGroup", inputs: (n) => ({ name: `/bench/${n}`, retentionInDays: 90 }) },
    { type: "aws:rds/instance:Instance", inputs: (n) => ({
        identifier: `bench-${n}`, engine: "postgres", instanceClass: "db.t3.medium", storageEncrypted: true,
        backupRetentionPeriod: 7, deletionProtection: true, publiclyAccessible: false,
    }) },
    { type: "aws:iam/role:Role", inputs: (n) => ({ name: `bench-${n}`, assumeRolePolicy: "{}" }) },
];

/** A deployment of `count` resources (a root stack plus a mix of AWS kinds) with outputs. */
export function syntheticResources(count: number): EngineResource[] {
    const ctx = mockContext({ stack: "bench", project: "bench" });
    const stackUrn = makeUrn(ctx.stack, ctx.project, "", STACK_TYPE, "bench-bench");
    const base = {
        dependencies: [], propertyDependencies: {}, protect: false, retainOnDelete: false, ignoreChanges: [],
        deleteBeforeReplace: false, additionalSecretOutputs: [], replaceOnChanges: [], aliases: [], external: false,
    };
    const resources: EngineResource[] = [
        { ...base, urn: stackUrn, type: STACK_TYPE, name: "bench-bench", custom: false, inputs: {}, outputs: {} },
    ];
    for (let i = 1; i < count; i++) {
        const t = TEMPLATES[i % TEMPLATES.length];
        const name = `r${i}`;
        const inputs = t.inputs(name);
        const result = resourceOutputs({ type: t.type, name, inputs, custom: true }, ctx);
        resources.push({
            ...base, urn: makeUrn(ctx.stack, ctx.project, stackUrn, t.type, name), type: t.type, name, custom: true,
            id: result.id, parent: stackUrn, inputs, outputs: result.state,
        });
    }
    return resources;
}
