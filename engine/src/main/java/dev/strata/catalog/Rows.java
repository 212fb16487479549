package dev.strata.catalog;

import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Runs one catalog query and maps each row while the result set is open. */
final class Rows {

    @FunctionalInterface
    interface Mapper<T> {
        T map(Rows row) throws SQLException;
    }

    private final ResultSet rs;

    private Rows(ResultSet rs) {
        this.rs = rs;
    }

    /** Executes {@code sql} with each {@code ?} bound, in order, to one of {@code parameters}. */
    static <T> List<T> query(Connection c, String sql, Mapper<T> mapper, Object... parameters) throws SQLException {
        try (var st = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                st.setObject(i + 1, parameters[i]);
            }
            try (var rs = st.executeQuery()) {
                Rows row = new Rows(rs);
                List<T> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(mapper.map(row));
                }
                return out;
            }
        }
    }

    String string(String column) throws SQLException {
        String value = rs.getString(column);
        if (value == null) {
            throw new SQLException("catalog column " + column + " is unexpectedly null");
        }
        return value;
    }

    Optional<String> optionalString(String column) throws SQLException {
        return Optional.ofNullable(rs.getString(column));
    }

    boolean bool(String column) throws SQLException {
        return rs.getBoolean(column);
    }

    long number(String column) throws SQLException {
        return rs.getLong(column);
    }

    /** A {@code text[]} column; null reads as empty. */
    List<String> strings(String column) throws SQLException {
        Array array = rs.getArray(column);
        if (array == null) {
            return List.of();
        }
        return Arrays.stream((Object[]) array.getArray()).map(String::valueOf).toList();
    }

    /** A {@code bigint[]} column; null reads as empty. */
    List<Long> numbers(String column) throws SQLException {
        Array array = rs.getArray(column);
        if (array == null) {
            return List.of();
        }
        return Arrays.stream((Object[]) array.getArray()).map(o -> ((Number) o).longValue()).toList();
    }
}
