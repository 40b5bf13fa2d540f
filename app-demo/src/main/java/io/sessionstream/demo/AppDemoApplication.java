package io.sessionstream.demo;

import io.micronaut.runtime.Micronaut;

/** Runs one app-demo instance. */
public final class AppDemoApplication {

    private AppDemoApplication() {
    }

    public static void main(String[] args) {
        Micronaut.run(AppDemoApplication.class, args);
    }
}
