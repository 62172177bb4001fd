package dev.bandstand.context;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How free-text context and arm values become the normalised values that statistics are keyed
 * on: devices, activities, categorical features and tags.
 *
 * <p>Normalising a value: Unicode NFKC, trim, lower case ({@link Locale#ROOT}), every run of
 * whitespace, {@code _}, {@code /}, {@code |} or {@code :} becomes one {@code -}, and leading
 * or trailing {@code -} are dropped. So {@code " Smart_TV "} becomes {@code smart-tv} and
 * {@code "rock/pop"} becomes {@code rock-pop}; the result never holds {@code /}, {@code |},
 * {@code :} or whitespace, which keeps it safe inside statistics keys. The vocabulary is open:
 * a value no one has seen before is its own value. A missing or blank value is
 * {@value #UNKNOWN}.
 *
 * <p>A few synonyms are folded after normalising, so that the same device or activity does
 * not split its statistics:
 * <ul>
 *   <li>device: {@code mobile}, {@code smartphone}, {@code cellphone}, {@code mobile-phone}
 *       &rarr; {@code phone}; {@code television}, {@code smart-tv}, {@code smarttv},
 *       {@code connected-tv}, {@code ctv} &rarr; {@code tv}; {@code browser} &rarr;
 *       {@code web}; {@code automobile}, {@code carplay}, {@code android-auto} &rarr;
 *       {@code car}</li>
 *   <li>activity: {@code run}, {@code jogging} &rarr; {@code running}; {@code drive}
 *       &rarr; {@code driving}; {@code rest}, {@code relaxing} &rarr; {@code resting};
 *       {@code commute} &rarr; {@code commuting}; {@code work} &rarr; {@code working}</li>
 * </ul>
 * Stateless and thread-safe.
 */
public final class Vocabulary {

    /** The value of a device, activity or feature the request did not give. */
    public static final String UNKNOWN = "unknown";

    /** Longest accepted value, in characters, before normalising. */
    public static final int MAX_VALUE_LENGTH = 200;

    private static final Pattern SEPARATORS = Pattern.compile("[\\s_/|:]+");
    private static final Pattern EDGE_DASHES = Pattern.compile("^-+|-+$");
    private static final int MAX_NAME_LENGTH = 64;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private static final Map<String, String> DEVICE_ALIASES = Map.ofEntries(
            Map.entry("mobile", "phone"),
            Map.entry("smartphone", "phone"),
            Map.entry("cellphone", "phone"),
            Map.entry("mobile-phone", "phone"),
            Map.entry("television", "tv"),
            Map.entry("smart-tv", "tv"),
            Map.entry("smarttv", "tv"),
            Map.entry("connected-tv", "tv"),
            Map.entry("ctv", "tv"),
            Map.entry("browser", "web"),
            Map.entry("automobile", "car"),
            Map.entry("carplay", "car"),
            Map.entry("android-auto", "car"));

    private static final Map<String, String> ACTIVITY_ALIASES = Map.ofEntries(
            Map.entry("run", "running"),
            Map.entry("jogging", "running"),
            Map.entry("drive", "driving"),
            Map.entry("rest", "resting"),
            Map.entry("relaxing", "resting"),
            Map.entry("commute", "commuting"),
            Map.entry("work", "working"));

    private Vocabulary() {
    }

    /**
     * The normalised form of a categorical value (see the class comment).
     *
     * @param field name of the field for the error message, such as {@code context.device}
     * @param raw the value as sent; null or blank gives {@value #UNKNOWN}
     * @return never null, never empty
     * @throws IllegalArgumentException if {@code raw} is longer than
     *     {@value #MAX_VALUE_LENGTH} characters
     */
    public static String normalise(String field, String raw) {
        if (raw == null) {
            return UNKNOWN;
        }
        if (raw.length() > MAX_VALUE_LENGTH) {
            throw new IllegalArgumentException(field + ": longer than " + MAX_VALUE_LENGTH
                    + " characters");
        }
        if (alreadyNormal(raw)) {
            return raw;
        }
        String text = Normalizer.normalize(raw, Normalizer.Form.NFKC)
                .strip()
                .toLowerCase(Locale.ROOT);
        text = SEPARATORS.matcher(text).replaceAll("-");
        text = EDGE_DASHES.matcher(text).replaceAll("");
        return text.isEmpty() ? UNKNOWN : text;
    }

    /**
     * True when normalising would return {@code raw} itself: printable ASCII (which NFKC
     * keeps), no upper case, no separator, no dash at either end. Spares the regular
     * expressions for the values that clients and the context factory mostly send.
     */
    private static boolean alreadyNormal(String raw) {
        int n = raw.length();
        if (n == 0 || raw.charAt(0) == '-' || raw.charAt(n - 1) == '-') {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = raw.charAt(i);
            if (c <= ' ' || c > '~' || (c >= 'A' && c <= 'Z') || c == '_' || c == '/'
                    || c == '|' || c == ':') {
                return false;
            }
        }
        return true;
    }

    /** The normalised device, with device synonyms folded (see the class comment). */
    public static String device(String raw) {
        String value = normalise("context.device", raw);
        return DEVICE_ALIASES.getOrDefault(value, value);
    }

    /** The normalised activity, with activity synonyms folded (see the class comment). */
    public static String activity(String raw) {
        String value = normalise("context.activity", raw);
        return ACTIVITY_ALIASES.getOrDefault(value, value);
    }

    /**
     * True if {@code name} may name a feature: 1 to 64 characters of ASCII letters, digits,
     * {@code .}, {@code _} or {@code -}, starting with a letter or digit.
     */
    public static boolean isFeatureName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /**
     * Which rule of {@link #isFeatureName} {@code name} breaks, as a phrase such as
     * {@code "must start with a letter or digit"}, or null when it is a feature name.
     */
    public static String featureNameProblem(String name) {
        if (isFeatureName(name)) {
            return null;
        }
        if (name == null || name.isEmpty()) {
            return "must not be empty";
        }
        if (name.length() > MAX_NAME_LENGTH) {
            return "must be at most " + MAX_NAME_LENGTH + " characters, has " + name.length();
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean letterOrDigit = c < 128 && Character.isLetterOrDigit(c);
            if (!letterOrDigit && (i == 0 || (c != '.' && c != '_' && c != '-'))) {
                String shown = c > ' ' && c < 127 ? "'" + c + "'"
                        : String.format(Locale.ROOT, "U+%04X", (int) c);
                return i == 0 ? "must start with a letter or digit (A-Z a-z 0-9), not " + shown
                        : "may hold only A-Z a-z 0-9 . _ - (not " + shown + " at index " + i
                                + ")";
            }
        }
        return "is not a feature name";
    }
}
