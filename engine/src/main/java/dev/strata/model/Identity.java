package dev.strata.model;

/** {@code GENERATED ALWAYS | BY DEFAULT AS IDENTITY} with the options of its internal sequence. */
public record Identity(Generation generation, SequenceOptions options) {

    public enum Generation {
        ALWAYS("ALWAYS"),
        BY_DEFAULT("BY DEFAULT");

        private final String sql;

        Generation(String sql) {
            this.sql = sql;
        }

        public String sql() {
            return sql;
        }
    }
}
