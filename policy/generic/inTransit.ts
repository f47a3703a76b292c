import { all, each, is, isNot, onlyIf, Rules } from "./checks";
import { concernPolicy, standalone } from "./concern";

/** Listener protocols that carry traffic in clear text. */
const CLEAR_TEXT = ["http", "tcp", "HTTP", "TCP"];

/** Types that can carry traffic in clear text, and the setting that prevents it (ALB listeners and replication groups have their own policies). */
export const IN_TRANSIT: Rules = {
    "aws:rds/proxy:Proxy": is("requireTls", true),
    "aws:elasticache/cluster:Cluster": onlyIf(standalone, is("transitEncryptionEnabled", true)),
    "aws:opensearch/domain:Domain": all(
        is("nodeToNodeEncryption.enabled", true),
        is("domainEndpointOptions.enforceHttps", true),
        isNot("domainEndpointOptions.tlsSecurityPolicy", ["Policy-Min-TLS-1-0-2019-07"]),
    ),
    "aws:msk/cluster:Cluster": all(
        is("encryptionInfo.encryptionInTransit.clientBroker", "TLS", "TLS"),
        is("encryptionInfo.encryptionInTransit.inCluster", true, true),
    ),
    "aws:memorydb/cluster:Cluster": is("tlsEnabled", true, true),
    "aws:memorydb/multiRegionCluster:MultiRegionCluster": is("tlsEnabled", true, true),
    "aws:dax/cluster:Cluster": is("clusterEndpointEncryptionType", "TLS"),
    "aws:cloudfront/distribution:Distribution": all(
        isNot("defaultCacheBehavior.viewerProtocolPolicy", ["allow-all"]),
        each("orderedCacheBehaviors", isNot("viewerProtocolPolicy", ["allow-all"])),
        each("origins", isNot("customOriginConfig.originProtocolPolicy", ["http-only", "match-viewer"])),
    ),
    "aws:elb/loadBalancer:LoadBalancer": each("listeners", isNot("lbProtocol", CLEAR_TEXT)),
};

export const networkEncryptedInTransit = concernPolicy({
    name: "network-encrypted-in-transit",
    description: "Every other resource type that carries traffic (RDS proxies, cache clusters, OpenSearch, MSK, MemoryDB, DAX, CloudFront, Classic Load Balancers) requires TLS.",
    metadata: {
        severity: "high",
        guideSection: "Security Maintenance › AWS Security Best Practices",
        fsbpControl: "CloudFront.3",
        remediationSteps: "Turn on the TLS setting named in the message (requireTls, transitEncryptionEnabled, enforceHttps, clientBroker TLS, viewerProtocolPolicy redirect-to-https or https-only, an HTTPS/SSL listener …).",
    },
    rules: IN_TRANSIT,
});
