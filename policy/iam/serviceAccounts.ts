/**
 * Accounts AWS runs a service from, which a resource policy names as an AWS principal. Elastic
 * Load Balancing delivers access logs from one account per region (in regions opened before
 * August 2022), and its bucket policy must name that account: it may put objects, nothing more.
 * Source: "Enable access logs for your Application Load Balancer", Elastic Load Balancing
 * User Guide (the same table as the provider's aws.elb.getServiceAccount).
 */
export const ELB_LOG_DELIVERY_ACCOUNTS: Readonly<Record<string, string>> = {
    "us-east-1": "127311923021", "us-east-2": "033677994240", "us-west-1": "027434742980", "us-west-2": "797873946194",
    "af-south-1": "098369216593", "ca-central-1": "985666609251", "eu-central-1": "054676820928", "eu-west-1": "156460612806",
    "eu-west-2": "652711504416", "eu-south-1": "635631232127", "eu-west-3": "009996457667", "eu-north-1": "897822967062",
    "ap-east-1": "754344448648", "ap-northeast-1": "582318560864", "ap-northeast-2": "600734575887", "ap-northeast-3": "383597477331",
    "ap-southeast-1": "114774131450", "ap-southeast-2": "783225319266", "ap-southeast-3": "589379963580", "ap-south-1": "718504428378",
    "me-south-1": "076674570225", "sa-east-1": "507241528517",
};

/** Each AWS service account with the only actions it may be granted. */
export const SERVICE_ACCOUNT_ACTIONS: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
    Object.values(ELB_LOG_DELIVERY_ACCOUNTS).map(account => [account, ["s3:PutObject"]]));
