import { TypeToken } from "./naming";

/** EC2 ids look like `vpc-0a1b2c3d4e5f60718`: a prefix per resource kind plus 17 hex digits. */
const EC2_ID_PREFIX: Record<string, string> = {
    Vpc: "vpc",
    Subnet: "subnet",
    SecurityGroup: "sg",
    SecurityGroupRule: "sgr",
    SecurityGroupIngressRule: "sgr",
    SecurityGroupEgressRule: "sgr",
    InternetGateway: "igw",
    EgressOnlyInternetGateway: "eigw",
    NatGateway: "nat",
    RouteTable: "rtb",
    Eip: "eipalloc",
    VpcEndpoint: "vpce",
    NetworkAcl: "acl",
    FlowLog: "fl",
    Instance: "i",
    LaunchTemplate: "lt",
    NetworkInterface: "eni",
};

/** Resources whose id is their ARN (SNS topics, IAM policies, load balancers, ECS services…). */
const ID_IS_ARN = new Set([
    "sns:Topic", "iam:Policy", "lb:LoadBalancer", "lb:TargetGroup", "lb:Listener", "lb:ListenerRule",
    "ecs:Service", "ecs:Cluster", "secretsmanager:Secret", "ecs:TaskDefinition",
    "cloudwatch:EventRule", "sns:TopicSubscription", "acm:Certificate",
]);

/** Resources whose id is a UUID (KMS keys, backup plans, WAF ACLs, GuardDuty detectors). */
const ID_IS_UUID = new Set(["kms:Key", "backup:Plan", "wafv2:WebAcl", "guardduty:Detector"]);

/** How a resource's id is formed. */
export type IdStyle = "ec2" | "arn" | "uuid" | "name";

export function idStyle(token: TypeToken): IdStyle {
    const key = `${token.module}:${token.member}`;
    if ((token.module === "ec2" || token.module === "vpc") && EC2_ID_PREFIX[token.member]) {
        return "ec2";
    }
    if (ID_IS_ARN.has(key)) {
        return "arn";
    }
    return ID_IS_UUID.has(key) ? "uuid" : "name";
}

/** `vpc-` + 17 hex digits. */
export function ec2Id(token: TypeToken, hex: string): string {
    return `${EC2_ID_PREFIX[token.member]}-0${hex.slice(0, 16)}`;
}

/** A UUID-shaped string from hex digits. */
export function uuidFrom(hex: string): string {
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
