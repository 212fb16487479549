package dev.strata.testing;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ScaledTriesTest {

    @Test
    void aScaleMultipliesTheTriesAndNeverGoesBelowOne() {
        assertEquals(150, ScaledTries.scaled(15, 10));
        assertEquals(8, ScaledTries.scaled(15, 0.5));
        assertEquals(1, ScaledTries.scaled(15, 0.001));
    }
}
