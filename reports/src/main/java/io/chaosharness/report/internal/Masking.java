package io.chaosharness.report.internal;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Defensive re-masking of everything a report shows. Result files are written masked already; this is the second
 * line of defence, because a report is the document most likely to be shared. The reports module does not depend
 * on harness-core (it reads files, not objects), so this mirrors the core's masking rules rather than calling it.
 */
public final class Masking {

    /** What a masked secret reads as. */
    public static final String MASK = "****";

    // scheme://user:password@host
    private static final Pattern USERINFO = Pattern.compile("(?i)([a-z][a-z0-9+.-]*://[^:/?#@\\s]*:)([^\\s/?#@]+)@");
    // password=..., pwd=..., secret: ..., token=... in query strings, property lists, JSON-ish text
    private static final Pattern SECRET_PARAM = Pattern.compile(
            "(?i)((?:^|[?&;\\s,{(\"'])[\"']?(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|credentials?)[\"']?\\s*[=:]\\s*[\"']?)([^&;\\s,\"'})]+)");
    private static final Pattern SECRET_KEY = Pattern.compile(
            "(?i).*(password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|credential).*");

    private Masking() {
    }

    /** Masks URL user-info passwords and {@code password=}-style parameters in {@code text}. */
    public static String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = replace(USERINFO.matcher(text), m -> m.group(1) + MASK + "@");
        return replace(SECRET_PARAM.matcher(out), m -> m.group(1) + (MASK.equals(m.group(2)) ? m.group(2) : MASK));
    }

    /** Masks a configuration value: the whole value when its key names a secret, otherwise {@link #mask(String)}. */
    public static String maskValue(String key, String value) {
        if (value == null) {
            return null;
        }
        if (key != null && SECRET_KEY.matcher(key.toLowerCase(Locale.ROOT)).matches() && !value.isEmpty()) {
            return MASK;
        }
        return mask(value);
    }

    private static String replace(Matcher m, java.util.function.Function<Matcher, String> replacement) {
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(replacement.apply(m)));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
