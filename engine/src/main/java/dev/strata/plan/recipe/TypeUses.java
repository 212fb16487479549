package dev.strata.plan.recipe;

import dev.strata.model.Catalog;
import dev.strata.model.Column;
import dev.strata.model.CompositeType;
import dev.strata.model.DataType;
import dev.strata.model.Domain;
import dev.strata.model.QualifiedName;
import dev.strata.model.Schema;
import dev.strata.model.SchemaObject;
import dev.strata.model.Table;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What in a catalog uses a user type directly (as itself or its arrays): table columns, domains, composite types. */
final class TypeUses {

    private TypeUses() {}

    private static boolean uses(DataType type, QualifiedName name) {
        return type.elementType().userTypeName().equals(Optional.of(name));
    }

    /** The columns of {@code type}, as {@code schema.table.column}. */
    static List<String> columns(Catalog catalog, QualifiedName type) {
        List<String> columns = new ArrayList<>();
        for (Schema s : catalog.schemas()) {
            for (Table t : s.tables()) {
                for (Column c : t.columns()) {
                    if (uses(c.type(), type)) {
                        columns.add(QualifiedName.of(s.name(), t.name()) + "." + c.name());
                    }
                }
            }
        }
        return columns;
    }

    /** The tables with a column of {@code type}, each once, in catalog order. */
    static List<QualifiedName> tables(Catalog catalog, QualifiedName type) {
        List<QualifiedName> tables = new ArrayList<>();
        for (Schema s : catalog.schemas()) {
            for (Table t : s.tables()) {
                if (t.columns().stream().anyMatch(c -> uses(c.type(), type))) {
                    tables.add(QualifiedName.of(s.name(), t.name()));
                }
            }
        }
        return tables;
    }

    /**
     * The columns that hold {@code type} inside a composite type (one level: a column of a composite type with an
     * attribute of it), where PostgreSQL cannot check a domain's new constraint and refuses to.
     */
    static List<String> insideComposites(Catalog catalog, QualifiedName type) {
        List<String> columns = new ArrayList<>();
        for (Schema s : catalog.schemas()) {
            for (SchemaObject o : s.objects()) {
                if (o instanceof CompositeType c && c.attributes().stream().anyMatch(a -> uses(a.type(), type))) {
                    columns.addAll(columns(catalog, QualifiedName.of(s.name(), c.name())));
                }
            }
        }
        return columns;
    }

    /** Columns, domains over it and composite types with an attribute of it. */
    static List<String> all(Catalog catalog, QualifiedName type) {
        List<String> uses = new ArrayList<>(columns(catalog, type).stream().map(c -> "column " + c).toList());
        for (Schema s : catalog.schemas()) {
            for (SchemaObject o : s.objects()) {
                boolean user = switch (o) {
                    case Domain d -> uses(d.baseType(), type);
                    case CompositeType c -> c.attributes().stream().anyMatch(a -> uses(a.type(), type));
                    default -> false;
                };
                if (user) {
                    uses.add(o.kind() + " " + QualifiedName.of(s.name(), o.key()));
                }
            }
        }
        return uses;
    }
}
