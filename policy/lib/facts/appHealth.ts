/**
 * How the application's containers answer health checks: the port each one listens on, the path
 * it answers a health probe on and with which status. The program states them in stack/compute.ts
 * (`serviceSpecs`: "names and ports are the application's contract (Django 8000, Next.js 3000)")
 * and docs/network-and-compute.md ("Health checks and ALLOWED_HOSTS"); the pack judges the
 * container's own check and its target group's check against them.
 */

/** What one application container serves to a health probe. */
export interface AppHealthContract {
    /** The port the application process listens on inside the container (plain HTTP: TLS ends at the load balancer). */
    port: number;
    /**
     * The environment variable naming the only path the app answers to a probe whose Host is an IP
     * (a load balancer's health check carries the target's IP, the container's own check
     * 127.0.0.1): Django refuses any other path with 400 (`ALLOWED_HOSTS`), and a middleware ahead
     * of that answers `$HEALTH_CHECK_PATH`. Undefined: the app does not validate Host and the
     * pack does not know its other paths (Next.js), so only the port is judged.
     */
    healthPathVariable?: string;
    /** The status the health path answers while the app is up. Undefined: not stated (not judged). */
    healthStatus?: number;
}

/** ExpertConnect's containers by container name (the ECS container definition's `name`). */
export const APP_HEALTH: Readonly<Record<string, AppHealthContract>> = {
    backend: { port: 8000, healthPathVariable: "HEALTH_CHECK_PATH", healthStatus: 200 },
    frontend: { port: 3000 },
};

/**
 * Seconds the program gives a container to boot before its health checks count: the start period
 * of the container health check (components/compute/containerDefinitions.ts, 60) and the service's
 * load-balancer grace period (components/compute/Service.ts, 60). A container check that declares
 * the container unhealthy sooner (start period plus retries times interval) has ECS stop every new
 * Django or Next.js task before it serves.
 */
export const APP_BOOT_SECONDS = 60;

/**
 * Seconds an automatic check may take to declare a failed task failed, from its first failed
 * probe: the load balancer's target check (unhealthyThreshold × interval) and a container's own
 * check (retries × interval). While it runs, the load balancer keeps sending users' requests to
 * the broken task. Four of the program's 30 s intervals. A task that never gets healthy is
 * replaced at most this long after its boot time (APP_BOOT_SECONDS): the ECS grace period and the
 * container's start period may not hold it longer.
 */
export const FAILURE_DETECTION_SECONDS = 120;

/**
 * Seconds Route 53's checks of a region may take to count it failed (failureThreshold ×
 * requestInterval). Failover records move users only once the other region is promoted, so a
 * region's detection is one step of the failover runbook: docs/disaster-recovery.md allows 2.5 min
 * for Route 53 to send users to dr (step 8). The program uses 3 × 30 s = 90 s; a check that
 * tolerates five failed probes (150 s, against a flapping endpoint) fits, ten (300 s) does not.
 */
export const REGION_FAILURE_DETECTION_SECONDS = 150;

/** Seconds ECS may take to replace a task that starts broken: the app's boot time, then the detection budget. */
export const TASK_REPLACEMENT_SECONDS = APP_BOOT_SECONDS + FAILURE_DETECTION_SECONDS;

/**
 * The longest the application takes to answer a request (Django's API calls, payments and credit
 * transactions among them; Next.js pages), in seconds. A task leaving a target group (a deploy, a
 * scale-in) keeps its in-flight requests for the group's deregistration delay: ECS waits for the
 * target to drain before it stops the task, so a delay shorter than this cuts requests at every
 * deploy and scale-in. The program's target groups drain for this long
 * (components/compute/LoadBalancer.ts); the pack's ecs-rollout-safety holds them to it.
 */
export const APP_REQUEST_SECONDS = 30;
