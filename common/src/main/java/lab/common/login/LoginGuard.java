package lab.common.login;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import lab.common.http.Problem;
import lab.common.users.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/**
 * Admission control for {@code POST /auth/login}, in the order that keeps a flood cheap: the
 * failed-login limits first (a Redis round trip, refused with 429), then a hashing slot (refused
 * with 503), and only then the password hash. Every failed login is logged with the user name and
 * the client address (never the password); refusals are logged at most once per 10 s.
 */
public final class LoginGuard {
    private static final Logger LOG = LoggerFactory.getLogger(LoginGuard.class);

    private final FailedLoginLimits limits;
    private final LoginAdmission admission;
    private final ThrottledLog refusals = new ThrottledLog(LOG, Duration.ofSeconds(10));

    public LoginGuard(LoginSettings settings, Optional<UnifiedJedis> redis) {
        this.limits = new FailedLoginLimits(settings, redis);
        this.admission = new LoginAdmission(settings.concurrency(), settings.queue(), settings.queueTimeout());
    }

    /** Runs {@code passwordCheck} if admitted: the user, or empty for a wrong password or unknown user. */
    public Optional<User> authenticate(String username, String clientAddress, Supplier<Optional<User>> passwordCheck) {
        refusedLogged(username, clientAddress, () -> {
            limits.admit(username, clientAddress);
            return null;
        });
        Optional<User> user = refusedLogged(username, clientAddress, () -> admission.run(passwordCheck));
        if (user.isEmpty()) {
            limits.recordFailure(username, clientAddress);
            LOG.warn("login failed: user={} address={}", username, clientAddress);
        }
        return user;
    }

    /** Hashing or waiting right now. */
    int admitted() {
        return admission.inside();
    }

    private <T> T refusedLogged(String username, String clientAddress, Supplier<T> step) {
        try {
            return step.get();
        } catch (Problem refused) {
            refusals.warn("login refused (" + refused.status() + " " + refused.type() + "): user=" + username
                    + " address=" + clientAddress);
            throw refused;
        }
    }
}
