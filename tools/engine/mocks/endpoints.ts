import { createHash } from "crypto";
import { MYSQL_PORT, POSTGRES_PORT, REDIS_PORT } from "../../../policy/lib/facts/ports";
import { TypeToken } from "./naming";

/** Facts an endpoint is derived from. */
export interface EndpointFacts {
    token: TypeToken;
    /** Physical name or identifier. */
    name: string;
    /** Generated id. */
    id: string;
    /** Deterministic hex digits for this resource. */
    hex: string;
    region: string;
    accountId: string;
    inputs: Record<string, unknown>;
}

/** Route 53 hosted zone of each region's Application Load Balancers. */
const ALB_ZONE_BY_REGION: Record<string, string> = {
    "us-east-1": "Z35SXDOTRQ7X7K",
    "us-east-2": "Z3AADJGX6KTTL2",
    "us-west-1": "Z368ELLRRE2KJ0",
    "us-west-2": "Z1H1FL5HABSF5",
    "eu-west-1": "Z32O12XQLNTSW2",
    "eu-central-1": "Z215JYRZR1TBD5",
};

const DEFAULT_DB_PORT: Record<string, number> = { postgres: POSTGRES_PORT, "aurora-postgresql": POSTGRES_PORT, mysql: MYSQL_PORT, "aurora-mysql": MYSQL_PORT };

function dbPort(inputs: Record<string, unknown>): number {
    if (typeof inputs.port === "number") {
        return inputs.port;
    }
    return DEFAULT_DB_PORT[String(inputs.engine ?? "postgres")] ?? POSTGRES_PORT;
}

/**
 * ACM's DNS validation records, one per name: the same record for a name in every region of an
 * account (as ACM does), so the offline prod and dr certificates share the apex's record.
 */
function validationOptions(inputs: Record<string, unknown>): Array<Record<string, string>> {
    const names = [inputs.domainName, ...((inputs.subjectAlternativeNames as unknown[]) ?? [])].filter((n): n is string => typeof n === "string");
    return [...new Set(names)].map((domainName) => {
        const token = createHash("sha256").update(domainName).digest("hex");
        return {
            domainName,
            resourceRecordName: `_${token.slice(0, 32)}.${domainName}.`,
            resourceRecordType: "CNAME",
            resourceRecordValue: `_${token.slice(32)}.acm-validations.aws.`,
        };
    });
}

/**
 * Endpoint outputs (DNS names, URLs, ports) for resources that have them; `{}` otherwise.
 * The formats follow what AWS returns so outputs used in strings look right.
 */
export function endpointOutputs(f: EndpointFacts): Record<string, unknown> {
    const { token, name, id, hex, region, accountId, inputs } = f;
    switch (`${token.module}:${token.member}`) {
        case "lb:LoadBalancer": {
            const suffix = `app/${name}/${id.slice(-16)}`;
            return {
                dnsName: `${name}-${parseInt(hex.slice(0, 8), 16)}.${region}.elb.amazonaws.com`,
                zoneId: ALB_ZONE_BY_REGION[region] ?? ALB_ZONE_BY_REGION["us-east-1"],
                arnSuffix: suffix,
            };
        }
        case "lb:TargetGroup":
            return { arnSuffix: `targetgroup/${name}/${id.slice(-16)}` };
        case "rds:Instance": {
            const address = `${name}.c${hex.slice(0, 11)}.${region}.rds.amazonaws.com`;
            const port = dbPort(inputs);
            // With manageMasterUserPassword, RDS creates the master secret and reports its ARN.
            const masterUserSecrets = inputs.manageMasterUserPassword === true
                ? [{
                    secretArn: `arn:aws:secretsmanager:${region}:${accountId}:secret:rds!db-${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}-${hex.slice(32, 38)}`,
                    kmsKeyId: inputs.masterUserSecretKmsKeyId ?? `arn:aws:kms:${region}:${accountId}:alias/aws/secretsmanager`,
                    secretStatus: "active",
                }]
                : [];
            return { address, port, endpoint: `${address}:${port}`, resourceId: `db-${hex.slice(0, 26).toUpperCase()}`, masterUserSecrets };
        }
        case "rds:Cluster": {
            const host = `c${hex.slice(0, 11)}.${region}.rds.amazonaws.com`;
            return { endpoint: `${name}.cluster-${host}`, readerEndpoint: `${name}.cluster-ro-${host}`, port: dbPort(inputs) };
        }
        case "elasticache:ReplicationGroup": {
            const host = `${name}.${hex.slice(0, 6)}.${region}.cache.amazonaws.com`;
            return { primaryEndpointAddress: `master.${host}`, readerEndpointAddress: `replica.${host}`, port: inputs.port ?? REDIS_PORT };
        }
        case "elasticache:Cluster":
            return { cacheNodes: [{ id: "0001", address: `${name}.${hex.slice(0, 6)}.0001.cache.amazonaws.com`, port: inputs.port ?? REDIS_PORT }] };
        case "sqs:Queue":
            return { url: `https://sqs.${region}.amazonaws.com/${accountId}/${name}` };
        case "ecr:Repository":
            return { repositoryUrl: `${accountId}.dkr.ecr.${region}.amazonaws.com/${name}`, registryId: accountId };
        case "s3:Bucket":
        case "s3:BucketV2":
            return {
                bucketDomainName: `${name}.s3.amazonaws.com`,
                bucketRegionalDomainName: `${name}.s3.${region}.amazonaws.com`,
            };
        case "acm:Certificate":
            return { domainValidationOptions: validationOptions(inputs) };
        case "route53:Record":
            return { fqdn: String(inputs.name ?? name).replace(/\.$/, "") };
        case "synthetics:Canary": {
            // Synthetics runs the canary as the Lambda function `cwsyn-<name>-<uuid>`, version 1 at first.
            const fn = `cwsyn-${name}-${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
            return { engineArn: `arn:aws:lambda:${region}:${accountId}:function:${fn}:1`, status: "RUNNING" };
        }
        case "cloudfront:Distribution":
            return { domainName: `d${hex.slice(0, 13)}.cloudfront.net`, hostedZoneId: "Z2FDTNDATAQYW2" };
        default:
            return {};
    }
}
