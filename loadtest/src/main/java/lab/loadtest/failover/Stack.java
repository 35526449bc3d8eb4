package lab.loadtest.failover;

import lab.loadtest.http.LabApi;
import lab.loadtest.stats.Meter;

/** One stack under load: its name (redis, token, sticky), its API, its counters. */
record Stack(String name, LabApi api, Meter meter) {
}
