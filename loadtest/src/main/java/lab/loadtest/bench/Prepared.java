package lab.loadtest.bench;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import lab.loadtest.http.Account;
import lab.loadtest.http.Call;
import lab.loadtest.http.Credential;
import lab.loadtest.http.Exchanges;
import lab.loadtest.http.LabApi;
import lab.loadtest.http.Login;
import lab.loadtest.http.Reply;

/** A target after its preparation (logins, one sample request for the bytes): ready to be measured, or skipped. */
sealed interface Prepared permits Prepared.Ready, Prepared.Skipped {

    /** Logins wait longer than other requests: a PBKDF2 on a busy machine takes seconds (nginx gives it 15 s). */
    Duration LOGIN_TIMEOUT = Duration.ofSeconds(20);

    BenchTarget target();

    /** none, session, token; "?" when no login worked. */
    String mechanism();

    /** The calls to send, taken in turn (one per credential), and what one of them puts on the wire. */
    record Ready(BenchTarget target, String mechanism, List<Call> calls, WireBytes bytes) implements Prepared {
        Supplier<Call> supplier() {
            AtomicLong next = new AtomicLong();
            return () -> calls.get((int) (next.getAndIncrement() % calls.size()));
        }
    }

    /** Reported with the reason, not measured; {@code bytes} when the login worked but the request did not. */
    record Skipped(BenchTarget target, String mechanism, Optional<WireBytes> bytes, String error) implements Prepared {
    }

    /**
     * A plain URL gets one GET; a stack is logged into {@code logins} times, and GET /api/me is asked once;
     * a plain URL that carries a stack's credential, the same logins and the plain URL once.
     */
    static Prepared prepare(Exchanges exchanges, BenchTarget target, BenchPlan plan) {
        if (!target.plain()) {
            LabApi api = new LabApi(target.url(), plan.timeout(), LOGIN_TIMEOUT);
            return withLogins(exchanges, target, plan, api, api::me, "GET /api/me");
        }
        return target.carry().map(stack -> carrying(exchanges, target, plan, stack)).orElseGet(() -> plain(exchanges, target, plan));
    }

    /** The plain URL, with the credentials of logins at {@code stack}. */
    private static Prepared carrying(Exchanges exchanges, BenchTarget target, BenchPlan plan, URI stack) {
        LabApi api = new LabApi(stack, plan.timeout(), LOGIN_TIMEOUT);
        return withLogins(exchanges, target, plan, api,
                credential -> new Call("GET", target.url(), credential.headers(false), "", plan.timeout()),
                "GET " + target.url().getPath());
    }

    private static Prepared plain(Exchanges exchanges, BenchTarget target, BenchPlan plan) {
        Call call = Call.get(target.url(), plan.timeout());
        Reply reply = exchanges.send(call).join();
        WireBytes bytes = WireBytes.of(call, exchanges.userAgent(), new Credential.None(), reply, null);
        return reply.success() ? new Ready(target, "none", List.of(call), bytes)
                : new Skipped(target, "none", Optional.of(bytes), answer(reply));
    }

    private static Prepared withLogins(Exchanges exchanges, BenchTarget target, BenchPlan plan, LabApi api,
                                       Function<Credential, Call> request, String described) {
        List<Credential> credentials = new ArrayList<>();
        Reply firstLogin = null;
        for (int i = 0; i < plan.logins(); i++) {
            Account account = plan.accounts().get(i % plan.accounts().size());
            Reply login = exchanges.send(api.login(account)).join();
            Optional<Credential> credential = Login.credential(login);
            if (credential.isEmpty()) {
                return new Skipped(target, "?", Optional.empty(), "login: " + answer(login));
            }
            firstLogin = firstLogin == null ? login : firstLogin;
            credentials.add(credential.get());
        }
        List<Call> calls = credentials.stream().map(request).toList();
        Reply sample = exchanges.send(calls.get(0)).join();
        Credential first = credentials.get(0);
        // A carried credential is not checked by anyone: the target authenticates nothing.
        String mechanism = target.plain() ? "none, carries a " + first.mechanism() : first.mechanism();
        WireBytes bytes = WireBytes.of(calls.get(0), exchanges.userAgent(), first, sample, firstLogin);
        return sample.success() ? new Ready(target, mechanism, calls, bytes)
                : new Skipped(target, mechanism, Optional.of(bytes), described + ": " + answer(sample));
    }

    private static String answer(Reply reply) {
        return reply.failure() != null ? reply.failure().toString() : "HTTP " + reply.status();
    }
}
