package dev.strata.render;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheResolver;
import dev.strata.diagnostics.StrataException;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Mustache templates by name ({@code plan.md}, {@code dual-write/java-jdbc/write-both}), each read from
 * {@code NAME.mustache} in the override directory when that file exists there, else from the copy of the
 * repository's {@code templates/} shipped in the jar. Users override single files without copying the rest.
 *
 * <p>Values are inserted verbatim: the outputs are Markdown, SQL and source code, not HTML, and the renderers
 * escape for their target themselves.
 */
public final class Templates {

    private static final String CLASSPATH_ROOT = "dev/strata/templates/";

    private final Optional<Path> overrides;
    private final DefaultMustacheFactory factory;

    private Templates(Optional<Path> overrides) {
        this.overrides = overrides.map(p -> p.toAbsolutePath().normalize());
        this.factory = new DefaultMustacheFactory(new Resolver()) {
            @Override
            public void encode(String value, Writer writer) {
                try {
                    writer.write(value);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

    /** Only the templates shipped with Strata. */
    public static Templates builtIn() {
        return new Templates(Optional.empty());
    }

    /** Files in {@code dir} take precedence over the built-in templates of the same name. */
    public static Templates withOverrides(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new StrataException("templates directory " + dir + " does not exist or is not a directory");
        }
        return new Templates(Optional.of(dir));
    }

    /** Renders template {@code name} (without {@code .mustache}) with the given scope (maps and lists). */
    public String render(String name, Object scope) {
        if (!exists(name)) {
            throw new StrataException("unknown template '" + name + "': no " + name + ".mustache"
                    + overrides.map(d -> " in " + d + " nor").orElse("") + " among the built-in templates");
        }
        Mustache mustache = factory.compile(name);
        StringWriter out = new StringWriter();
        mustache.execute(out, scope);
        return out.toString();
    }

    /** Where template {@code name} comes from: the override file or the built-in copy. */
    public String origin(String name) {
        return overrideFile(name).map(Path::toString).orElse("built-in " + name + ".mustache");
    }

    private Optional<Path> overrideFile(String name) {
        return overrides.map(dir -> dir.resolve(name + ".mustache").normalize())
                .filter(file -> file.startsWith(overrides.orElseThrow()) && Files.isRegularFile(file));
    }

    private boolean exists(String name) {
        return overrideFile(name).isPresent()
                || Templates.class.getClassLoader().getResource(CLASSPATH_ROOT + name + ".mustache") != null;
    }

    private Optional<Reader> open(String name) {
        Optional<Path> file = overrideFile(name);
        if (file.isPresent()) {
            try {
                return Optional.of(Files.newBufferedReader(file.get(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new StrataException("cannot read template " + file.get() + ": " + e.getMessage());
            }
        }
        InputStream in = Templates.class.getClassLoader().getResourceAsStream(CLASSPATH_ROOT + name + ".mustache");
        return Optional.ofNullable(in).map(s -> new InputStreamReader(s, StandardCharsets.UTF_8));
    }

    private final class Resolver implements MustacheResolver {
        @Override
        public Reader getReader(String resourceName) {
            String name = resourceName.endsWith(".mustache")
                    ? resourceName.substring(0, resourceName.length() - ".mustache".length())
                    : resourceName;
            return open(name).orElse(null);
        }
    }
}
