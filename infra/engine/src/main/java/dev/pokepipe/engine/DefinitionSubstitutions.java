package dev.pokepipe.engine;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${Name}} placeholders in a definition's text, as AWS SAM's and CloudFormation's
 * {@code DefinitionSubstitutions} do.
 */
public final class DefinitionSubstitutions {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_]+)}");

    private DefinitionSubstitutions() {
    }

    /** The placeholder names used in {@code text}, in order of first use. */
    public static Set<String> placeholders(String text) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /**
     * Substitutes every placeholder.
     *
     * @throws DefinitionException naming the placeholders {@code values} has no value for
     */
    public static String apply(String text, Map<String, String> values) {
        Set<String> missing = new LinkedHashSet<>(placeholders(text));
        missing.removeAll(values.keySet());
        if (!missing.isEmpty()) {
            throw new DefinitionException("the definition uses placeholders with no substitution: " + missing);
        }
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(values.get(m.group(1))));
        }
        m.appendTail(out);
        return out.toString();
    }
}
