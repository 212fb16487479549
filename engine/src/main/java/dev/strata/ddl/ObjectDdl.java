package dev.strata.ddl;

import dev.strata.model.QualifiedName;
import dev.strata.model.SchemaObject;

import java.util.List;

/**
 * How {@link CreateDdl} builds an object of one kind managed as a whole, from nothing. One per kind, listed in
 * {@link ObjectDdls}.
 *
 * @param <T> the kind's model record
 */
public interface ObjectDdl<T extends SchemaObject> {

    /**
     * Before the schema's types and tables (what columns may use: extensions, functions, domains), among the views
     * (what a view may read and what reads views: materialized views), or after everything else (what reads tables:
     * triggers, policies).
     */
    enum Placement { BEFORE_TABLES, WITH_VIEWS, AFTER_TABLES }

    String kind();

    Class<T> type();

    Placement placement();

    /** The statements that create {@code object} (named {@code name}) with everything it declares, comment included. */
    List<Statement> create(QualifiedName name, T object);
}
