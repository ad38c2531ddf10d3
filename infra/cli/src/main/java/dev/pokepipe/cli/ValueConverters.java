package dev.pokepipe.cli;

import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The converters of every command's numbers and URLs, so that a value that is no number, or no
 * URL pokepipe can fetch from, is refused while parsing with a message that says what is allowed
 * (picocli's own say "is not an int", and accept {@code NaN} for a rate and {@code foo} for a URL).
 */
final class ValueConverters {

    private ValueConverters() {
    }

    /** Registers the converters on {@code commandLine} and the subcommands it has. */
    static CommandLine register(CommandLine commandLine) {
        ITypeConverter<Integer> ints = v -> (int) whole(v, Integer.MIN_VALUE, Integer.MAX_VALUE);
        ITypeConverter<Long> longs = v -> whole(v, Long.MIN_VALUE, Long.MAX_VALUE);
        return commandLine
                .registerConverter(Integer.class, ints).registerConverter(int.class, ints)
                .registerConverter(Long.class, longs).registerConverter(long.class, longs)
                .registerConverter(Double.class, ValueConverters::number)
                .registerConverter(double.class, ValueConverters::number)
                .registerConverter(URI.class, ValueConverters::httpUrl);
    }

    private static long whole(String value, long min, long max) {
        long parsed;
        try {
            parsed = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new TypeConversionException(value.strip().matches("[-+]?\\d+")
                    ? "'" + value + "' is too large a number" : "'" + value + "' is not a whole number");
        }
        if (parsed < min || parsed > max) {
            throw new TypeConversionException("'" + value + "' is too large a number");
        }
        return parsed;
    }

    private static double number(String value) {
        double parsed;
        try {
            parsed = Double.parseDouble(value.strip());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a number");
        }
        if (!Double.isFinite(parsed)) {
            throw new TypeConversionException("'" + value + "' is not a number");
        }
        return parsed;
    }

    /** An absolute http or https URL with a host: what the origin client and the AWS SDK can reach. */
    private static URI httpUrl(String value) {
        URI uri;
        try {
            uri = new URI(value.strip());
        } catch (URISyntaxException e) {
            throw new TypeConversionException("'" + value + "' is not a URL (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new TypeConversionException("'" + value + "' is not an http:// or https:// URL with a host");
        }
        return uri;
    }
}
