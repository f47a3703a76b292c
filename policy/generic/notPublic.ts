import { NETWORK_ACL_TYPES, openAdminPorts } from "../network/nacl";
import { all, at, Check, given, is, isNot, Rules } from "./checks";
import { concernPolicy } from "./concern";
import { EXPOSURE, kafkaClientsAuthenticated } from "./exposure";

/** A manual snapshot shared with "all" is public: any AWS account can restore the database from it. */
const snapshotPrivate: Check = props => {
    const shared = at(props, "sharedAccounts");
    return Array.isArray(shared) && shared.some(a => String(a).toLowerCase() === "all")
        ? ['sharedAccounts includes "all": the snapshot is public, any AWS account can restore the database from it']
        : [];
};

/** ACLs enabled (any ownership but BucketOwnerEnforced): an object or bucket ACL can grant access the bucket policy does not show, up to everyone. */
const aclsDisabled: Check = props => {
    const ownership = at(props, "rule.objectOwnership");
    return ownership === "BucketOwnerEnforced"
        ? []
        : [`rule.objectOwnership is ${JSON.stringify(ownership ?? "not set")}: ACLs stay enabled, and an object or bucket ACL can grant access outside the bucket policy, up to everyone`];
};

/** An image launchable by every AWS account: what is baked into it (code, configuration, keys) is public. */
const imagePrivate: Check = props => (String(at(props, "group") ?? "").toLowerCase() === "all"
    ? ['group is "all": the image is public, any AWS account can launch it and read what is baked into it']
    : []);

/**
 * IMDSv1 answers any request made from the instance: a server-side request forgery in the
 * application hands the instance role's credentials to whoever sent it (FSBP EC2.8). Unset is
 * IMDSv1 for launch templates and most AMIs.
 */
const imdsV2Only = (path: string): Check => props => {
    const endpoint = at(props, `${path}.httpEndpoint`);
    return endpoint === "disabled" || at(props, `${path}.httpTokens`) === "required"
        ? []
        : [`${path}.httpTokens is ${JSON.stringify(at(props, `${path}.httpTokens`) ?? "not set")}: IMDSv1 answers any request from the instance, so a forged server-side request obtains the instance role's credentials; it must be "required"`];
};

/** Each inbound entry that opens SSH or RDP to the internet. */
const aclAdminClosed = (type: string): Check => props => openAdminPorts(type, props);

/** The account's AMI block public access: only "block-new-sharing" stops an image from being made public. */
const imageSharingBlocked: Check = props => (at(props, "state") === "block-new-sharing"
    ? []
    : [`state is ${JSON.stringify(at(props, "state") ?? "not set")}: any AMI of the account can be made public; it must be "block-new-sharing"`]);

/** The account's EBS snapshot block public access in the region: "unblocked" lets any snapshot be shared with everyone. */
const snapshotSharingBlocked: Check = props => (["block-all-sharing", "block-new-sharing"].includes(String(at(props, "state")))
    ? []
    : [`state is ${JSON.stringify(at(props, "state") ?? "not set")}: any EBS snapshot of the account can be made public; it must be "block-all-sharing" or "block-new-sharing"`]);

/** An App Runner service is publicly accessible unless its ingress says otherwise. */
const appRunnerPrivate: Check = props => (at(props, "networkConfiguration.ingressConfiguration.isPubliclyAccessible") === false
    ? []
    : [`networkConfiguration.ingressConfiguration.isPubliclyAccessible is ${JSON.stringify(at(props, "networkConfiguration.ingressConfiguration.isPubliclyAccessible") ?? "not set (true)")}: ` +
        "the service answers the internet on its own URL, outside the ALB and its WAF; set it false and reach the service through a VPC interface endpoint"]);

/** Types that can be reached from the internet by a setting (RDS instances, subnets and instances have their own policies). */
export const NOT_PUBLIC: Rules = {
    "aws:rds/clusterInstance:ClusterInstance": isNot("publiclyAccessible", [true]),
    "aws:neptune/clusterInstance:ClusterInstance": isNot("publiclyAccessible", [true]),
    "aws:redshift/cluster:Cluster": isNot("publiclyAccessible", [true]),
    "aws:redshiftserverless/workgroup:Workgroup": isNot("publiclyAccessible", [true]),
    "aws:opensearch/domain:Domain": given("vpcOptions.subnetIds", "the domain gets a public endpoint"),
    "aws:msk/cluster:Cluster": all(isNot("brokerNodeGroupInfo.connectivityInfo.publicAccess.type", ["SERVICE_PROVIDED_EIPS"]), kafkaClientsAuthenticated),
    "aws:mq/broker:Broker": isNot("publiclyAccessible", [true]),
    "aws:eks/cluster:Cluster": isNot("vpcConfig.endpointPublicAccess", [true], true),
    "aws:lambda/functionUrl:FunctionUrl": isNot("authorizationType", ["NONE"]),
    "aws:rds/snapshot:Snapshot": snapshotPrivate,
    "aws:rds/snapshotCopy:SnapshotCopy": snapshotPrivate,
    "aws:rds/clusterSnapshot:ClusterSnapshot": snapshotPrivate,
    "aws:rds/clusterSnapshotCopy:ClusterSnapshotCopy": snapshotPrivate,
    "aws:ec2/amiLaunchPermission:AmiLaunchPermission": imagePrivate,
    "aws:ec2/instance:Instance": imdsV2Only("metadataOptions"),
    "aws:ec2/launchTemplate:LaunchTemplate": imdsV2Only("metadataOptions"),
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls": aclsDisabled,
    // An access point's own block public access (FSBP S3.19): unset is on, so only an explicit false opens it.
    "aws:s3/accessPoint:AccessPoint": all(...["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"]
        .map(k => is(`publicAccessBlockConfiguration.${k}`, true, true))),
    // The account-wide switches: unset is off.
    "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock": all(
        is("blockPublicAcls", true, false), is("blockPublicPolicy", true, false), is("ignorePublicAcls", true, false), is("restrictPublicBuckets", true, false)),
    // The account-wide image and EBS-snapshot switches: "unblocked" lets any AMI or snapshot be made public.
    "aws:ec2/imageBlockPublicAccess:ImageBlockPublicAccess": imageSharingBlocked,
    "aws:ebs/snapshotBlockPublicAccess:SnapshotBlockPublicAccess": snapshotSharingBlocked,
    // Unset is publicly accessible: the service answers the internet on its own URL, beside the ALB and outside its WAF.
    "aws:apprunner/service:Service": appRunnerPrivate,
    ...Object.fromEntries(NETWORK_ACL_TYPES.map(type => [type, aclAdminClosed(type)])),
    ...EXPOSURE,
};

export const networkNotPublic = concernPolicy({
    name: "network-not-public",
    description: "No other resource type is reachable from the internet by a setting: Aurora and Neptune instances, Redshift, OpenSearch outside a VPC, MSK public brokers, MSK without client authentication, Amazon MQ, EKS public endpoints, Lambda function URLs without IAM auth, API Gateway routes, methods and quick-create APIs without authorization, OpenSearch Serverless collections open to the public, SageMaker domains on PublicInternetOnly, public DMS replication instances, CloudFront without a WAF web ACL, Lightsail ports open to all and public Lightsail databases, SageMaker notebooks with direct internet or root access, EMR with block public access off, SSM documents shared with all, Elasticsearch domains outside a VPC, RDS snapshots shared with all accounts, AMIs launchable by all, EC2 instances and launch templates answering IMDSv1, S3 buckets with ACLs enabled, S3 access points or the account with a public access block off, the account's AMI or EBS snapshot block public access unblocked, publicly accessible App Runner services, network ACLs open to the internet on SSH or RDP.",
    metadata: {
        severity: "critical",
        guideSection: "Security Maintenance › AWS Security Best Practices",
        fsbpControl: "RDS.2",
        remediationSteps: "Set publiclyAccessible false, place the domain in the VPC (vpcOptions), turn MSK public access off and client authentication (IAM, SCRAM or TLS) on, give API routes and methods an authorizer (declare routes instead of quick create), name SourceVPCEs instead of AllowFromPublic, set appNetworkAccessType VpcOnly, associate a web ACL with the distribution (webAclId), list known CIDRs on Lightsail ports other than 80/443, set directInternetAccess and rootAccess Disabled, set blockPublicSecurityGroupRules true, share SSM documents with named accounts only, set endpointPublicAccess false, give the function URL authorizationType AWS_IAM, share a snapshot or image with named accounts only (never all), set metadataOptions.httpTokens to required, set the bucket's objectOwnership to BucketOwnerEnforced, set all four public access blocks true (account and access points), set the account's AMI block public access to block-new-sharing and its snapshot block public access to block-all-sharing, give App Runner services ingressConfiguration.isPubliclyAccessible false, and admit SSH/RDP in network ACLs from known ranges only (or through Session Manager).",
    },
    rules: NOT_PUBLIC,
});
