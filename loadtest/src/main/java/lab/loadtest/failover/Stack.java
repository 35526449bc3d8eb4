package lab.loadtest.failover;

import java.net.http.HttpClient;
import lab.loadtest.http.LabApi;
import lab.loadtest.stats.Meter;

/** One stack under load: its name (redis, token, sticky), its API, its own HTTP client (own connections), its counters. */
record Stack(String name, LabApi api, HttpClient client, Meter meter) {
}
