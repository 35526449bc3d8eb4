package lab.common.http;

import io.javalin.http.Context;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import lab.common.config.ConfigException;
import org.eclipse.jetty.util.InetAddressSet;

/**
 * The client's address, for rate limits and logs. {@code X-Forwarded-For} is a header anyone can
 * send, so it is believed only when the TCP peer is one of the {@code TRUSTED_PROXIES} (addresses or
 * CIDR ranges, matched by Jetty's {@link InetAddressSet}); then its right-most entry is the one that
 * proxy appended (nginx sets it to {@code $remote_addr}). Anything else, or a header that is not an
 * IP address, yields the peer.
 */
public final class TrustedProxies {
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1?\\d?\\d)(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private final InetAddressSet proxies;

    private TrustedProxies(InetAddressSet proxies) {
        this.proxies = proxies;
    }

    public static TrustedProxies none() {
        return new TrustedProxies(new InetAddressSet());
    }

    /** {@code TRUSTED_PROXIES}: addresses ({@code 10.0.0.5}) or ranges ({@code 172.16.0.0/12}). */
    public static TrustedProxies parse(List<String> entries) {
        InetAddressSet proxies = new InetAddressSet();
        for (String entry : entries) {
            // Jetty's set would look a host name up in DNS: only IP literals get that far.
            if (literal(entry.split("/", 2)[0]).isEmpty()) {
                throw new ConfigException("TRUSTED_PROXIES", "'" + entry + "' is not an IP address or CIDR range");
            }
            try {
                proxies.add(entry);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("TRUSTED_PROXIES", "'" + entry + "' has a bad prefix length");
            }
        }
        return new TrustedProxies(proxies);
    }

    public boolean isEmpty() {
        return proxies.isEmpty();
    }

    /** The address of the client this request comes from, in its canonical text form. */
    public String clientAddress(Context ctx) {
        String rawPeer = ctx.req().getRemoteAddr();
        Optional<InetAddress> peer = literal(rawPeer);
        // One spelling per address (Java's: 0:0:0:0:0:0:0:1, never [::1]), so one bucket per client.
        String peerText = peer.map(InetAddress::getHostAddress).orElse(rawPeer == null ? "unknown" : rawPeer);
        if (peer.filter(proxies::test).isEmpty()) {
            return peerText;
        }
        List<String> forwarded = Collections.list(ctx.req().getHeaders("X-Forwarded-For"));
        if (forwarded.isEmpty()) {
            return peerText;
        }
        String last = forwarded.get(forwarded.size() - 1);
        String rightMost = last.substring(last.lastIndexOf(',') + 1).trim();
        return literal(rightMost).map(InetAddress::getHostAddress).orElse(peerText);
    }

    /** An IP literal as an address; never a DNS lookup (only literals reach InetAddress). */
    private static Optional<InetAddress> literal(String raw) {
        String text = raw != null && raw.startsWith("[") && raw.endsWith("]") ? raw.substring(1, raw.length() - 1) : raw;
        if (text == null || text.length() > 45 || !(IPV4.matcher(text).matches() || IPV6.matcher(text).matches())) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(text));
        } catch (UnknownHostException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
