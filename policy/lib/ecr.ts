/** A private ECR image URI (`<account>.dkr.ecr.<region>.amazonaws.com/<name>[:tag|@digest]`) → its parts. */
export function ecrImage(image: string): { account: string; region: string; repository: string } | undefined {
    const m = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com\/([^:@]+)/.exec(image);
    return m ? { account: m[1], region: m[2], repository: m[3] } : undefined;
}
