/**
 * References by id or bare name, which carry no account: the network a resource is placed in (a
 * VPC, subnet, security group or Elastic IP id, recognised by its shape wherever it appears), the
 * settings groups a database or cache runs with, and the object a canary runs its code from. Each must resolve to a resource the stack holds (or a value a stack it references
 * exports), or to AWS's own default: a network, settings group or code object the stack does not
 * hold has rules, parameters or code no review sees, and one whose resource a change removed
 * while something still names it makes AWS refuse the deletion (a group in use, a VPC with
 * subnets) or leaves the service without its settings or code.
 */
import { PolicyResource } from "@pulumi/policy";

import { ec2Id, isManaged, knownDeep, knownString, ofType, valueLinker } from "../lib/stack";
import { DOCUMENT_PROPERTIES, PropertyString, strings } from "./propertyStrings";

/** EC2 id prefixes, the types whose ids they are, and what to call them. */
const ID_SHAPES: ReadonlyArray<{ prefix: string; types: readonly string[]; what: string }> = [
    { prefix: "vpc", types: ["aws:ec2/vpc:Vpc", "aws:ec2/defaultVpc:DefaultVpc"], what: "VPC" },
    { prefix: "subnet", types: ["aws:ec2/subnet:Subnet", "aws:ec2/defaultSubnet:DefaultSubnet"], what: "subnet" },
    { prefix: "sg", types: ["aws:ec2/securityGroup:SecurityGroup", "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"], what: "security group" },
    { prefix: "eipalloc", types: ["aws:ec2/eip:Eip"], what: "Elastic IP" },
];

/** An EC2 id of one of the shapes above: the prefix, then 8 or 17 hexadecimal digits. */
const ID = new RegExp(`^(${ID_SHAPES.map(s => s.prefix).join("|")})-([0-9a-f]{8}|[0-9a-f]{17})$`);

/**
 * Top-level outputs that are the resource's own attributes, computed by AWS, not references: its
 * id, the default security group, ACL and route table of a VPC (and an Elastic IP's allocation id).
 */
const OWN_ATTRIBUTES = new Set(["id", "defaultSecurityGroupId", "defaultNetworkAclId", "defaultRouteTableId", "mainRouteTableId"]);
const ownAttribute = (type: string, key: string) => OWN_ATTRIBUTES.has(key) || (type === "aws:ec2/eip:Eip" && key === "allocationId");

/**
 * Properties not read for ids: policy documents (a condition on aws:SourceVpc selects requests;
 * the IAM policies judge it), and the other side of a peering, which is another network by design
 * (network-no-foreign-networks judges whose it is).
 */
const SKIPPED = new Set([...DOCUMENT_PROPERTIES, "peerVpcId"]);

/**
 * Settings groups and code objects named by bare name, by source type: the property, the target
 * types whose `name` it must equal, and the names AWS's own defaults have (which the setting
 * policies judge by AWS's documented values).
 */
const NAMED: Readonly<Record<string, ReadonlyArray<{ property: string; targets: readonly string[]; what: string; awsDefault?: RegExp }>>> = {
    "aws:elasticache/replicationGroup:ReplicationGroup": [
        { property: "parameterGroupName", targets: ["aws:elasticache/parameterGroup:ParameterGroup"], what: "cache parameter group", awsDefault: /^default\./ },
        { property: "subnetGroupName", targets: ["aws:elasticache/subnetGroup:SubnetGroup"], what: "cache subnet group" },
    ],
    "aws:elasticache/cluster:Cluster": [
        { property: "parameterGroupName", targets: ["aws:elasticache/parameterGroup:ParameterGroup"], what: "cache parameter group", awsDefault: /^default\./ },
        { property: "subnetGroupName", targets: ["aws:elasticache/subnetGroup:SubnetGroup"], what: "cache subnet group" },
    ],
    "aws:rds/instance:Instance": [
        { property: "parameterGroupName", targets: ["aws:rds/parameterGroup:ParameterGroup"], what: "DB parameter group", awsDefault: /^default\./ },
        { property: "optionGroupName", targets: ["aws:rds/optionGroup:OptionGroup"], what: "DB option group", awsDefault: /^default:/ },
        { property: "dbSubnetGroupName", targets: ["aws:rds/subnetGroup:SubnetGroup"], what: "DB subnet group" },
    ],
    "aws:rds/cluster:Cluster": [
        { property: "dbClusterParameterGroupName", targets: ["aws:rds/clusterParameterGroup:ClusterParameterGroup"], what: "DB cluster parameter group", awsDefault: /^default\./ },
        { property: "dbSubnetGroupName", targets: ["aws:rds/subnetGroup:SubnetGroup"], what: "DB subnet group" },
    ],
};

/**
 * Compute whose code is the object at s3Bucket/s3Key that the stack must upload: a canary's script
 * is the program's own. A function's or layer's code may come from a stack bucket a build pipeline
 * fills (its bucket is judged as a code source, computeSources.ts), so its key is not.
 */
const CANARY = "aws:synthetics/canary:Canary";
const OBJECTS = ["aws:s3/bucketObjectv2:BucketObjectv2", "aws:s3/bucketObject:BucketObject"];

/** One reference that resolves to nothing the stack holds. */
export interface UnheldName {
    resource: PolicyResource;
    path: string;
    value: string;
    what: string;
}

/** The ids in a property's strings; a command's environment lists them comma-separated (SUBNETS=subnet-…,subnet-…). */
function idsIn(value: unknown, path: string): PropertyString[] {
    return strings(value, path, []).flatMap(f => f.value.split(",").map(v => v.trim()).filter(v => ID.test(v)).map(v => ({ path: f.path, value: v })));
}

/** Network ids the stack's managed resources name that no held VPC, subnet, security group or Elastic IP has. */
function unheldIds(managed: PolicyResource[], exported: Set<string>): UnheldName[] {
    const held = new Set<string>(exported);
    for (const shape of ID_SHAPES) {
        ofType(managed, shape.types).map(ec2Id).forEach(id => id && held.add(id));
    }
    // The default security group of a held VPC is held with it.
    ofType(managed, ["aws:ec2/vpc:Vpc"]).forEach(v => { const sg = knownString(v, "defaultSecurityGroupId"); if (sg) held.add(sg); });
    const out: UnheldName[] = [];
    // AWS resources, and local commands that call AWS with ids (the migration gate's run-task).
    for (const r of managed.filter(x => x.type.startsWith("aws:") || x.type.startsWith("command:"))) {
        for (const key of Object.keys(knownDeep(() => ({ ...r.props }), {}) as object)) {
            if (ownAttribute(r.type, key) || SKIPPED.has(key)) continue;
            for (const f of idsIn(knownDeep(() => r.props[key]), key).filter(x => !held.has(x.value))) {
                out.push({ resource: r, ...f, what: ID_SHAPES.find(s => f.value.startsWith(`${s.prefix}-`))!.what });
            }
        }
    }
    return out;
}

/** Settings groups named by bare name that the stack does not hold and AWS does not define. */
function unheldGroups(managed: PolicyResource[]): UnheldName[] {
    const out: UnheldName[] = [];
    for (const r of managed) {
        for (const ref of NAMED[r.type] ?? []) {
            const value = knownString(r, ref.property);
            // Settings groups are per region and per account: another stack's (prod's, read by dr) is not this one's to use.
            if (value === undefined || ref.awsDefault?.test(value)) continue;
            // The value AWS receives decides: a name edited beside a stale dependency is what the service runs with.
            if (valueLinker(ofType(managed, ref.targets), ["name", "id"])(r, ref.property).length === 0) {
                out.push({ resource: r, path: ref.property, value, what: ref.what });
            }
        }
    }
    return out;
}

/** Canaries' code objects (s3Bucket/s3Key) no object of the stack uploads. */
function unheldCode(managed: PolicyResource[]): UnheldName[] {
    const objects = ofType(managed, OBJECTS);
    const uploaded = new Set(objects.map(o => `${knownString(o, "bucket")}/${knownString(o, "key")}`));
    const out: UnheldName[] = [];
    for (const r of ofType(managed, [CANARY])) {
        const bucket = knownString(r, "s3Bucket");
        const key = knownString(r, "s3Key");
        if (bucket === undefined || key === undefined || uploaded.has(`${bucket}/${key}`)) continue;
        // During preview an object's key may still be unknown: then the dependency names it.
        if ((r.propertyDependencies.s3Key ?? []).some(d => objects.includes(d) && knownString(d, "key") === undefined)) continue;
        out.push({ resource: r, path: "s3Key", value: `s3://${bucket}/${key}`, what: "code object" });
    }
    return out;
}

/**
 * Every id- or name-reference of the stack's managed resources that resolves to nothing the stack
 * holds. `exported`: the values the stacks it references export (a referenced network counts as
 * held; settings groups do not: they are regional, and each stack runs its own).
 */
export function unheldNames(resources: PolicyResource[], exported: Set<string>): UnheldName[] {
    const managed = resources.filter(isManaged);
    return [...unheldIds(managed, exported), ...unheldGroups(managed), ...unheldCode(managed)];
}
