import { all, at, Check, each, is, isNot, onlyIf, Rules } from "./checks";
import { concernPolicy, standalone } from "./concern";
import { execSessionEncrypted } from "./ecsExec";
import { TLS_SETTING_RULES } from "./runtimeSettings";

/** Listener protocols that carry traffic in clear text. */
const CLEAR_TEXT = ["http", "tcp", "HTTP", "TCP"];

/** OpenSearch and its legacy Elasticsearch domains: node-to-node TLS, HTTPS only, not TLS 1.0. */
const searchDomainTls = all(
    is("nodeToNodeEncryption.enabled", true),
    is("domainEndpointOptions.enforceHttps", true),
    isNot("domainEndpointOptions.tlsSecurityPolicy", ["Policy-Min-TLS-1-0-2019-07"]),
);

/** Origin protocols CloudFront may still negotiate with a custom origin that are broken (FSBP CloudFront.10). */
const WEAK_ORIGIN_PROTOCOLS = ["SSLv3", "TLSv1", "TLSv1.1"];

/** Each protocol of a list at `path` that is broken. */
const noneOf = (path: string, bad: readonly string[]): Check => props => {
    const list = at(props, path);
    return (Array.isArray(list) ? list : []).filter(p => bad.includes(String(p))).map(p => `${path} includes ${JSON.stringify(p)}`);
};

/** Types that can carry traffic in clear text, and the setting that prevents it (ALB listeners and replication groups have their own policies). */
export const IN_TRANSIT: Rules = {
    "aws:rds/proxy:Proxy": is("requireTls", true),
    "aws:elasticache/cluster:Cluster": onlyIf(standalone, is("transitEncryptionEnabled", true)),
    "aws:opensearch/domain:Domain": searchDomainTls,
    "aws:elasticsearch/domain:Domain": searchDomainTls,
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
        each("origins", all(isNot("customOriginConfig.originProtocolPolicy", ["http-only", "match-viewer"]), noneOf("customOriginConfig.originSslProtocols", WEAK_ORIGIN_PROTOCOLS))),
    ),
    "aws:elb/loadBalancer:LoadBalancer": each("listeners", isNot("lbProtocol", CLEAR_TEXT)),
    // FTP sends credentials and files in clear text (FSBP Transfer.2); unset is SFTP only.
    "aws:transfer/server:Server": noneOf("protocols", ["FTP"]),
    "aws:ecs/cluster:Cluster": execSessionEncrypted,
    // The TLS the stack's endpoints require, switched off on the client side by a runtime setting.
    ...TLS_SETTING_RULES,
};

export const networkEncryptedInTransit = concernPolicy({
    name: "network-encrypted-in-transit",
    description: "Every other resource type that carries traffic (RDS proxies, cache clusters, OpenSearch and Elasticsearch, MSK, MemoryDB, DAX, CloudFront to viewers and origins, Classic Load Balancers, Transfer Family servers) requires TLS; ECS Exec sessions are encrypted with a customer-managed key; no runtime setting the stack hands its code (container and Lambda environments, SSM parameters, secret JSON keys) switches TLS or certificate verification off (NODE_TLS_REJECT_UNAUTHORIZED=0, sslmode disable/allow/prefer, PYTHONHTTPSVERIFY=0, an empty CURL_CA_BUNDLE, an http:// AWS_ENDPOINT_URL, redis:// URLs, TLS switches set false).",
    metadata: {
        severity: "high",
        guideSection: "Security Maintenance › AWS Security Best Practices",
        fsbpControl: "CloudFront.3",
        remediationSteps: "Turn on the TLS setting named in the message (requireTls, transitEncryptionEnabled, enforceHttps, clientBroker TLS, viewerProtocolPolicy redirect-to-https or https-only, an HTTPS/SSL listener, originSslProtocols TLSv1.2, Transfer Family protocols SFTP or FTPS, the cluster's executeCommandConfiguration.kmsKeyId …), or remove the runtime setting named in the message (or give it its verifying value: sslmode verify-full, rediss://, https://).",
    },
    rules: IN_TRANSIT,
});
