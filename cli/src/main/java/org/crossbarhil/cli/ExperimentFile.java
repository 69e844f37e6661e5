package org.crossbarhil.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * An experiment file ({@code crossbar train --config FILE}): a YAML mapping whose keys are the
 * command's long option names without their dashes ({@code board}, {@code dataset},
 * {@code batch-size}, {@code lr}, {@code no-refresh}, ...) and whose values are what the flags
 * take. A flag given on the command line wins over the file. Values go through the same fields and
 * checks as the flags; an unknown key is refused naming it and the valid ones.
 */
final class ExperimentFile {
    /** Options that say what to do with a run, not what the run is: not settable from a file, not part of the settings. */
    private static final Set<String> NOT_SETTINGS = Set.of("config", "resume", "help", "version", "json", "mkdirs", "run-db");
    private static final ObjectMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new ObjectMapper();

    private ExperimentFile() {
    }

    /** The file's mapping, in its order. */
    static Map<String, Object> read(Path file) {
        Object root;
        try {
            root = YAML.readValue(Files.readString(file), Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("--config " + file + ": not valid YAML: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("--config " + file + ": cannot read it: " + e.getMessage(), e);
        }
        if (!(root instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException("--config " + file + ": expected a mapping of option names to values (e.g. dataset: iris)");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    /** The option names a file may set, sorted. */
    static List<String> keys(CommandSpec spec) {
        return settable(spec).keySet().stream().sorted().toList();
    }

    /**
     * Sets each option the file names, except those {@code given} on the command line.
     *
     * @param origin names the file in messages
     */
    static void apply(CommandSpec spec, Map<String, Object> values, Predicate<OptionSpec> given, String origin) {
        Map<String, OptionSpec> options = settable(spec);
        for (Map.Entry<String, Object> e : values.entrySet()) {
            OptionSpec o = options.get(e.getKey());
            if (o == null) {
                throw new IllegalArgumentException(origin + ": unknown key '" + e.getKey() + "' (valid keys: "
                        + String.join(", ", keys(spec)) + ")");
            }
            if (!given.test(o)) {
                o.setValue(convert(o, e.getValue(), origin + ": " + e.getKey()));
            }
        }
    }

    /** Every setting's resolved value (flags, then file, then defaults), as JSON with the file's keys. */
    static String resolved(CommandSpec spec) {
        Map<String, Object> out = new TreeMap<>();
        settable(spec).forEach((k, o) -> {
            Object v = o.getValue();
            // null: the data set's default, which the recorded plan spells out
            out.put(k, v instanceof Path p ? p.toString() : v);
        });
        try {
            return JSON.writeValueAsString(out);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the settings as JSON: " + e.getMessage(), e);
        }
    }

    private static Map<String, OptionSpec> settable(CommandSpec spec) {
        Map<String, OptionSpec> out = new LinkedHashMap<>();
        for (OptionSpec o : spec.options()) {
            String key = o.longestName().replaceFirst("^--?", "");
            if (!NOT_SETTINGS.contains(key)) {
                out.put(key, o);
            }
        }
        return out;
    }

    private static Object convert(OptionSpec o, Object value, String where) {
        if (value == null) {
            throw new IllegalArgumentException(where + ": no value (leave the key out for the default)");
        }
        Class<?> type = o.type();
        if (List.class.isAssignableFrom(type)) {
            Class<?> element = o.auxiliaryTypes().length > 1 ? o.auxiliaryTypes()[1] : o.auxiliaryTypes()[0];
            Collection<?> items = value instanceof Collection<?> c ? c : List.of(String.valueOf(value).split(","));
            List<Object> out = new ArrayList<>();
            for (Object item : items) {
                out.add(scalar(element, item, where));
            }
            return out;
        }
        if (type == String.class && value instanceof Collection<?> c) {
            // hidden: [64, 32] reads as the flag's 64,32
            return c.stream().map(String::valueOf).collect(Collectors.joining(","));
        }
        return scalar(type, value, where);
    }

    private static Object scalar(Class<?> type, Object value, String where) {
        String text = String.valueOf(value).strip();
        try {
            if (type == String.class) {
                return text;
            }
            if (type == Integer.class || type == int.class) {
                return Integer.valueOf(text);
            }
            if (type == Long.class || type == long.class) {
                return Long.valueOf(text);
            }
            if (type == Double.class || type == double.class) {
                return Double.valueOf(text);
            }
            if (type == Path.class) {
                return Path.of(text);
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": '" + text + "' is not " + (type == Double.class || type == double.class
                    ? "a number" : "an integer"), e);
        }
        if (type == Boolean.class || type == boolean.class) {
            if (value instanceof Boolean b) {
                return b;
            }
            throw new IllegalArgumentException(where + ": '" + text + "' (expected: true or false)");
        }
        throw new IllegalStateException(where + ": option type " + type.getName() + " cannot be set from a file");
    }
}
