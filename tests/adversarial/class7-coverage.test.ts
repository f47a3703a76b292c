/** Class 7: FSBP controls that apply to the stacks' resource types, beyond the ones the components set. */
import { add, Case, edit, named, remove, suite, tags } from "./support";

const DB = "aws:rds/instance:Instance";
const SERVICE = "aws:ecs/service:Service";
const TASK = "aws:ecs/taskDefinition:TaskDefinition";
const PRIVATE_SUBNET = "subnet-0c6b1e7d0a0126740";
const containers = (change: (c: Record<string, any>) => void) => edit(TASK, p => {
    const list = JSON.parse(p.containerDefinitions);
    list.forEach(change);
    p.containerDefinitions = JSON.stringify(list);
});
const lifecycle = (policy: object) => edit("aws:ecr/lifecyclePolicy:LifecyclePolicy", p => { p.policy = JSON.stringify(policy); }, named("backend-repository-lifecycle"));

const violations: Case[] = [
    { name: "task sharing the host's process namespace (ECS.3)", change: edit(TASK, p => { p.pidMode = "host"; }, named("backend-task")) },
    { name: "bucket ACLs re-enabled with ObjectWriter ownership (S3.12)", change: edit("aws:s3/bucketOwnershipControls:BucketOwnershipControls", p => { p.rule = { objectOwnership: "ObjectWriter" }; }, named("data-static-ownership")) },
    { name: "account-level public access block switched off (S3.1)", change: add("aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock", "account-pab", { blockPublicAcls: false, blockPublicPolicy: false, ignorePublicAcls: false, restrictPublicBuckets: false }) },
    { name: "network ACL rule admitting SSH from anywhere (EC2.21)", change: add("aws:ec2/networkAclRule:NetworkAclRule", "ssh-in", { networkAclId: "acl-0123", ruleNumber: 90, egress: false, protocol: "tcp", ruleAction: "allow", cidrBlock: "0.0.0.0/0", fromPort: 22, toPort: 22 }) },
    { name: "load balancer desync mitigation only monitoring (ELB.12)", change: edit("aws:lb/loadBalancer:LoadBalancer", p => { p.desyncMitigationMode = "monitor"; }) },
    { name: "a deprecated Lambda runtime (Lambda.2)", change: edit("aws:lambda/function:Function", p => { p.runtime = "nodejs16.x"; }) },
    { name: "an ops instance answering IMDSv1 (EC2.8)", change: add("aws:ec2/instance:Instance", "ops-box", { ami: "ami-0abcdef1234567890", instanceType: "t3.micro", subnetId: PRIVATE_SUBNET, rootBlockDevice: { encrypted: true }, metadataOptions: { httpTokens: "optional" }, tags: tags("ops") }) },
    { name: "a data bucket set to empty itself on delete", change: edit("aws:s3/bucket:Bucket", p => { p.forceDestroy = true; }, named("data-static")) },
    { name: "default security group given an inbound rule (EC2.2)", change: edit("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", p => { p.ingress = [{ protocol: "-1", fromPort: 0, toPort: 0, self: true }]; }) },
    { name: "default security group no longer taken over (EC2.2)", change: remove("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup") },
    { name: "a private subnet hands out public IPs (EC2.15)", change: edit("aws:ec2/subnet:Subnet", p => { p.mapPublicIpOnLaunch = true; }, named("network-private-1")) },
    { name: "a bastion instance with a public IP (EC2.9)", change: add("aws:ec2/instance:Instance", "bastion", { ami: "ami-0abcdef1234567890", instanceType: "t3.micro", subnetId: PRIVATE_SUBNET, associatePublicIpAddress: true, metadataOptions: { httpTokens: "required" }, rootBlockDevice: { encrypted: true }, tags: tags("bastion") }) },
    { name: "a launch template with a public IP on its interface (EC2.25)", change: add("aws:ec2/launchTemplate:LaunchTemplate", "workers", { name: "workers", imageId: "ami-0abcdef1234567890", instanceType: "t3.small", networkInterfaces: [{ associatePublicIpAddress: "true", subnetId: PRIVATE_SUBNET }], metadataOptions: { httpTokens: "required" }, tags: tags("workers") }) },
    { name: "flow logs deleted (EC2.6)", change: remove("aws:ec2/flowLog:FlowLog") },
    { name: "enhanced monitoring off on the database (RDS.6)", change: edit(DB, p => { p.monitoringInterval = 0; delete p.monitoringRoleArn; }) },
    { name: "cache snapshots switched off by omission (ElastiCache.1)", change: edit("aws:elasticache/replicationGroup:ReplicationGroup", p => { delete p.snapshotRetentionLimit; delete p.snapshotWindow; }) },
    { name: "ECR lifecycle policy with no rules (ECR.3)", change: lifecycle({ rules: [] }) },
    { name: "ECS service pinned to an old Fargate platform (ECS.10)", change: edit(SERVICE, p => { p.platformVersion = "1.3.0"; }, named("backend-service")) },
    { name: "WAF logging configuration removed (WAF.11)", change: remove("aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration") },
    { name: "HTTPS listener on a TLS 1.0 policy (ELB.17)", change: edit("aws:lb/listener:Listener", p => { p.sslPolicy = "ELBSecurityPolicy-TLS-1-0-2015-04"; }, r => r.inputs.protocol === "HTTPS") },
    { name: "privileged flag set on the sidecar only (ECS.4)", change: containers(c => { if (c.essential === false) { c.privileged = true; } }) },
    { name: "ECS service public IP on the frontend (ECS.2)", change: edit(SERVICE, p => { p.networkConfiguration = { ...p.networkConfiguration, assignPublicIp: true }; }, named("frontend-service")) },
];

const compliant: Case[] = [
    { name: "public subnet states mapPublicIpOnLaunch false explicitly", change: edit("aws:ec2/subnet:Subnet", p => { p.mapPublicIpOnLaunch = false; p.assignIpv6AddressOnCreation = false; }, named("network-public-0")) },
    { name: "enhanced monitoring every 15 seconds", change: edit(DB, p => { p.monitoringInterval = 15; }) },
    { name: "ECS service on platform 1.4.0", change: edit(SERVICE, p => { p.platformVersion = "1.4.0"; }, named("backend-service")) },
    { name: "ECR lifecycle policy with a single count rule", change: lifecycle({ rules: [{ rulePriority: 1, description: "keep 50", selection: { tagStatus: "tagged", tagPatternList: ["*"], countType: "imageCountMoreThan", countNumber: 50 }, action: { type: "expire" } }] }) },
    { name: "isolated subnet states no public IPv4 or IPv6 on launch", change: edit("aws:ec2/subnet:Subnet", p => { p.mapPublicIpOnLaunch = false; p.assignIpv6AddressOnCreation = false; }, named("network-isolated-0")) },
];

suite("adversarial class 7: coverage by control", violations, compliant);
