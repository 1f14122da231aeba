package io.chaosharness.core;

import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one masking rule for any text that may leave the process: URLs, log lines, exception messages, result files and
 * reports. Masked, each replaced by {@value #MASK}:
 * <ul>
 *   <li>a URL's user-info password ({@code postgresql://user:****@host});</li>
 *   <li>the value of a secret-named parameter in a query string, property list or JSON-ish text: {@code password},
 *       {@code passwd}, {@code pwd}, {@code secret}, {@code token}, {@code api_key}/{@code api-key}/{@code apikey},
 *       {@code access_key}, {@code credential(s)} ({@code password=****}, {@code "token": "****"});</li>
 *   <li>with {@link #maskValue(String, String)}, a whole value whose key names a secret ({@code DB_SECRET},
 *       {@code admin_password}, {@code apiKey}).</li>
 * </ul>
 * Masking is idempotent: masked text masks to itself.
 */
public final class Secrets {

    /** What a masked secret reads as. */
    public static final String MASK = "****";

    private static final String SECRET_WORDS =
            "password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|credentials?";

    // scheme://user:password@host  (password up to the last '@' before the host part)
    private static final Pattern USERINFO = Pattern.compile("(?i)([a-z][a-z0-9+.-]*://[^:/?#@\\s]*:)([^\\s/?#]*)@");
    // password=..., token: ..., "api_key":"..." in a query string, a property list or JSON-ish text
    private static final Pattern SECRET_PARAM = Pattern.compile(
            "(?i)((?:^|[?&;\\s,{(\"'])[\"']?(?:" + SECRET_WORDS + ")[\"']?\\s*[=:]\\s*[\"']?)([^&;\\s,\"'})]*)");
    // a key that names a secret anywhere in it
    private static final Pattern SECRET_KEY = Pattern.compile(
            "(?i).*(password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|credential).*");

    private Secrets() {
    }

    /** Masks every secret in {@code text}: URL user-info passwords and secret-named parameters. */
    public static String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = replace(USERINFO.matcher(text), m -> m.group(1) + MASK + "@");
        return replace(SECRET_PARAM.matcher(out), m -> m.group(1) + (m.group(2).isEmpty() ? "" : MASK));
    }

    /** Masks {@code secret} wherever it appears literally in {@code text} (for secrets known by value). */
    public static String mask(String text, String secret) {
        String out = mask(text);
        if (out == null || secret == null || secret.isEmpty()) {
            return out;
        }
        return out.replace(secret, MASK);
    }

    /** Whether {@code key} names a secret ({@code password}, {@code DB_SECRET}, {@code apiKey}, ...). */
    public static boolean isSecretKey(String key) {
        return key != null && SECRET_KEY.matcher(key.toLowerCase(Locale.ROOT)).matches();
    }

    /** Masks a configuration value: the whole value when its key names a secret, otherwise {@link #mask(String)}. */
    public static String maskValue(String key, String value) {
        if (value == null) {
            return null;
        }
        if (isSecretKey(key) && !value.isEmpty()) {
            return MASK;
        }
        return mask(value);
    }

    private static String replace(Matcher m, Function<Matcher, String> replacement) {
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(replacement.apply(m)));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
