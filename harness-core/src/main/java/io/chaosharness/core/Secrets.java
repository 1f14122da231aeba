package io.chaosharness.core;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masking of secrets in any text that may leave the process: URLs, log lines, exception messages, reports.
 * A database URL's password is replaced by {@value #MASK}.
 */
public final class Secrets {

    /** What a masked secret reads as. */
    public static final String MASK = "****";

    // scheme://user:password@host  (password up to the last '@' before the host part)
    private static final Pattern USERINFO = Pattern.compile("(?i)([a-z][a-z0-9+.-]*://[^:/?#@\\s]*:)([^\\s/?#]*)@");
    // password=... in a query string or a key/value property list
    private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)((?:^|[?&;\\s,{\"])\"?password\"?\\s*[=:]\\s*\"?)([^&;\\s,\"}]*)");

    private Secrets() {
    }

    /** Masks every password in {@code text}: URL user-info passwords and {@code password=} parameters. */
    public static String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = maskUserInfo(text);
        Matcher m = PASSWORD_PARAM.matcher(out);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String value = m.group(2);
            m.appendReplacement(sb, Matcher.quoteReplacement(m.group(1) + (value.isEmpty() ? "" : MASK)));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** Masks {@code secret} wherever it appears literally in {@code text} (for secrets known by value). */
    public static String mask(String text, String secret) {
        String out = mask(text);
        if (out == null || secret == null || secret.isEmpty()) {
            return out;
        }
        return out.replace(secret, MASK);
    }

    private static String maskUserInfo(String text) {
        Matcher m = USERINFO.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(m.group(1) + MASK + "@"));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
