package dev.strata.plan;

import dev.strata.model.DataType;
import dev.strata.model.QualifiedName;

import java.util.List;
import java.util.Optional;

/**
 * A change the application must help with while two shapes of a table coexist: between EXPAND and
 * CONTRACT it writes both columns, then reads the new one, then stops writing the old one (for a type
 * change that keeps the name: it reads the column through a cast to the new type, see DualWriteCode). The
 * database-side sync trigger covers writers that are not updated yet; this record is what the
 * generated application code (dual-write templates) is made from.
 *
 * @param key        the table's key columns (for templates that update by key)
 * @param oldColumn  the column the current application uses
 * @param newColumn  the column the new application uses while both exist; for {@link Kind#CHANGE_TYPE} Strata's shadow
 *                   column, which the application never names (it reads the column through a cast to the new type)
 * @param finalName  the new column's name after CONTRACT (differs from newColumn for a type change that keeps the name)
 * @param forward    new value computed from the old row, SQL, as the sync trigger uses it
 * @param reverse    old value computed from the new row, SQL, when the change can be written backwards
 */
public record DualWrite(
        Kind kind,
        QualifiedName table,
        List<String> key,
        String oldColumn,
        DataType oldType,
        String newColumn,
        DataType newType,
        String finalName,
        String forward,
        Optional<String> reverse) {

    public DualWrite {
        key = List.copyOf(key);
    }

    public enum Kind {
        /** Same data, new name. */
        RENAME_COLUMN,
        /** Same name (after the swap), new type. */
        CHANGE_TYPE,
        /** A new column derived from an old one that CONTRACT drops (a split or a computed replacement). */
        DERIVED_COLUMN
    }
}
