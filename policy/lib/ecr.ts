/**
 * A private ECR image URI by the registry's IPv4 endpoint (`<account>.dkr.ecr.<region>.amazonaws.com/<name>[:tag|@digest]`)
 * → its parts; undefined for any other spelling (see ecrRegistryImage).
 */
export function ecrImage(image: string): { account: string; region: string; repository: string } | undefined {
    const parts = ecrRegistryImage(image);
    return parts && image.startsWith(parts.url) ? { account: parts.account, region: parts.region, repository: parts.repository } : undefined;
}

/**
 * A private ECR image by any of a registry's endpoints (AWS General Reference, "Amazon ECR
 * endpoints"): IPv4 `dkr.ecr.<region>.amazonaws.com`, FIPS `dkr.ecr-fips.…`, dual-stack
 * `dkr-ecr.<region>.on.aws` and `dkr-ecr-fips.…` (commercial partition).
 * Each names one region's registry whichever way it is spelt; `url` is the repository's
 * `repositoryUrl` (the IPv4 spelling). `ecrImage` keeps to the IPv4 spelling: the pull paths
 * assume it (dual-stack endpoints carry no PrivateLink traffic).
 */
export function ecrRegistryImage(image: string): { account: string; region: string; repository: string; url: string } | undefined {
    const m = /^(\d{12})\.(?:dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com|dkr-ecr(?:-fips)?\.([a-z0-9-]+)\.on\.aws)\/([^:@]+)/.exec(image);
    if (!m) return undefined;
    const region = m[2] ?? m[3];
    return { account: m[1], region, repository: m[4], url: `${m[1]}.dkr.ecr.${region}.amazonaws.com/${m[4]}` };
}

/**
 * The AWS-owned bucket ECR keeps a region's image layers in: a pull downloads them from it through
 * S3 (and the VPC's S3 endpoint), so an endpoint policy must let `s3:GetObject` on its objects
 * through (ECR user guide, "Amazon ECR interface VPC endpoints": "Minimum Amazon S3 bucket
 * permissions for Amazon ECR").
 */
export function layerBucket(region: string): string {
    return `prod-${region}-starport-layer-bucket`;
}
