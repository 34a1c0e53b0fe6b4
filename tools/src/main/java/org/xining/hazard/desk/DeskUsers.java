package org.xining.hazard.desk;

import org.mindrot.jbcrypt.BCrypt;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.Properties;

/**
 * The desk's logins: one line per login, {@code login=office code,bcrypt hash}. Passwords are never
 * stored or logged, only their bcrypt hashes (cost 12); the file is readable by its owner only.
 */
public final class DeskUsers {

    /** A logged-in office. */
    public record Office(String login, String code) {
    }

    private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final String UNKNOWN = BCrypt.hashpw("no such login", BCrypt.gensalt(12));
    private final Path file;
    private final Properties entries = new Properties();

    private DeskUsers(Path file) {
        this.file = file;
    }

    public static DeskUsers load(Path file) throws IOException {
        DeskUsers users = new DeskUsers(file);
        if (Files.exists(file)) {
            try (Reader r = Files.newBufferedReader(file)) {
                users.entries.load(r);
            }
        }
        return users;
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** Adds (or replaces) a login for an office and saves the file. */
    public void add(String login, String officeCode, String password) throws IOException {
        if (!login.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new IllegalArgumentException("login '" + login + "': letters, digits, '_', '.' and '-' only");
        }
        if (password.length() < 8) {
            throw new IllegalArgumentException("the password needs at least 8 characters");
        }
        entries.setProperty(login, officeCode + "," + BCrypt.hashpw(password, BCrypt.gensalt(12)));
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        try (Writer w = Files.newBufferedWriter(file)) {
            entries.store(w, "hazard-pipeline desk logins: login=office code,bcrypt hash");
        }
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system
        }
    }

    /** The office of a login whose password matches. */
    public Optional<Office> check(String login, String password) {
        if (login == null || password == null) {
            return Optional.empty();
        }
        String entry = entries.getProperty(login);
        if (entry == null) {
            BCrypt.checkpw(password, UNKNOWN); // as long as for a known login: no telling which logins exist
            return Optional.empty();
        }
        int comma = entry.indexOf(',');
        return BCrypt.checkpw(password, entry.substring(comma + 1))
                ? Optional.of(new Office(login, entry.substring(0, comma))) : Optional.empty();
    }

    public static String generatePassword() {
        SecureRandom random = new SecureRandom();
        StringBuilder s = new StringBuilder(16);
        for (int i = 0; i < 16; i++) {
            s.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return s.toString();
    }
}
