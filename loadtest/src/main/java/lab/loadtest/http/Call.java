package lab.loadtest.http;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * One request as data: method, URL, the headers this tool adds, an optional JSON body. A client's
 * request object can be sent once only; a {@code Call} is made once (e.g. per credential) and sent
 * as often as needed, which keeps the load loops free of request building.
 */
public record Call(String method, URI uri, Map<String, String> headers, String body, Duration timeout) {

    /** A URL requested as it is, with no credential (the baselines, e.g. /health or nginx's own 200). */
    public static Call get(URI uri, Duration timeout) {
        return new Call("GET", uri, Map.of(), "", timeout);
    }

    public boolean hasBody() {
        return !body.isEmpty();
    }
}
