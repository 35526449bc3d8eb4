package lab.token.refresh;

/** What presenting a refresh token found. */
public sealed interface Consumed {
    /** First use: the token is now spent, and the caller may issue the next pair of the family. */
    record Fresh(RefreshGrant grant) implements Consumed {
    }

    /** First use, but its login had already ended (logout, or a detected theft): spent, and refused. */
    record Ended(RefreshGrant grant) implements Consumed {
    }

    /** Already spent: someone replays it, so the whole family must be presumed stolen. */
    record Reused(RefreshGrant grant) implements Consumed {
    }

    /** Never issued, expired, or its used-marker expired with its family. */
    record Unknown() implements Consumed {
    }
}
