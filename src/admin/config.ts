/**
 * The `admin` section: health, readiness and Prometheus metrics on a port of their own, apart
 * from the web app. The web app sits behind the reverse proxy that users reach and may be off;
 * probes and the metrics scraper belong on the operations network, and a port of its own lets the
 * firewall say so without path rules in the proxy. Absent means no admin port.
 */
import { z } from 'zod';
import { duration } from '../queue/config.ts';

export const adminConfigSchema = z
  .object({
    /** Loopback by default: open it to the monitoring network deliberately. */
    host: z.string().default('127.0.0.1'),
    port: z.number().int().min(0).max(65535).default(9025),
    /** Give up on reaching the smart host after this long (readiness). */
    probeTimeout: duration.default(3_000),
    /** Reuse the smart host's answer this long, so frequent probes do not open a connection each. */
    probeCache: duration.default(10_000),
  })
  .strict();

export type AdminConfig = z.infer<typeof adminConfigSchema>;
