package dev.strata.plan;

/**
 * One thing read from the server that may not be readable (a missing privilege, a managed service hiding a view):
 * either its value or, in words a reviewer can act on, why it is unknown.
 */
public sealed interface Fact<T> {

    record Known<T>(T value) implements Fact<T> {
        public Known {
            java.util.Objects.requireNonNull(value, "value");
        }
    }

    record Unknown<T>(String reason) implements Fact<T> {
        public Unknown {
            if (reason.isBlank()) {
                throw new IllegalArgumentException("an unknown fact says why");
            }
        }
    }

    static <T> Fact<T> known(T value) {
        return new Known<>(value);
    }

    static <T> Fact<T> unknown(String reason) {
        return new Unknown<>(reason);
    }
}
