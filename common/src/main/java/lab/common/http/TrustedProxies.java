package lab.common.http;

import io.javalin.http.Context;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import lab.common.config.ConfigException;

/**
 * The client's address, for rate limits and logs. {@code X-Forwarded-For} is a header anyone can
 * send, so it is believed only when the TCP peer is one of the {@code TRUSTED_PROXIES} (addresses or
 * CIDR ranges); then its right-most entry is the one that proxy appended (nginx sets it to
 * {@code $remote_addr}). Anything else, or a header that is not an IP address, yields the peer.
 */
public final class TrustedProxies {
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1?\\d?\\d)(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private record Range(byte[] network, int prefix) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < prefix; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((address[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    private final List<Range> ranges;

    private TrustedProxies(List<Range> ranges) {
        this.ranges = ranges;
    }

    public static TrustedProxies none() {
        return new TrustedProxies(List.of());
    }

    /** {@code TRUSTED_PROXIES}: addresses ({@code 10.0.0.5}) or ranges ({@code 172.16.0.0/12}). */
    public static TrustedProxies parse(List<String> entries) {
        return new TrustedProxies(entries.stream().map(TrustedProxies::range).toList());
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** The address of the client this request comes from, in its canonical text form. */
    public String clientAddress(Context ctx) {
        String peer = ctx.req().getRemoteAddr();
        Optional<byte[]> peerBytes = literal(peer);
        if (peerBytes.isEmpty() || ranges.stream().noneMatch(range -> range.contains(peerBytes.get()))) {
            return canonical(peer);
        }
        List<String> forwarded = Collections.list(ctx.req().getHeaders("X-Forwarded-For"));
        if (forwarded.isEmpty()) {
            return canonical(peer);
        }
        String last = forwarded.get(forwarded.size() - 1);
        String rightMost = last.substring(last.lastIndexOf(',') + 1).trim();
        return literal(rightMost).isPresent() ? canonical(rightMost) : canonical(peer);
    }

    private static Range range(String entry) {
        String[] parts = entry.split("/", 2);
        byte[] network = literal(parts[0]).orElseThrow(() ->
                new ConfigException("TRUSTED_PROXIES", "'" + entry + "' is not an IP address or CIDR range"));
        int prefix = network.length * 8;
        if (parts.length == 2) {
            try {
                prefix = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > network.length * 8) {
                throw new ConfigException("TRUSTED_PROXIES", "'" + entry + "' has a bad prefix length");
            }
        }
        return new Range(network, prefix);
    }

    /** The address bytes of an IP literal; never a DNS lookup (only literals reach InetAddress). */
    private static Optional<byte[]> literal(String raw) {
        String text = raw != null && raw.startsWith("[") && raw.endsWith("]") ? raw.substring(1, raw.length() - 1) : raw;
        if (text == null || text.length() > 45 || !(IPV4.matcher(text).matches() || IPV6.matcher(text).matches())) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(text).getAddress());
        } catch (UnknownHostException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** One spelling per address (Java's: {@code 0:0:0:0:0:0:0:1}, never {@code [::1]}), so one bucket per client. */
    private static String canonical(String address) {
        return literal(address).map(bytes -> {
            try {
                return InetAddress.getByAddress(bytes).getHostAddress();
            } catch (UnknownHostException e) {
                return address;
            }
        }).orElse(address == null ? "unknown" : address);
    }
}
