package lab.loadtest.http;

/** A demo user of the lab (alice/alice-pw, bob/bob-pw). */
public record Account(String username, String password) {
    @Override
    public String toString() {
        return username; // never the password, in case a record ends up in a log
    }
}
