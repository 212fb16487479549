package dev.strata.ddl;

/**
 * A statement read back from a saved plan (or a migration's record): the text a reviewer saw, run verbatim. It is
 * never parsed back into a typed statement; steps planned now hold typed statements and never produce one.
 */
public record Saved(String text) implements Statement {

    public Saved {
        if (text.isBlank()) {
            throw new IllegalArgumentException("a saved statement needs its SQL");
        }
    }
}
