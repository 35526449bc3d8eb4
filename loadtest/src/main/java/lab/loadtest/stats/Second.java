package lab.loadtest.stats;

import java.util.Map;

/**
 * What one stack did during one second of a failover run (counted when the answers arrived).
 *
 * @param t            seconds since the start of the measured phase; this second is (t-1, t]
 * @param requests     API requests answered or failed (GET /api/me, POST /api/transfers), logins not included
 * @param ok           of those, 2xx
 * @param unauthorized of those, 401: the stack no longer knew the user
 * @param serverErrors 5xx, API requests and logins (nginx's 502/504 when no instance answered)
 * @param otherErrors  no answer at all (timeout, refused connection) or another 4xx, API requests and logins
 * @param logins       login requests answered or failed, initial and forced
 * @param reLogins     forced re-logins: users who got a 401 and had to log in again
 * @param latency      API request latencies (logins not included: they are slow on purpose)
 * @param instances    which instance answered how many requests ({@code X-Instance})
 * @param errors       what the failures other than 401 were, e.g. {@code HTTP 502}, {@code login HTTP 504},
 *                     {@code HttpTimeoutException}
 */
public record Second(int t, long requests, long ok, long unauthorized, long serverErrors, long otherErrors,
                     long logins, long reLogins, Latency latency, Map<String, Long> instances,
                     Map<String, Long> errors) {

    public long failures() {
        return unauthorized + serverErrors + otherErrors;
    }
}
