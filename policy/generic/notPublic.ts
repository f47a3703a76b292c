import { given, isNot, Rules } from "./checks";
import { concernPolicy } from "./concern";

/** Types that can be reached from the internet by a setting (RDS instances, subnets and instances have their own policies). */
export const NOT_PUBLIC: Rules = {
    "aws:rds/clusterInstance:ClusterInstance": isNot("publiclyAccessible", [true]),
    "aws:neptune/clusterInstance:ClusterInstance": isNot("publiclyAccessible", [true]),
    "aws:redshift/cluster:Cluster": isNot("publiclyAccessible", [true]),
    "aws:redshiftserverless/workgroup:Workgroup": isNot("publiclyAccessible", [true]),
    "aws:opensearch/domain:Domain": given("vpcOptions.subnetIds", "the domain gets a public endpoint"),
    "aws:msk/cluster:Cluster": isNot("brokerNodeGroupInfo.connectivityInfo.publicAccess.type", ["SERVICE_PROVIDED_EIPS"]),
    "aws:mq/broker:Broker": isNot("publiclyAccessible", [true]),
    "aws:eks/cluster:Cluster": isNot("vpcConfig.endpointPublicAccess", [true], true),
    "aws:lambda/functionUrl:FunctionUrl": isNot("authorizationType", ["NONE"]),
};

export const networkNotPublic = concernPolicy({
    name: "network-not-public",
    description: "No other resource type is reachable from the internet by a setting: Aurora and Neptune instances, Redshift, OpenSearch outside a VPC, MSK public brokers, Amazon MQ, EKS public endpoints, Lambda function URLs without IAM auth.",
    metadata: {
        severity: "critical",
        guideSection: "Security Maintenance › AWS Security Best Practices",
        fsbpControl: "RDS.2",
        remediationSteps: "Set publiclyAccessible false, place the domain in the VPC (vpcOptions), turn MSK public access off, set endpointPublicAccess false, or give the function URL authorizationType AWS_IAM.",
    },
    rules: NOT_PUBLIC,
});
