import { z } from "zod";

import { CPU_SCALING_RESPONSE, SERVING_CAPACITY } from "../policy/lib/facts/servingCapacity";

/** One application service (backend or frontend). */
const serviceSchema = z
    .strictObject({
        /**
         * Image tag deployed from the service's ECR repository. Tags are immutable, so a
         * moving tag such as `latest` cannot be redeployed and is rejected.
         */
        imageTag: z
            .string()
            .regex(/^(?!latest$)[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, "an immutable image tag (not `latest`)")
            .default("v1.0.0"),
        /**
         * Fargate task CPU units. The app's container must keep its need after the X-Ray sidecar's
         * share (policy/lib/facts/taskSizing.ts; checked by components/compute/Service.ts). @default 512
         */
        cpu: z.union([z.literal(256), z.literal(512), z.literal(1024), z.literal(2048), z.literal(4096)]).default(512),
        /**
         * Fargate task memory in MiB; a size Fargate offers with the CPU size, leaving the app its
         * need after the X-Ray sidecar's reservation. @default 1024
         */
        memory: z.number().int().min(512).max(30720).default(1024),
        /** Tasks the service starts with; later changes come from auto scaling. @default 2 */
        desiredCount: z.number().int().min(0).max(50).default(2),
        /** Auto-scaling floor (the guide: 1; the pack requires at least it while the stack serves). @default 1 */
        minCapacity: z.number().int().min(0).max(50).default(SERVING_CAPACITY.minCapacity),
        /** Auto-scaling ceiling (the guide: 5; the pack requires at least it while the stack serves). @default 5 */
        maxCapacity: z.number().int().min(1).max(50).default(SERVING_CAPACITY.maxCapacity),
        /** CPU target of the target-tracking policy, in percent (at most 90: the pack's bound). @default 70 */
        cpuTargetPercent: z.number().int().min(10).max(CPU_SCALING_RESPONSE.maxTargetPercent).default(70),
        /** Memory target of the second target-tracking policy, in percent. @default 75 */
        memoryTargetPercent: z.number().int().min(10).max(90).default(75),
        /** Target-group health-check path. @default "/health" */
        healthCheckPath: z.string().regex(/^\/[A-Za-z0-9/_.-]*$/, "an absolute URL path").default("/health"),
    })
    .prefault({});

/** `expertconnect:services` — the backend (Django) and frontend (Next.js) services. */
export const servicesSchema = z
    .strictObject({
        backend: serviceSchema,
        frontend: serviceSchema,
        /** Run the guide's X-Ray daemon sidecar in every task. @default false */
        xray: z.boolean().default(false),
    })
    .prefault({});

export type ServicesConfig = z.infer<typeof servicesSchema>;
