package dev.strata.compat;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

/**
 * One column as an application version knows it: the attribute it stands for (the same attribute may be another
 * column, or another type, in the other version), how the application binds values to it, what it writes, and how it
 * reads it in SELECT lists and RETURNING (aliased to the column's name).
 *
 * @param seen the form the database is meant to turn a written value into, which the application may read back
 *             instead of the value itself (identity unless the change says so: a NULL that becomes the backfill's value)
 */
record AppField(String attr, String column, String read, Binding binding, Values values, UnaryOperator<Object> seen) {

    /** How the application binds a parameter: the JDBC setter it uses. */
    enum Binding {
        TEXT, INT, LONG;

        void bind(PreparedStatement ps, int index, Object value) throws SQLException {
            switch (this) {
                case TEXT -> {
                    if (value == null) {
                        ps.setNull(index, Types.VARCHAR);
                    } else {
                        ps.setString(index, (String) value);
                    }
                }
                case INT -> {
                    if (value == null) {
                        ps.setNull(index, Types.INTEGER);
                    } else {
                        ps.setInt(index, (Integer) value);
                    }
                }
                case LONG -> {
                    if (value == null) {
                        ps.setNull(index, Types.BIGINT);
                    } else {
                        ps.setLong(index, (Long) value);
                    }
                }
            }
        }
    }

    /** The values an application writes: {@code writer} names the client, {@code n} counts its writes. */
    interface Values {
        Object next(SplittableRandom random, String writer, long n);
    }

    static AppField text(String column, Values values) {
        return new AppField(column, column, column, Binding.TEXT, values, v -> v);
    }

    static AppField integer(String column, Values values) {
        return new AppField(column, column, column, Binding.INT, values, v -> v);
    }

    static AppField bigint(String column, Values values) {
        return new AppField(column, column, column, Binding.LONG, values, v -> v);
    }

    /** The same attribute under another column name (a rename). */
    AppField as(String attribute) {
        return new AppField(attribute, column, read, binding, values, seen);
    }

    /** Reads the column through {@code expression} instead of plainly (e.g. {@code CAST(price AS bigint)}). */
    AppField readAs(String expression) {
        return new AppField(attr, column, expression, binding, values, seen);
    }

    AppField seenAs(UnaryOperator<Object> value) {
        return new AppField(attr, column, read, binding, values, value);
    }

    String selectItem() {
        return read.equals(column) ? column : read + " AS " + column;
    }
}
