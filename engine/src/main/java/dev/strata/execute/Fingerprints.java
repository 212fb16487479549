package dev.strata.execute;

import dev.strata.model.Catalog;
import dev.strata.model.Dependent;
import dev.strata.render.JsonRenderer;
import dev.strata.plan.Plan;
import dev.strata.yaml.SchemaWriter;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * SHA-256 fingerprints (lowercase hex) of schemas, so the executor can tell whether it is looking at the
 * schema a plan was made for.
 */
public final class Fingerprints {

    private Fingerprints() {}

    /**
     * Of a desired schema, identifying the migration applying it: every {@code strata pull} file, path and content,
     * in path order (the canonical YAML is a form in which equal catalogs are equal text). Recorded in
     * {@code strata.migration}: a migration an older Strata started is recognised by the same form.
     */
    public static String of(Catalog catalog) {
        MessageDigest digest = sha256();
        for (Map.Entry<String, String> file : SchemaWriter.files(catalog).entrySet()) {
            // A NUL cannot occur in either, so path/content boundaries cannot be shifted to collide.
            digest.update(file.getKey().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(file.getValue().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * Of a live catalog and what depends on it beyond the model (a saved plan stays valid only while no foreign key or
     * view that could make it stop half-way appears), from the model itself, without writing YAML: records print every
     * component, in the model's canonical order (children sorted by name; columns and views in the order that means
     * something), so equal catalogs print equal text.
     */
    public static String catalog(Catalog catalog, List<Dependent> dependents) {
        MessageDigest digest = sha256();
        digest.update(catalog.toString().getBytes(StandardCharsets.UTF_8));
        for (Dependent d : dependents) {
            digest.update((byte) 0);
            digest.update(d.toString().getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * The form of {@link #catalog} that saved plans carried before it (through the pull files, {@link #of(Catalog)}):
     * still checked, so that a plan an older Strata saved applies while the catalog it was made for is unchanged.
     */
    public static String legacyCatalog(Catalog catalog, List<Dependent> dependents) {
        if (dependents.isEmpty()) {
            return of(catalog);
        }
        MessageDigest digest = sha256();
        digest.update(of(catalog).getBytes(StandardCharsets.UTF_8));
        for (Dependent d : dependents) {
            digest.update((byte) 0);
            digest.update(String.join("\u0001", d.kind(), d.identity(), d.table().schema(), d.table().name(),
                    String.join("\u0001", d.columns())).getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Of a saved plan (its JSON form), identifying a migration started with {@code apply --plan}. */
    public static String of(Plan plan) {
        return "plan:" + HexFormat.of().formatHex(sha256().digest(JsonRenderer.render(plan).getBytes(StandardCharsets.UTF_8)));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
