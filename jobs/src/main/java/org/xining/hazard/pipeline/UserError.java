package org.xining.hazard.pipeline;

/** A problem with what the user asked for (a missing folder, a bad option): reported in one line, exit code 2. */
public class UserError extends RuntimeException {

    public UserError(String message) {
        super(message);
    }
}
