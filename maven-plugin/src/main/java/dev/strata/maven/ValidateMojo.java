package dev.strata.maven;

import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code strata validate}: checks the schema directory and fails the build with one file:line:column line per problem. */
@Mojo(name = "validate", defaultPhase = LifecyclePhase.VALIDATE)
public final class ValidateMojo extends StrataMojo {

    /** The directory of schema YAML files. */
    @Parameter(property = "strata.desired", defaultValue = "${project.basedir}/schema", required = true)
    File desired;

    @Override
    void run() throws MojoFailureException {
        List<String> args = new ArrayList<>(List.of("validate"));
        serverCheck(args);
        args.add(path(desired));
        strata(args, present(scratchUrl));
    }
}
