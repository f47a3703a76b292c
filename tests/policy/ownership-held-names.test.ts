/**
 * ownership-references on references by id or bare name (policy/ownership/heldNames.ts): network
 * ids recognised by their shape wherever they appear, a database's and a cache's settings groups,
 * and the object a canary or function runs its code from, each pointed at something the stack
 * does not hold, or left naming a resource the change removed.
 */
import { ownershipReferences } from "../../policy/ownership/references";
import { named, stackTable } from "./support/cases";
import { ACCOUNT } from "./support/fixtures";
import { StackResourceInput, UNKNOWN } from "./support/harness";
import { iamStack, REGION } from "./support/iam";

const VPC = "vpc-0e6ad3833cd78ec1f";
const SUBNET = "subnet-0949b1ba3955b83ef";
const SG = "sg-002904b010804e592";
const DEFAULT_SG = "sg-0d0d0d0d0d0d0d0d0";
const EIP = "eipalloc-0004544df8f11db45";
const ec2 = (kind: string, id: string) => `arn:aws:ec2:${REGION}:${ACCOUNT}:${kind}/${id}`;
const CODE_BUCKET = `expertconnect-prod-canary-artifacts-${ACCOUNT}`;

function stack(): StackResourceInput[] {
    return [
        ...iamStack(),
        { type: "aws:ec2/vpc:Vpc", name: "vpc", props: { cidrBlock: "10.0.0.0/16", arn: ec2("vpc", VPC), defaultSecurityGroupId: DEFAULT_SG } },
        { type: "aws:ec2/subnet:Subnet", name: "subnet", props: { vpcId: VPC, cidrBlock: "10.0.0.0/24", arn: ec2("subnet", SUBNET) } },
        { type: "aws:ec2/securityGroup:SecurityGroup", name: "sg", props: { vpcId: VPC, arn: ec2("security-group", SG) } },
        { type: "aws:ec2/eip:Eip", name: "eip", props: { domain: "vpc", allocationId: EIP, arn: ec2("elastic-ip", EIP) } },
        { type: "aws:ec2/natGateway:NatGateway", name: "nat", props: { allocationId: EIP, subnetId: SUBNET } },
        { type: "aws:elasticache/parameterGroup:ParameterGroup", name: "cache-params", props: { name: "cache-params-d5cff84", family: "valkey8" } },
        { type: "aws:elasticache/subnetGroup:SubnetGroup", name: "cache-subnets", props: { name: "cache-subnets-23ffc22", subnetIds: [SUBNET] } },
        {
            type: "aws:elasticache/replicationGroup:ReplicationGroup", name: "cache",
            props: { parameterGroupName: "cache-params-d5cff84", subnetGroupName: "cache-subnets-23ffc22", securityGroupIds: [SG] },
            propertyDependencies: { parameterGroupName: ["cache-params"], subnetGroupName: ["cache-subnets"] },
        },
        { type: "aws:rds/parameterGroup:ParameterGroup", name: "db-params", props: { name: "database-params-be6a6ad", family: "postgres16" } },
        { type: "aws:rds/subnetGroup:SubnetGroup", name: "db-subnets", props: { name: "database-subnets-d43a9b2", subnetIds: [SUBNET] } },
        {
            type: "aws:rds/instance:Instance", name: "database",
            props: { parameterGroupName: "database-params-be6a6ad", dbSubnetGroupName: "database-subnets-d43a9b2", optionGroupName: "default:postgres-16", vpcSecurityGroupIds: [SG] },
        },
        { type: "aws:s3/bucket:Bucket", name: "artifacts", props: { bucket: CODE_BUCKET, arn: `arn:aws:s3:::${CODE_BUCKET}` } },
        { type: "aws:s3/bucketObjectv2:BucketObjectv2", name: "canary-code", props: { bucket: CODE_BUCKET, key: "code/siteCheck-efeecec2.zip" } },
        { type: "aws:synthetics/canary:Canary", name: "canary", props: { s3Bucket: CODE_BUCKET, s3Key: "code/siteCheck-efeecec2.zip" }, propertyDependencies: { s3Key: ["canary-code"] } },
        // A component's outputs repeat its children's: they make nothing held.
        { type: "expertconnect:network:Network", name: "network", props: { vpcId: "vpc-0aaaaaaaaaaaaaaaa" } },
    ];
}

const remove = (name: string) => (s: StackResourceInput[]) => { s.splice(s.findIndex(r => r.name === name), 1); };

describe("ownership-references: references by id or bare name", () => {
    stackTable(ownershipReferences, stack(), {
        passes: {
            "the cache runs AWS's default parameter group (the memory policy judges its values)": { change: s => { named(s, "cache").props.parameterGroupName = "default.valkey8"; delete named(s, "cache").propertyDependencies; } },
            "the database runs AWS's default option group of another version": { change: s => { named(s, "database").props.optionGroupName = "default:postgres-17"; } },
            "a resource in the VPC's default security group": { change: s => { named(s, "database").props.vpcSecurityGroupIds = [DEFAULT_SG]; } },
            "a security group id a referenced stack exports": {
                change: s => {
                    s.push({ type: "pulumi:pulumi:StackReference", name: "prod", props: { name: "organization/expertconnect-infra/prod", outputs: { sharedSecurityGroupId: "sg-0bbbbbbbbbbbbbbbb" } } });
                    named(s, "database").props.vpcSecurityGroupIds = [SG, "sg-0bbbbbbbbbbbbbbbb"];
                },
            },
            "a parameter group name still unknown during preview": { change: s => { named(s, "cache").props.parameterGroupName = UNKNOWN; } },
            "the code object's key still unknown during preview (the canary depends on it)": { change: s => { named(s, "canary-code").props.key = UNKNOWN; named(s, "canary").props.s3Key = UNKNOWN; } },
            "a function's code a build pipeline put in a stack bucket": {
                change: s => { s.push({ type: "aws:lambda/function:Function", name: "fn", props: { s3Bucket: CODE_BUCKET, s3Key: "builds/fn-1.4.2.zip" } }); },
            },
            "a peering with another VPC of the account (network-no-foreign-networks judges the other side)": {
                change: s => { s.push({ type: "aws:ec2/vpcPeeringConnection:VpcPeeringConnection", name: "peering", props: { vpcId: VPC, peerVpcId: "vpc-0123456789abcdef1", peerOwnerId: ACCOUNT } }); },
            },
            "a migration command's run-task in the stack's subnets and security group": {
                change: s => { s.push({ type: "command:local:Command", name: "migration", props: { create: "run-migration.sh", environment: { SUBNETS: SUBNET, SECURITY_GROUPS: SG } } }); },
            },
            "an id in a policy document's condition (the IAM policies judge it)": {
                change: s => { named(s, "backend-task-policy").props.policy = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Deny", Action: "s3:*", Resource: "*", Condition: { StringNotEquals: { "aws:SourceVpc": "vpc-0ccccccccccccccc0" } } }] }); },
            },
            "a value that only looks like an id prefix (no hexadecimal id)": { change: s => { named(s, "database").props.dbName = "vpc-main"; } },
        },
        violations: {
            "a security group placed in a VPC the stack does not hold": { change: s => { named(s, "sg").props.vpcId = "vpc-0123456789abcdef0"; }, message: /sg.vpcId names vpc-0123456789abcdef0, which is no VPC of this stack/ },
            "the VPC removed while its subnet and security group stay": { change: remove("vpc"), message: /vpcId names vpc-0e6ad3833cd78ec1f, which is no VPC/ },
            "a nested subnet id of another network (a function's vpcConfig)": {
                change: s => { s.push({ type: "aws:lambda/function:Function", name: "fn", props: { vpcConfig: { subnetIds: ["subnet-0fedcba987654321f"], securityGroupIds: [SG] } } }); },
                message: /fn.vpcConfig.subnetIds\[\] names subnet-0fedcba987654321f, which is no subnet/,
            },
            "the database in a security group of another team (8-digit id)": { change: s => { named(s, "database").props.vpcSecurityGroupIds = [SG, "sg-1a2b3c4d"]; }, message: /vpcSecurityGroupIds\[\] names sg-1a2b3c4d, which is no security group/ },
            "the NAT gateway on an Elastic IP the stack does not hold": { change: s => { named(s, "nat").props.allocationId = "eipalloc-0abcdefabcdefabcd"; }, message: /nat.allocationId names eipalloc-0abcdefabcdefabcd, which is no Elastic IP/ },
            "the Elastic IP removed while the NAT gateway names it": { change: remove("eip"), message: /nat.allocationId names eipalloc-0004544df8f11db45/ },
            "the cache on a parameter group made in the console": { change: s => { named(s, "cache").props.parameterGroupName = "ops-tuned-valkey"; }, message: /cache.parameterGroupName names ops-tuned-valkey, which is no cache parameter group/ },
            "the cache's parameter group removed": { change: remove("cache-params"), message: /cache.parameterGroupName names cache-params-d5cff84, which is no cache parameter group/ },
            "the cache in the default subnet group (the default VPC's)": { change: s => { named(s, "cache").props.subnetGroupName = "default"; }, message: /cache.subnetGroupName names default, which is no cache subnet group/ },
            "the database on an option group made in the console": { change: s => { named(s, "database").props.optionGroupName = "ops-options"; }, message: /database.optionGroupName names ops-options, which is no DB option group/ },
            "the database's subnet group removed": { change: remove("db-subnets"), message: /database.dbSubnetGroupName names database-subnets-d43a9b2, which is no DB subnet group/ },
            "an Aurora cluster on a cluster parameter group the stack does not hold": {
                change: s => { s.push({ type: "aws:rds/cluster:Cluster", name: "aurora", props: { dbClusterParameterGroupName: "shared-aurora-params" } }); },
                message: /aurora.dbClusterParameterGroupName names shared-aurora-params, which is no DB cluster parameter group/,
            },
            "a migration command's run-task given a security group the stack does not hold (comma-separated ids)": {
                change: s => { s.push({ type: "command:local:Command", name: "migration", props: { create: "run-migration.sh", environment: { SUBNETS: SUBNET, SECURITY_GROUPS: `${SG},sg-0a1b2c3d4e5f60718` } } }); },
                message: /migration.environment.SECURITY_GROUPS names sg-0a1b2c3d4e5f60718, which is no security group/,
            },
            "the database on a subnet group another stack exports (subnet groups are regional)": {
                change: s => {
                    s.push({ type: "pulumi:pulumi:StackReference", name: "prod", props: { name: "organization/expertconnect-infra/prod", outputs: { dbSubnetGroupName: "expertconnect-prod-db-subnets" } } });
                    named(s, "database").props.dbSubnetGroupName = "expertconnect-prod-db-subnets";
                },
                message: /database.dbSubnetGroupName names expertconnect-prod-db-subnets, which is no DB subnet group/,
            },
            "the canary's code key edited to an object the stack does not upload": { change: s => { named(s, "canary").props.s3Key = "code/other.zip"; }, message: /canary.s3Key names s3:\/\/.*\/code\/other.zip, which is no code object of this stack/ },
            "the canary's code object removed": { change: remove("canary-code"), message: /canary.s3Key names s3:\/\/.*siteCheck-efeecec2.zip, which is no code object/ },
        },
    });
});
