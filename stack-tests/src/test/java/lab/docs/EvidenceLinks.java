package lab.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The docs cite tests as evidence, as {@code [SomeTest › a scenario](path/to/SomeTest.java)}
 * (nested classes as {@code Outer › inner}). A renamed scenario must not leave a citation of a test
 * that no longer exists: each part of the name must be a display name (or a parameterized test's
 * name, or a method name) in the file the link points to.
 */
final class EvidenceLinks {
    // Not one written as code (`[SomeTest › scenario](file)`, an example of the form).
    private static final Pattern LINK = Pattern.compile("(?<!`)\\[([A-Za-z]+Test) › ([^\\]]+)\\]\\(([^)#\\s]+)[^)]*\\)");
    private static final Pattern NAME = Pattern.compile(
            "(?:@DisplayName\\(|name\\s*=\\s*)((?:\\s*\"(?:[^\"\\\\]|\\\\.)*\"\\s*\\+?)+)");
    private static final Pattern LITERAL = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern METHOD = Pattern.compile("void (\\w+)\\(");
    private static final Pattern ARGUMENT = Pattern.compile("\\{\\d+}");

    record Link(Path doc, int line, String testClass, String name, Path source) {
        String place() {
            return doc + ":" + line + " [" + testClass + " › " + name + "]";
        }
    }

    private EvidenceLinks() {
    }

    static List<Link> links(Path root) throws IOException {
        List<Link> links = new ArrayList<>();
        for (Path doc : QuotedFigures.docs(root)) {
            String text = Files.readString(doc);
            Matcher m = LINK.matcher(text);
            while (m.find()) {
                int line = (int) text.substring(0, m.start()).lines().count() + (text.charAt(m.start() - 1) == '\n' ? 1 : 0);
                links.add(new Link(root.relativize(doc), Math.max(line, 1), m.group(1), m.group(2).replaceAll("\\s+", " ").trim(),
                        doc.getParent().resolve(m.group(3)).normalize()));
            }
        }
        return links;
    }

    /** The links whose file is missing or has no scenario of that name, each with its place. */
    static List<String> broken(List<Link> links) throws IOException {
        List<String> broken = new ArrayList<>();
        for (Link link : links) {
            if (!Files.isRegularFile(link.source())) {
                broken.add(link.place() + ": no file " + link.source());
                continue;
            }
            Set<String> names = scenarioNames(Files.readString(link.source()));
            List<String> unknown = Arrays.stream(link.name().split(" › ")).filter(part -> !isNamed(part.trim(), names)).toList();
            if (!unknown.isEmpty()) {
                broken.add(link.place() + ": no scenario named " + unknown);
            }
        }
        return broken;
    }

    /** Display names (string concatenations joined), parameterized tests' names, and method names. */
    static Set<String> scenarioNames(String javaSource) {
        Set<String> names = new HashSet<>();
        Matcher m = NAME.matcher(javaSource);
        while (m.find()) {
            String joined = LITERAL.matcher(m.group(1)).results().map(r -> r.group(1)).collect(Collectors.joining());
            names.add(joined.replace("\\\"", "\"").replace("\\\\", "\\").replaceFirst("^\\{index}: ", ""));
        }
        METHOD.matcher(javaSource).results().map(r -> r.group(1)).forEach(names::add);
        return names;
    }

    /**
     * Whether the cited part is one of the names: equal, equal once a parameterized name's
     * {@code {0}} is filled in, or, cited with a closing {@code ...}, the start of one.
     */
    static boolean isNamed(String cited, Set<String> names) {
        if (cited.endsWith("...")) {
            String start = cited.substring(0, cited.length() - 3).trim();
            return names.stream().anyMatch(name -> name.startsWith(start));
        }
        return names.stream().anyMatch(name -> name.equals(cited) || asPattern(name).matcher(cited).matches());
    }

    private static Pattern asPattern(String name) {
        return Pattern.compile(ARGUMENT.splitAsStream(name + "\u0000").map(Pattern::quote)
                .collect(Collectors.joining(".+")).replace("\u0000", ""));
    }
}
