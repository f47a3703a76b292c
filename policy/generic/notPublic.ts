import { at, Check, given, isNot, Rules } from "./checks";
import { concernPolicy } from "./concern";

/** A manual snapshot shared with "all" is public: any AWS account can restore the database from it. */
const snapshotPrivate: Check = props => {
    const shared = at(props, "sharedAccounts");
    return Array.isArray(shared) && shared.some(a => String(a).toLowerCase() === "all")
        ? ['sharedAccounts includes "all": the snapshot is public, any AWS account can restore the database from it']
        : [];
};

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
    "aws:rds/snapshot:Snapshot": snapshotPrivate,
    "aws:rds/snapshotCopy:SnapshotCopy": snapshotPrivate,
    "aws:rds/clusterSnapshot:ClusterSnapshot": snapshotPrivate,
    "aws:rds/clusterSnapshotCopy:ClusterSnapshotCopy": snapshotPrivate,
};

export const networkNotPublic = concernPolicy({
    name: "network-not-public",
    description: "No other resource type is reachable from the internet by a setting: Aurora and Neptune instances, Redshift, OpenSearch outside a VPC, MSK public brokers, Amazon MQ, EKS public endpoints, Lambda function URLs without IAM auth, RDS snapshots shared with all accounts.",
    metadata: {
        severity: "critical",
        guideSection: "Security Maintenance › AWS Security Best Practices",
        fsbpControl: "RDS.2",
        remediationSteps: "Set publiclyAccessible false, place the domain in the VPC (vpcOptions), turn MSK public access off, set endpointPublicAccess false, give the function URL authorizationType AWS_IAM, or share a snapshot with named accounts only (never all).",
    },
    rules: NOT_PUBLIC,
});
