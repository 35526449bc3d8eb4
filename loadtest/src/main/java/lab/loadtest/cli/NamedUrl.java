package lab.loadtest.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --url http://...} or {@code --url NAME=http://...}: a URL, optionally named (the name goes into file names). */
public record NamedUrl(Optional<String> name, URI url) {
    private static final Pattern NAMED = Pattern.compile("([A-Za-z0-9_.-]{1,40})=(.+)");

    public static NamedUrl parse(String value) {
        Matcher named = NAMED.matcher(value);
        try {
            return named.matches() ? new NamedUrl(Optional.of(named.group(1)), new URI(named.group(2)))
                    : new NamedUrl(Optional.empty(), new URI(value));
        } catch (URISyntaxException e) {
            throw new TypeConversionException("'" + value + "' is not a URL: " + e.getMessage());
        }
    }

    /** The name, or "url" for an unnamed one (the network rule's messages name it so). */
    public String label() {
        return name.orElse("url");
    }

    public static final class Converter implements ITypeConverter<NamedUrl> {
        @Override
        public NamedUrl convert(String value) {
            return parse(value);
        }
    }
}
