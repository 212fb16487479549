package dev.strata.testing;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Scales every property's tries by {@code -Dstrata.tries.scale=N}. The tries written on the properties are what CI
 * runs in its time budget; a longer hunt for counterexamples multiplies them without editing the tests (README, "Tests").
 * Registered for every property through {@code META-INF/services/net.jqwik.api.lifecycle.LifecycleHook}.
 */
public final class ScaledTries implements AroundPropertyHook {

    static final String PROPERTY = "strata.tries.scale";

    /** Registered once for the whole run: it must reach every property below the root. */
    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS;
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        double scale = scale(System.getProperty(PROPERTY, "1"));
        if (scale != 1) {
            context.attributes().tries().ifPresent(tries -> context.attributes().setTries(scaled(tries, scale)));
        }
        return property.execute();
    }

    static int scaled(int tries, double scale) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.round(tries * scale)));
    }

    private static double scale(String text) {
        try {
            double scale = Double.parseDouble(text.strip());
            if (scale > 0 && Double.isFinite(scale)) {
                return scale;
            }
        } catch (NumberFormatException e) {
            // Falls through to the error below.
        }
        throw new IllegalArgumentException(PROPERTY + "=" + text + ": give a positive number (2 runs twice the tries)");
    }
}
