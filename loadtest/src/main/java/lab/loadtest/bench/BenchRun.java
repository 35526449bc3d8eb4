package lab.loadtest.bench;

import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import lab.loadtest.Version;
import lab.loadtest.docker.ComposeDocker;
import lab.loadtest.http.Account;
import lab.loadtest.http.Credential;
import lab.loadtest.http.Exchanges;
import lab.loadtest.http.LabApi;
import lab.loadtest.http.Login;
import lab.loadtest.http.Reply;
import lab.loadtest.report.BenchReports;
import lab.loadtest.stats.Machine;

/**
 * A bench run: prepare every target (log in, one sample request for the bytes), then the closed model
 * for each target in turn with the server counters read around it, then the open model for each at
 * one common rate. Targets run one after the other, never together: each has the machine to itself.
 */
final class BenchRun {
    /** Unmeasured time at the start of each closed-model run, after the warm-up round: the pipeline fills. */
    private static final Duration SETTLE = Duration.ofSeconds(1);

    private final BenchCommand options;
    private final List<BenchTarget> targets;
    private final List<Account> accounts;
    private final PrintStream out;

    BenchRun(BenchCommand options, List<BenchTarget> targets, List<Account> accounts, PrintStream out) {
        this.options = options;
        this.targets = targets;
        this.accounts = accounts;
        this.out = out;
    }

    /** A target ready to be measured: its own client (own connections) and the requests to send, taken in turn. */
    private record Prepared(BenchTarget target, List<HttpClient> clients, String mechanism, List<HttpRequest> requests,
                            WireBytes bytes, String error) {
        Supplier<HttpRequest> supplier() {
            AtomicLong next = new AtomicLong();
            return () -> requests.get((int) (next.getAndIncrement() % requests.size()));
        }
    }

    int run() throws Exception {
        String startedAt = Instant.now().toString();
        double loadBefore = Machine.load();
        AtomicReference<String> why = new AtomicReference<>("--no-docker");
        Optional<ComposeDocker> docker = options.noDocker ? Optional.empty() : ComposeDocker.connect(options.composeProject, why);
        String costSource = docker.map(d -> "measured: " + d.describe()).orElse("not measured (" + why.get() + ")");
        out.println("server CPU and Redis counters: " + costSource);
        ServerCost costs = new ServerCost(docker, options.redisService);
        Exchanges exchanges = new Exchanges();
        try {
            List<Prepared> prepared = new ArrayList<>();
            for (BenchTarget target : targets) {
                Prepared p = prepare(exchanges, target);
                out.printf("  %-16s %-8s %s%s%n", target.name(), p.mechanism(), target.url(),
                        p.error() == null ? "" : "  SKIPPED: " + p.error());
                prepared.add(p);
            }
            Prepared base = prepared.stream().filter(p -> p.target().name().equals(options.baseline)).findFirst().orElseThrow();
            if (base.error() != null) {
                out.println("the baseline " + options.baseline + " does not answer: is the lab up (docker compose ps)?");
                return 2;
            }

            // Every target warms up before any is measured: targets share instances (no-auth and
            // memory-session both run on the sticky ones), and the first measured must not be the
            // only one measured with cold JIT compilers.
            if (!options.warmup.isZero()) {
                out.printf("%nwarm-up: %ds per target, all targets before any measurement%n", options.warmup.toSeconds());
                for (Prepared p : prepared) {
                    if (p.error() == null) {
                        ClosedModel.run(exchanges, p.clients(), p.supplier(), options.concurrency, Duration.ZERO, options.warmup);
                    }
                }
            }
            // Rounds: each target is measured in several short turns, interleaved with the others, so
            // that a change in the background load of the machine falls on every target alike.
            int rounds = options.rounds;
            Duration closedTurn = options.duration.dividedBy(rounds);
            Duration openTurn = options.openDuration.dividedBy(rounds);
            Duration settle = options.warmup.compareTo(SETTLE) < 0 ? options.warmup : SETTLE;
            List<List<ClosedModel.Result>> closedRounds = emptyLists(prepared.size());
            List<List<ServerCost.Cost>> costRounds = emptyLists(prepared.size());
            out.printf("%nclosed model: %d in flight, %d rounds of %d ms per target (each after %d ms unmeasured)%n",
                    options.concurrency, rounds, closedTurn.toMillis(), settle.toMillis());
            // One snapshot between consecutive turns serves as the end of one and the start of the next
            // (reading every container's counters takes seconds on a busy machine).
            ServerCost.Snapshot before = costs.snapshot();
            for (int round = 1; round <= rounds; round++) {
                for (int i = 0; i < prepared.size(); i++) {
                    Prepared p = prepared.get(i);
                    if (p.error() != null) {
                        continue;
                    }
                    ClosedModel.Result result = ClosedModel.run(exchanges, p.clients(), p.supplier(), options.concurrency,
                            settle, closedTurn);
                    ServerCost.Snapshot after = costs.snapshot();
                    ServerCost.Cost c = ServerCost.between(before, after, result.total(), options.redisService, ServerCost.path(result));
                    before = after;
                    closedRounds.get(i).add(result);
                    costRounds.get(i).add(c);
                    out.printf(Locale.ROOT, "  %d/%d %-16s %9.1f req/s  p50 %7.2f ms  p99 %7.2f ms  errors %d  generator %.1f µs/req%s%n",
                            round, rounds, p.target().name(), result.throughput(), result.latency().p50(), result.latency().p99(),
                            result.errors(), c.generatorCpuMicros(), costs.available() ? String.format(Locale.ROOT,
                                    "  servers %.1f µs/req  redis %.2f cmd/req", c.serverCpuMicros(), c.redisCommandsTotal()) : "");
                }
            }
            List<ClosedModel.Result> closed = new ArrayList<>();
            List<ServerCost.Cost> cost = new ArrayList<>();
            for (int i = 0; i < prepared.size(); i++) {
                closed.add(closedRounds.get(i).isEmpty() ? null : ClosedModel.Result.combine(closedRounds.get(i)));
                cost.add(costRounds.get(i).isEmpty() ? null : ServerCost.Cost.combine(costRounds.get(i)));
            }

            double rate = openRate(closed);
            String rateSource = options.rate != null ? "--rate" : "half the lowest closed-model throughput of this run";
            List<List<OpenModel.Result>> openRounds = emptyLists(prepared.size());
            if (!options.openDuration.isZero()) {
                out.printf(Locale.ROOT, "%nopen model: %.0f req/s (%s), %d rounds of %d ms per target%n", rate, rateSource,
                        rounds, openTurn.toMillis());
                for (int round = 1; round <= rounds; round++) {
                    for (int i = 0; i < prepared.size(); i++) {
                        Prepared p = prepared.get(i);
                        if (p.error() != null) {
                            continue;
                        }
                        OpenModel.Result result = OpenModel.run(exchanges, p.clients(), p.supplier(), rate, openTurn,
                                options.maxInFlight);
                        openRounds.get(i).add(result);
                        out.printf(Locale.ROOT, "  %d/%d %-16s %9.1f req/s  p50 %7.2f ms  p99 %8.2f ms  p99.9 %8.2f ms  "
                                        + "(service p99 %.2f ms, send lag max %.1f ms)%n", round, rounds, p.target().name(),
                                result.achievedRate(), result.latency().p50(), result.latency().p99(), result.latency().p999(),
                                result.serviceTime().p99(), result.maxSendLagMs());
                    }
                }
            }
            List<OpenModel.Result> open = new ArrayList<>();
            for (List<OpenModel.Result> r : openRounds) {
                open.add(r.isEmpty() ? null : OpenModel.Result.combine(r));
            }

            BenchResult result = result(startedAt, Machine.since(loadBefore), costSource, prepared, closed, open, cost, rate, rateSource);
            out.println();
            out.println(BenchReports.markdown(result));
            for (Path path : BenchReports.write(result, options.out)) {
                out.println("wrote " + path);
            }
            return 0;
        } finally {
            docker.ifPresent(ComposeDocker::close);
        }
    }

    private static <T> List<List<T>> emptyLists(int n) {
        List<List<T>> lists = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            lists.add(new ArrayList<>());
        }
        return lists;
    }

    private Prepared prepare(Exchanges exchanges, BenchTarget target) {
        List<HttpClient> clients = new ArrayList<>();
        for (int i = 0; i < options.clients; i++) {
            clients.add(exchanges.newClient());
        }
        HttpClient client = clients.get(0);
        if (target.plain()) {
            HttpRequest request = LabApi.plainGet(target.url(), options.timeout);
            Reply reply = exchanges.send(client, request).join();
            String error = reply.success() ? null : answer(reply);
            return new Prepared(target, clients, "none", List.of(request),
                    WireBytes.of(request, "", new Credential.None(), reply, null), error);
        }
        LabApi api = new LabApi(target.url(), options.timeout, Duration.ofSeconds(15));
        List<HttpRequest> requests = new ArrayList<>();
        Credential first = null;
        Reply firstLogin = null;
        for (int i = 0; i < options.logins; i++) {
            Reply login = exchanges.send(client, api.login(accounts.get(i % accounts.size()))).join();
            Optional<Credential> credential = Login.credential(login);
            if (credential.isEmpty()) {
                return new Prepared(target, clients, "?", List.of(), null, "login: " + answer(login));
            }
            if (first == null) {
                first = credential.get();
                firstLogin = login;
            }
            requests.add(api.me(credential.get()));
        }
        Reply sample = exchanges.send(client, requests.get(0)).join();
        String error = sample.success() ? null : "GET /api/me: " + answer(sample);
        return new Prepared(target, clients, first.mechanism(), requests,
                WireBytes.of(requests.get(0), "", first, sample, firstLogin), error);
    }

    private static String answer(Reply reply) {
        return reply.failure() != null ? reply.failure().toString() : "HTTP " + reply.status();
    }

    private double openRate(List<ClosedModel.Result> closed) {
        if (options.rate != null) {
            return options.rate;
        }
        double lowest = closed.stream().filter(r -> r != null && r.throughput() > 0)
                .mapToDouble(ClosedModel.Result::throughput).min().orElse(100);
        return Math.max(10, Math.floor(lowest / 2));
    }

    private BenchResult result(String startedAt, Machine machine, String costSource, List<Prepared> prepared, List<ClosedModel.Result> closed,
                               List<OpenModel.Result> open, List<ServerCost.Cost> cost, double rate, String rateSource) {
        int b = indexOf(prepared, options.baseline);
        List<BenchResult.TargetResult> results = new ArrayList<>();
        List<Capacity> capacity = new ArrayList<>();
        for (int i = 0; i < prepared.size(); i++) {
            Prepared p = prepared.get(i);
            BenchResult.Ratios ratios = p.error() != null ? BenchResult.Ratios.NONE
                    : ratios(closed.get(i), closed.get(b), open.get(i), open.get(b), cost.get(i), cost.get(b));
            results.add(new BenchResult.TargetResult(p.target().name(), p.target().url().toString(), p.mechanism(),
                    p.error(), p.bytes(), closed.get(i), open.get(i), cost.get(i), ratios));
            if (p.error() == null && !p.target().plain() && cost.get(i) != null && !cost.get(i).cpuMicros().isEmpty()) {
                capacity.add(Capacity.of(p.target().name(), p.mechanism(), cost.get(i)));
            }
        }
        BenchResult.Settings settings = new BenchResult.Settings(options.concurrency, options.rounds, options.warmup.toMillis() / 1000.0,
                options.duration.toMillis() / 1000.0, options.openDuration.toMillis() / 1000.0, rate, rateSource, options.logins);
        return new BenchResult("loadtest " + Version.tool(), startedAt, machine, settings, options.baseline, costSource, results, capacity);
    }

    private static BenchResult.Ratios ratios(ClosedModel.Result closed, ClosedModel.Result baseClosed, OpenModel.Result open,
                                             OpenModel.Result baseOpen, ServerCost.Cost cost, ServerCost.Cost baseCost) {
        boolean hasOpen = open != null && baseOpen != null;
        boolean hasCost = cost != null && baseCost != null && !cost.cpuMicros().isEmpty();
        return new BenchResult.Ratios(ratio(closed.throughput(), baseClosed.throughput()),
                ratio(closed.latency().p50(), baseClosed.latency().p50()), ratio(closed.latency().p99(), baseClosed.latency().p99()),
                hasOpen ? ratio(open.latency().p50(), baseOpen.latency().p50()) : 0,
                hasOpen ? ratio(open.latency().p99(), baseOpen.latency().p99()) : 0,
                hasCost ? ratio(cost.serverCpuMicros(), baseCost.serverCpuMicros()) : 0);
    }

    static double ratio(double value, double base) {
        return base <= 0 ? 0 : Math.round(value / base * 100.0) / 100.0;
    }

    private static int indexOf(List<Prepared> prepared, String name) {
        for (int i = 0; i < prepared.size(); i++) {
            if (prepared.get(i).target().name().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException(name);
    }
}
