/**
 * How far a container reaches beyond itself, judged as ECS and Docker apply its definition: the
 * user it runs as, the capabilities it holds beyond Docker's default set, the host paths and
 * devices it sees, the confinement it drops. Pure functions; ecs-no-privileged-containers reports.
 */
import { ContainerDefinition } from "../lib/containers";
import { normalizePath, pathWithin } from "../lib/facts/containerRuntime";
import { nonRootDefaultUser } from "../lib/facts/imageUsers";

/**
 * The capabilities Docker grants every container (moby `oci/caps/defaults.go`). Adding one of them
 * changes nothing; any other (SYS_PTRACE, SYS_ADMIN, NET_ADMIN, ALL …) crosses the container's
 * isolation: SYS_PTRACE reads and writes the memory of every process it can see (with pidMode task,
 * every container of the task), SYS_ADMIN mounts and escapes, NET_ADMIN rewrites the network.
 */
export const DOCKER_DEFAULT_CAPABILITIES: ReadonlySet<string> = new Set([
    "AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE",
    "NET_RAW", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
]);

/** Capabilities a container adds beyond Docker's default set, as written (`CAP_` prefix tolerated). */
export function capabilitiesBeyondDefault(add: unknown): string[] {
    return (Array.isArray(add) ? add : []).map(String)
        .filter(cap => !DOCKER_DEFAULT_CAPABILITIES.has(cap.trim().toUpperCase().replace(/^CAP_/, "")));
}

/**
 * Why a container runs as root, or undefined when it does not. `user` is `name|uid[:group|gid]`;
 * its user part `root` or a number equal to 0 (`0`, `00`) is root whatever the group. Without
 * `user` the container runs as its image's default user: root unless the image is one whose
 * non-root default the pack knows (policy/lib/facts/imageUsers.ts).
 */
export function rootReason(container: Pick<ContainerDefinition, "user" | "image">): string | undefined {
    // A number (`"user": 0`) is the uid it spells; anything else is no user.
    const written: unknown = container.user;
    const user = typeof written === "string" || typeof written === "number" ? String(written).trim() : "";
    if (user === "") {
        return nonRootDefaultUser(container.image) ? undefined
            : "sets no user, so it runs as its image's default user, root for an image whose non-root default is not known";
    }
    const name = user.split(":")[0];
    return name === "root" || (/^\d+$/.test(name) && Number(name) === 0) ? `runs as user ${JSON.stringify(user)}, which is root (uid 0)` : undefined;
}

/**
 * Host paths a container must not see: the container runtime's control sockets and state (a
 * container that reaches them starts privileged containers of its own), the ECS agent's state,
 * the host's kernel interfaces, configuration, credentials and binaries. A bind of one of them,
 * of a directory inside one, or of a directory that contains one (`/`, `/var`) exposes it.
 */
export const HOST_CONTROL_PATHS: readonly string[] = [
    "/var/run/docker.sock", "/run/docker.sock", "/var/run/containerd", "/run/containerd", "/var/lib/docker",
    "/var/lib/containerd", "/var/lib/ecs", "/proc", "/sys", "/dev", "/etc", "/root", "/home", "/boot",
    "/usr", "/bin", "/sbin", "/lib", "/lib64",
];

/** The sensitive host path a bind of `hostPath` exposes, undefined when it exposes none. */
export function exposedHostPath(hostPath: string): string | undefined {
    const path = normalizePath(hostPath);
    return HOST_CONTROL_PATHS.find(s => pathWithin(path, s) || pathWithin(s, path));
}

/** The parts of a task definition volume (the @pulumi/aws v7 input) that bind a host path. */
export interface TaskVolume {
    name?: string;
    hostPath?: string;
    dockerVolumeConfiguration?: { driver?: string; driverOpts?: Record<string, string> };
}

/**
 * The host path a volume binds: its `hostPath`, or a Docker `local` volume whose driver options
 * bind a host directory (`o: bind`, `device: /path`), which Docker mounts the same way.
 */
export function volumeHostPath(volume: TaskVolume): string | undefined {
    if (typeof volume.hostPath === "string" && volume.hostPath !== "") {
        return volume.hostPath;
    }
    const docker = volume.dockerVolumeConfiguration;
    const opts = docker?.driverOpts ?? {};
    const bind = String(opts.o ?? "").split(",").some(o => o.trim() === "bind" || o.trim() === "rbind");
    return (docker?.driver ?? "local") === "local" && bind && typeof opts.device === "string" ? opts.device : undefined;
}

/** Docker security options that switch a container's confinement off (AppArmor, SELinux, seccomp). */
export function unconfinedOptions(options: unknown): string[] {
    return (Array.isArray(options) ? options : []).map(String)
        .filter(o => /^(apparmor|seccomp)[:=]unconfined$|^label[:=]disable$/i.test(o.trim()));
}
