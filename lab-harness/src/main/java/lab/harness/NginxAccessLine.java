package lab.harness;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One line of nginx.conf's {@code lab} log format: port, method, path, status, upstream. */
public record NginxAccessLine(int port, String method, String path, int status, String upstream) {
    private static final Pattern LAB_FORMAT = Pattern.compile(
            "\\] (\\d+) \"(\\S+) (\\S+) [^\"]*\" (\\d{3}) .*upstream=(\\S*)");

    /** The line's fields, or empty for a line of another shape (nginx's own start-up messages). */
    public static Optional<NginxAccessLine> parse(String line) {
        Matcher m = LAB_FORMAT.matcher(line);
        if (!m.find()) {
            return Optional.empty();
        }
        return Optional.of(new NginxAccessLine(Integer.parseInt(m.group(1)), m.group(2), m.group(3),
                Integer.parseInt(m.group(4)), m.group(5)));
    }

    @Override
    public String toString() {
        return method + " " + path + " → " + status;
    }
}
