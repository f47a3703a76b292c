/**
 * Class 6: references that stop resolving. A destination whose resource a change removes while the
 * component that made it stays, and references by id or bare name (a VPC, an Elastic IP, a
 * settings group, a canary's code object) removed or pointed at something the stack does not hold.
 * A component holds nothing: its outputs (a SecureBucket's `arn`, an EncryptionKey's `keyId`)
 * repeat its children's, so a load balancer, trail or Config channel still naming the removed
 * bucket sends to a name the stack no longer holds (AWS refuses the update, or whoever claims the
 * name receives the logs). Each case removes a managed resource, alone or with its settings,
 * and leaves the component.
 */
import { Case, edit, ExportedResource, named, remove, suite, add, tags } from "./support";

const BUCKET = "aws:s3/bucket:Bucket";
/** Removes the bucket named `prefix` and its settings resources (policy, versioning, encryption, lifecycle …), leaving the component and the key. */
const removeManaged = (prefix: string) => (rs: ExportedResource[]) => {
    for (const r of rs.filter(x => x.custom && x.type.startsWith("aws:s3/") && x.urn.split("::").pop()!.startsWith(prefix))) {
        rs.splice(rs.indexOf(r), 1);
    }
};
const bucketNamed = (name: string) => (r: ExportedResource) => r.urn.endsWith(`::${name}`);

const violations: Case[] = [
    { name: "the load balancer's access-log bucket removed, its component and the load balancer's accessLogs left", change: remove(BUCKET, bucketNamed("alb-access-logs")) },
    { name: "the access-log bucket removed with its policy, versioning, encryption and lifecycle", change: removeManaged("alb-access-logs") },
    { name: "the trail's bucket removed, the trail still delivering to it", change: remove(BUCKET, bucketNamed("audit-trail-bucket")) },
    { name: "Config's bucket removed, the delivery channel still naming it", change: remove(BUCKET, bucketNamed("aws-config-bucket")) },
    { name: "the canary's artifact bucket removed while the canary runs", change: removeManaged("synthetic-check-artifacts") },
    { name: "the static replica bucket in us-west-2 removed, replication still targeting it", change: remove(BUCKET, bucketNamed("dr-static-replica")) },
    { stack: "dr", name: "dr: the load balancer's access-log bucket removed", change: remove(BUCKET, bucketNamed("alb-access-logs")) },
    { stack: "dr", name: "dr: the access-log bucket removed with its settings", change: removeManaged("alb-access-logs") },
    { name: "the VPC removed while its subnets, security groups and endpoints stay", change: remove("aws:ec2/vpc:Vpc") },
    { name: "the NAT gateways' Elastic IPs removed", change: remove("aws:ec2/eip:Eip") },
    { name: "the cache's parameter group removed (AWS refuses to delete a group in use)", change: remove("aws:elasticache/parameterGroup:ParameterGroup") },
    { name: "the cache pointed at a parameter group made in the console", change: edit("aws:elasticache/replicationGroup:ReplicationGroup", p => { p.parameterGroupName = "ops-tuned-valkey8"; }) },
    { name: "the database given an option group made in the console", change: edit("aws:rds/instance:Instance", p => { p.optionGroupName = "ops-postgres-options"; }, named("database")) },
    { name: "the canary's code object removed", change: remove("aws:s3/bucketObjectv2:BucketObjectv2") },
    { name: "the canary pointed at another key in its bucket", change: edit("aws:synthetics/canary:Canary", p => { p.s3Key = "code/siteCheck-hotfix.zip"; }) },
    { name: "a security group added in a VPC the stack does not hold", change: add("aws:ec2/securityGroup:SecurityGroup", "legacy-sg", { name: "legacy", description: "legacy access", vpcId: "vpc-0badc0ffee0000001", tags: tags("network") }) },
    { stack: "dr", name: "dr: the VPC removed", change: remove("aws:ec2/vpc:Vpc") },
    { stack: "dr", name: "dr: the cache's parameter group removed", change: remove("aws:elasticache/parameterGroup:ParameterGroup") },
];

const compliant: Case[] = [
    { name: "the database given AWS's default option group of its engine version", change: edit("aws:rds/instance:Instance", p => { p.optionGroupName = "default:postgres-16"; }, named("database")) },
    // The canary is paused in standby (dr's SyntheticCheck creates no canary): nothing sends to the
    // bucket, and the promote phase creates both again.
    { stack: "dr", name: "dr in standby: the paused canary's empty artifact bucket removed with its settings", change: removeManaged("synthetic-check-artifacts") },
];

suite("adversarial class 6: references that stop resolving", violations, compliant);
