package org.xining.hazard.job;

import org.xining.hazard.profile.CityProfile;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code --profile FILE}: which city's profile a command works with (mixed into every command that needs one). */
public class ProfileOption {

    @Option(names = "--profile", description = "city profile JSON (env HAZARD_PROFILE, default: built-in Xining)", defaultValue = "${env:HAZARD_PROFILE}")
    Path file;

    public CityProfile load() {
        return CityProfile.load(file);
    }
}
