/**
 * On-demand list prices the cost estimate uses, in USD, for the two regions the stacks live in.
 *
 * Every figure names the AWS pricing page it comes from and the date it was read. The AWS pages
 * render their tables with JavaScript, so each figure was also checked against a published
 * third-party breakdown of the same page (`checkedAgainst`) where one was found. When AWS changes a
 * price, update the figure, its `asOf` date and, if the rate now differs, the region it differs in.
 *
 * Free tiers are ignored on purpose: the estimate is for a production account past its first year.
 */

/** Regions the table covers: prod (us-east-1) and dr (us-west-2). */
export const PRICED_REGIONS = ["us-east-1", "us-west-2"] as const;
export type PricedRegion = (typeof PRICED_REGIONS)[number];

/** The date every figure below was read from its source. */
export const PRICES_AS_OF = "2026-11-28";

/**
 * Hours in a billing month as the AWS Pricing Calculator counts them (8,760 h / 12).
 * Source: https://docs.aws.amazon.com/pricing-calculator/latest/userguide/pricing-assumptions.html
 */
export const HOURS_PER_MONTH = 730;

/** One price: the rate in each region, its unit and where it comes from. */
export interface Price {
    /** Rate per unit, per region. */
    usd: Record<PricedRegion, number>;
    /** What one unit is, e.g. "vCPU-hour". */
    unit: string;
    /** The AWS pricing page the figure is read from. */
    source: string;
    /** A public breakdown the figure was checked against, when one was found. */
    checkedAgainst?: string;
    /** Date the figure was read. */
    asOf: string;
}

/** A price that is the same in both regions (true of most list prices in us-east-1 and us-west-2). */
function both(usd: number, unit: string, source: string, checkedAgainst?: string): Price {
    return { usd: { "us-east-1": usd, "us-west-2": usd }, unit, source, asOf: PRICES_AS_OF, ...(checkedAgainst ? { checkedAgainst } : {}) };
}

const FARGATE = "https://aws.amazon.com/fargate/pricing/";
const RDS_POSTGRES = "https://aws.amazon.com/rds/postgresql/pricing/";
const ELASTICACHE = "https://aws.amazon.com/elasticache/pricing/";
const VPC = "https://aws.amazon.com/vpc/pricing/";
const ELB = "https://aws.amazon.com/elasticloadbalancing/pricing/";
const KMS = "https://aws.amazon.com/kms/pricing/";
const CLOUDWATCH = "https://aws.amazon.com/cloudwatch/pricing/";
const SECRETS = "https://aws.amazon.com/secrets-manager/pricing/";
const WAF = "https://aws.amazon.com/waf/pricing/";
const ROUTE53 = "https://aws.amazon.com/route53/pricing/";

/** Fargate, Linux/x86, per second billed; quoted per hour. */
export const fargate = {
    vcpuHour: both(0.04048, "vCPU-hour", FARGATE, "https://www.vantage.sh/blog/fargate-pricing"),
    gbHour: both(0.004445, "GB-hour", FARGATE, "https://www.vantage.sh/blog/fargate-pricing"),
};

/**
 * RDS for PostgreSQL Single-AZ instance-hours by class. Multi-AZ (one standby) is exactly twice
 * the Single-AZ rate on the same page; a cross-region read replica is billed as a Single-AZ instance.
 */
export const rdsPostgresInstanceHour: Record<string, Price> = {
    "db.t3.micro": both(0.018, "instance-hour", RDS_POSTGRES),
    "db.t3.small": both(0.036, "instance-hour", RDS_POSTGRES),
    "db.t3.medium": both(0.072, "instance-hour", RDS_POSTGRES),
    "db.t3.large": both(0.145, "instance-hour", RDS_POSTGRES),
    "db.t4g.micro": both(0.016, "instance-hour", RDS_POSTGRES, "https://infratally.com/articles/aws-rds-pricing-explained-2026.html"),
    "db.t4g.small": both(0.032, "instance-hour", RDS_POSTGRES, "https://infratally.com/articles/aws-rds-pricing-explained-2026.html"),
    "db.t4g.medium": both(0.065, "instance-hour", RDS_POSTGRES, "https://infratally.com/articles/aws-rds-pricing-explained-2026.html"),
    "db.t4g.large": both(0.129, "instance-hour", RDS_POSTGRES),
    "db.m5.large": both(0.178, "instance-hour", RDS_POSTGRES),
    "db.r5.large": both(0.25, "instance-hour", RDS_POSTGRES),
};

/** RDS General Purpose (gp2/gp3) storage per GB-month, Single-AZ; Multi-AZ pays for both copies. */
export const rdsStorageGbMonth = both(0.115, "GB-month", RDS_POSTGRES, "https://www.usage.ai/blogs/aws/reserved-instances/rds/pricing-calculator/");

/**
 * RDS Provisioned IOPS SSD storage (io1, io2), per GB-month and per provisioned IOPS-month,
 * Single-AZ; Multi-AZ pays for both copies, as for General Purpose storage.
 */
export const rdsProvisionedIopsStorage: Record<"io1" | "io2", { gbMonth: Price; iopsMonth: Price }> = {
    io1: { gbMonth: both(0.125, "GB-month", RDS_POSTGRES), iopsMonth: both(0.1, "IOPS-month", RDS_POSTGRES) },
    io2: { gbMonth: both(0.125, "GB-month", RDS_POSTGRES), iopsMonth: both(0.1, "IOPS-month", RDS_POSTGRES) },
};

/**
 * RDS gp3 storage beyond its included baseline: each provisioned IOPS-month and MiB/s-month above
 * it. The baseline (RDS user guide, "gp3 storage"; PostgreSQL) is 3,000 IOPS and 125 MiB/s below
 * 400 GiB, 12,000 IOPS and 500 MiB/s from 400 GiB.
 */
export const rdsGp3Extra = {
    iopsMonth: both(0.02, "IOPS-month", RDS_POSTGRES, "https://www.usage.ai/blogs/aws/reserved-instances/rds/pricing-calculator/"),
    throughputMibpsMonth: both(0.08, "MiBps-month", RDS_POSTGRES),
    baseline: (gb: number): { iops: number; mibps: number } => (gb >= 400 ? { iops: 12000, mibps: 500 } : { iops: 3000, mibps: 125 }),
};

/** ElastiCache (Redis OSS) on-demand node-hours by node type. */
export const elasticacheNodeHour: Record<string, Price> = {
    "cache.t3.micro": both(0.017, "node-hour", ELASTICACHE, "https://dragonflydb.io/finops/elasticache/cache.t3.micro"),
    "cache.t3.small": both(0.034, "node-hour", ELASTICACHE),
    "cache.t3.medium": both(0.068, "node-hour", ELASTICACHE),
    "cache.t4g.micro": both(0.016, "node-hour", ELASTICACHE),
    "cache.t4g.small": both(0.032, "node-hour", ELASTICACHE),
    "cache.t4g.medium": both(0.065, "node-hour", ELASTICACHE),
    "cache.m6g.large": both(0.149, "node-hour", ELASTICACHE),
    "cache.r6g.large": both(0.206, "node-hour", ELASTICACHE),
};

/** NAT gateway hours (data processed is usage and not estimated). */
export const natGatewayHour = both(0.045, "gateway-hour", VPC, "https://basavytix.com/blog/aws-nat-gateway-pricing");

/** Public IPv4 address, in use or idle (charged since 2024-02-01). */
export const publicIpv4Hour = both(0.005, "address-hour", VPC, "https://cloudburn.io/blog/aws-nat-gateway-pricing");

/** Interface VPC endpoint, per AZ it has a network interface in. */
export const interfaceEndpointAzHour = both(0.01, "endpoint-AZ-hour", "https://aws.amazon.com/privatelink/pricing/", "https://www.egresscost.com/nat-gateway");

/** Application Load Balancer hours (LCUs are usage and not estimated). */
export const albHour = both(0.0225, "load-balancer-hour", ELB);

/** Customer managed KMS key (a multi-Region replica key is billed as a key too). */
export const kmsKeyMonth = both(1, "key-month", KMS);

/** CloudWatch standard-resolution alarm, per metric it evaluates. */
export const alarmStandardMonth = both(0.1, "alarm-metric-month", CLOUDWATCH, "https://c3x.dev/resources/aws/aws_cloudwatch_metric_alarm");

/** CloudWatch high-resolution (period under 60 s) alarm, per metric it evaluates. */
export const alarmHighResolutionMonth = both(0.3, "alarm-metric-month", CLOUDWATCH, "https://c3x.dev/resources/aws/aws_cloudwatch_metric_alarm");

/** CloudWatch composite alarm. */
export const compositeAlarmMonth = both(0.5, "alarm-month", CLOUDWATCH, "https://c3x.dev/resources/aws/aws_cloudwatch_metric_alarm");

/** CloudWatch custom dashboard. */
export const dashboardMonth = both(3, "dashboard-month", CLOUDWATCH, "https://www.factualminds.com/blog/amazon-cloudwatch-pricing-metrics-logs-alarms-dashboards.md");

/** Secrets Manager secret (API calls are usage and not estimated). */
export const secretMonth = both(0.4, "secret-month", SECRETS);

/** AWS WAF web ACL and each rule or rule group in it (requests are usage and not estimated). */
export const wafWebAclMonth = both(5, "web-ACL-month", WAF);
export const wafRuleMonth = both(1, "rule-month", WAF);

/** Route 53 hosted zone and health check on an AWS endpoint. */
export const hostedZoneMonth = both(0.5, "hosted-zone-month", ROUTE53);
export const healthCheckMonth = both(0.5, "health-check-month", ROUTE53);
