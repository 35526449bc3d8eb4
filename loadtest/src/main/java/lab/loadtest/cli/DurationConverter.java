package lab.loadtest.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Durations as people write them on a command line: {@code 60s}, {@code 500ms}, {@code 2m},
 * {@code 1m30s}, {@code 1.5s}, or ISO-8601 ({@code PT60S}). The parsing itself is
 * {@link Duration#parse}: the short forms are ISO-8601 without the {@code PT}.
 */
public final class DurationConverter implements ITypeConverter<Duration> {
    private static final Pattern MILLIS = Pattern.compile("\\d+ms");
    private static final Pattern SHORT = Pattern.compile("(\\d+h)?(\\d+m)?(\\d+(\\.\\d+)?s)?");

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    public static Duration parse(String value) {
        String text = value.trim().toLowerCase(Locale.ROOT);
        try {
            if (MILLIS.matcher(text).matches()) {
                return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
            }
            if (text.startsWith("pt")) {
                return nonNegative(Duration.parse(text.toUpperCase(Locale.ROOT)), value);
            }
            if (!text.isEmpty() && SHORT.matcher(text).matches()) {
                return Duration.parse("PT" + text.toUpperCase(Locale.ROOT));
            }
        } catch (DateTimeParseException | NumberFormatException e) {
            // falls through to the message below
        }
        throw new TypeConversionException("'" + value + "' is not a duration: write e.g. 60s, 500ms, 2m or 1m30s");
    }

    private static Duration nonNegative(Duration duration, String value) {
        if (duration.isNegative()) {
            throw new TypeConversionException("'" + value + "' is negative: write e.g. 60s");
        }
        return duration;
    }

    /** The short form back, for messages and reports: 60s, 1m30s, 250ms. */
    public static String format(Duration duration) {
        if (duration.toMillisPart() != 0 || duration.isZero()) {
            return duration.isZero() ? "0s" : duration.toMillis() + "ms";
        }
        return duration.toString().substring(2).toLowerCase(Locale.ROOT);
    }
}
