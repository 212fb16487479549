package dev.strata.roundtrip;

import dev.strata.model.Catalog;
import dev.strata.testing.generate.Schemas;
import dev.strata.yaml.SchemaFiles;
import dev.strata.yaml.SchemaWriter;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.SortedMap;

import static org.junit.jupiter.api.Assertions.fail;

class YamlRoundTripProperties {

    @Provide
    Arbitrary<Catalog> catalogsWithHints() {
        return Schemas.catalogsWithHints();
    }

    @Property(tries = 200)
    void modelToYamlToModelIsIdentity(@ForAll("catalogsWithHints") Catalog model) {
        SortedMap<String, String> files = SchemaWriter.files(model);
        Catalog parsed = SchemaFiles.parse(files).catalog();
        if (!parsed.equals(model)) {
            fail(ModelDiff.explain("YAML written for the model parses to a different model.\n== written YAML ==\n"
                    + ModelDiff.concatenated(files), model, parsed));
        }
    }
}
