package io.sessionstream.projector;

import io.micronaut.runtime.Micronaut;

/** Runs the session-projector. */
public final class ProjectorApplication {

    private ProjectorApplication() {
    }

    public static void main(String[] args) {
        Micronaut.run(ProjectorApplication.class, args);
    }
}
