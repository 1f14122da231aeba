package io.chaosharness.proxy.toxic;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/** The registry of toxic types by name, filled from {@code META-INF/services/io.chaosharness.proxy.toxic.Toxic}. */
public final class Toxics {

    private static final Map<String, Class<? extends Toxic>> TYPES;

    static {
        Map<String, Class<? extends Toxic>> types = new LinkedHashMap<>();
        for (Toxic toxic : ServiceLoader.load(Toxic.class, Toxic.class.getClassLoader())) {
            Class<? extends Toxic> previous = types.putIfAbsent(toxic.type(), toxic.getClass());
            if (previous != null && previous != toxic.getClass()) {
                throw new IllegalStateException("toxic type '" + toxic.type() + "' registered twice: "
                        + previous.getName() + " and " + toxic.getClass().getName());
            }
        }
        TYPES = Collections.unmodifiableMap(types);
    }

    private Toxics() {
    }

    /** The class registered under {@code type}, if any. */
    public static Optional<Class<? extends Toxic>> find(String type) {
        return Optional.ofNullable(TYPES.get(type));
    }

    /** Every registered type name, in registration order. */
    public static Iterable<String> names() {
        return TYPES.keySet();
    }
}
