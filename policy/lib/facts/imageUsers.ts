/**
 * Images whose default user (the last `USER` of their Dockerfile) is not root, by repository
 * (tag and digest aside). A container definition without `user` runs as its image's default user,
 * which is root for every image not listed here: the stack's own images included, since their
 * Dockerfiles are not known to the pack (the program sets `user` on their containers).
 */
export const NON_ROOT_IMAGE_USERS: Readonly<Record<string, string>> = {
    // AWS's X-Ray daemon: Dockerfile and Dockerfile.amazonlinux of github.com/aws/aws-xray-daemon
    // both `adduser -u 10001 xray` and end with `USER xray`; ECR Public and Docker Hub carry the same build.
    "public.ecr.aws/xray/aws-xray-daemon": "xray (uid 10001)",
    "docker.io/amazon/aws-xray-daemon": "xray (uid 10001)",
};

/**
 * The repository an image reference names, as Docker resolves it: without tag or digest, Docker
 * Hub spelled `docker.io` (its official images under `library/`).
 */
export function imageRepository(image: string): string {
    const withoutDigest = image.split("@")[0];
    const lastSlash = withoutDigest.lastIndexOf("/");
    const colon = withoutDigest.indexOf(":", lastSlash + 1);
    const name = colon === -1 ? withoutDigest : withoutDigest.slice(0, colon);
    const parts = name.split("/");
    // Docker reads the first part as a registry only when it looks like a host (a dot, a port, localhost).
    const hasRegistry = parts.length > 1 && (/[.:]/.test(parts[0]) || parts[0] === "localhost");
    const [registry, path] = hasRegistry ? [parts[0], parts.slice(1)] : ["docker.io", parts];
    if (!["docker.io", "index.docker.io", "registry-1.docker.io"].includes(registry)) {
        return name;
    }
    return ["docker.io", ...(path.length === 1 ? ["library"] : []), ...path].join("/");
}

/** The known non-root default user of `image`, undefined when its default is root or not known. */
export function nonRootDefaultUser(image: unknown): string | undefined {
    return typeof image === "string" ? NON_ROOT_IMAGE_USERS[imageRepository(image)] : undefined;
}
