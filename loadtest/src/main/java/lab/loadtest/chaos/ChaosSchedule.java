package lab.loadtest.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import lab.loadtest.cli.DurationConverter;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --chaos 20s:kill:session-app-1,40s:start:session-app-1}: events separated by commas, each
 * {@code TIME:VERB:SERVICE}. TIME is a duration after the start of the measured phase, VERB one of
 * kill, pause, unpause, stop, start, restart, SERVICE a compose service name.
 */
public final class ChaosSchedule {
    private static final Pattern SERVICE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");

    private ChaosSchedule() {
    }

    /** All events of a schedule, in time order (a stable sort: equal times keep the order written). */
    public static List<ChaosEvent> parse(String spec) {
        List<ChaosEvent> events = new ArrayList<>();
        if (spec == null || spec.isBlank()) {
            return events;
        }
        for (String part : spec.split(",")) {
            if (!part.isBlank()) {
                events.add(event(part.trim()));
            }
        }
        events.sort(Comparator.comparing(ChaosEvent::at));
        return List.copyOf(events);
    }

    /** One {@code TIME:VERB:SERVICE}. */
    public static ChaosEvent event(String text) {
        String[] parts = text.split(":", -1);
        if (parts.length != 3) {
            throw new TypeConversionException("chaos event '" + text + "': write TIME:VERB:SERVICE, e.g. 20s:kill:session-app-1");
        }
        Duration at = DurationConverter.parse(parts[0]);
        ChaosAction action;
        try {
            action = ChaosAction.valueOf(parts[1].trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException("chaos event '" + text + "': unknown verb '" + parts[1]
                    + "'; use kill, pause, unpause, stop, start or restart");
        }
        String service = parts[2].trim();
        if (!SERVICE.matcher(service).matches()) {
            throw new TypeConversionException("chaos event '" + text + "': '" + service + "' is not a compose service name");
        }
        return new ChaosEvent(at, action, service);
    }

    /** For picocli: the whole schedule is one option value. */
    public static final class Converter implements ITypeConverter<List<ChaosEvent>> {
        @Override
        public List<ChaosEvent> convert(String value) {
            return parse(value);
        }
    }
}
