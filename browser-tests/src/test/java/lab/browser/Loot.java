package lab.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import lab.harness.LabStack;
import org.awaitility.Awaitility;

/**
 * What steal.js sent to the attacker's {@code POST /loot}, as nginx logged it at /loot.log: one
 * JSON line per request, its body steal.js's {@code {what, port, value}}. Emptied at every start of
 * nginx (nginx/start.sh).
 */
record Loot(List<Loot.Item> items) {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Everything the script takes when it works, with the token stack in the header: the test waits for all of it. */
    static final Set<String> WITH_HEADER_TOKENS = Set.of("document.cookie 8080", "access_token 8082", "refresh_token 8082",
            "csrf_token 8081", "csrf_token 8083", "forged-transfer-status 8081", "forged-transfer-status 8083");
    /** The same with the token stack's TOKEN_TRANSPORT=cookie: a CSRF token and a forged transfer there too, no token. */
    /** The same with DPOP=on: the token still, and the page's Transfer button pressed by the script. */
    static final Set<String> WITH_DPOP = Set.of("document.cookie 8080", "access_token 8082", "refresh_token 8082",
            "authorization_header 8082", "pressed-transfer 8082", "forged-transfer-status 8081", "forged-transfer-status 8083");
    static final Set<String> WITH_COOKIE_TOKENS = Set.of("document.cookie 8080", "csrf_token 8081", "csrf_token 8082",
            "csrf_token 8083", "forged-transfer-status 8081", "forged-transfer-status 8082", "forged-transfer-status 8083");

    record Item(String received, String what, String port, String value) {
        String key() {
            return what + " " + port;
        }
    }

    static List<Item> read() {
        return Http.get(LabStack.forBrowser().attacker() + "loot.log", Map.of()).body().lines()
                .filter(line -> !line.isBlank()).map(Loot::parse).toList();
    }

    /** The items logged after the first {@code mark} (the log outlives a test when nginx is not recreated). */
    static List<Item> since(int mark) {
        List<Item> all = read();
        return all.subList(Math.min(mark, all.size()), all.size());
    }

    static Loot await(Duration within, int mark, Set<String> complete) {
        List<Item> items = Awaitility.await("steal.js's loot: " + complete).atMost(within).pollInterval(Duration.ofMillis(250))
                .until(() -> since(mark), got -> got.stream().map(Item::key).collect(Collectors.toSet()).containsAll(complete));
        return new Loot(items);
    }

    boolean has(String what, String port) {
        return items.stream().anyMatch(i -> i.what().equals(what) && i.port().equals(port));
    }

    /** The latest value sent for this kind and port. */
    String value(String what, String port) {
        return items.stream().filter(i -> i.what().equals(what) && i.port().equals(port)).reduce((a, b) -> b)
                .map(Item::value).orElseThrow(() -> new AssertionError("no " + what + " for :" + port + " in " + items));
    }

    private static Item parse(String line) {
        try {
            JsonNode logged = JSON.readTree(line);
            JsonNode body = JSON.readTree(logged.path("body").asText());
            return new Item(logged.path("received").asText(), body.path("what").asText(), body.path("port").asText(),
                    body.path("value").asText());
        } catch (IOException e) {
            throw new UncheckedIOException("an unreadable line in /loot.log: " + line, e);
        }
    }
}
